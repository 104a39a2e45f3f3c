//! `puente serve` with a real server: pages from memory, live reload on edits, errors shown in
//! the browser and cleared when fixed, deletions and renames, and traversal attempts sent as
//! raw requests (a normalising client would hide them).

use crate::support::SiteTest;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A running `puente serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// Where the server's stderr goes.
    log: tempfile::NamedTempFile,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Server {
    pub fn start(site: &SiteTest) -> Server {
        Server::start_with(site, &[])
    }

    /// With more arguments after `serve --port N`. The server runs as a user whom file
    /// permissions bind (see `support::run_unprivileged`), as an editor's account is.
    pub fn start_with(site: &SiteTest, args: &[&str]) -> Server {
        let port = free_port();
        let log = tempfile::NamedTempFile::new().unwrap();
        let child = crate::support::unprivileged_command()
            .args(["--root", site.root().to_str().unwrap(), "serve", "--port", &port.to_string()])
            .args(args)
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap();
        let server = Server { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the server did not start:\n{}", server.stderr());
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// What the server printed so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// Sends `request` as raw bytes and returns (status, body).
    pub fn raw(&self, request: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        self.raw(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
    }

    /// A live-reload client: the event stream, read line by line.
    pub fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        stream
            .write_all(b"GET /__puente/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        // Skip the response head.
        while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
            line.clear();
        }
        reader
    }
}

/// Waits for the next `reload` event; returns its generation (one per rebuild).
fn wait_reload(events: &mut BufReader<TcpStream>) -> u64 {
    let mut line = String::new();
    let mut reloading = false;
    loop {
        line.clear();
        let n = events.read_line(&mut line).expect("no reload event within 30 s");
        assert!(n > 0, "the event stream closed");
        if line.contains("event: reload") {
            reloading = true;
        } else if reloading && let Some(data) = line.trim().strip_prefix("data:") {
            return data.trim().parse().expect("a generation number");
        }
    }
}

/// Polls `path` until its body satisfies `ready` (the reload for the last of several changes may
/// come after a reload for an earlier one).
fn wait_for(server: &Server, path: &str, what: &str, ready: impl Fn(u16, &str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, body) = server.get(path);
        if ready(status, &body) {
            return body;
        }
        assert!(Instant::now() < deadline, "{path}: {what} (last answer {status}):\n{body}\n{}", server.stderr());
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn reviewed_site() -> SiteTest {
    let site = SiteTest::fixture("minimal");
    site.run(&["review", "--all"]).assert_ok();
    site
}

#[test]
fn edits_are_served_and_reload_connected_browsers() {
    let site = reviewed_site();
    let server = Server::start(&site);
    let (status, page) = server.get("/en/news/summit/");
    assert_eq!(status, 200);
    assert!(page.contains("Leaders meet at the summit"));
    assert!(page.contains("/__puente/live.js"), "serve pages carry the live-reload script");
    let mut events = server.events();
    let path = site.root().join("content-en/news/summit.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Leaders meet at the summit", "Leaders meet again")).unwrap();
    wait_reload(&mut events);
    assert!(server.get("/en/news/summit/").1.contains("Leaders meet again"));
    // The build output never gets the script, and serve never writes public/.
    assert!(!site.out().exists(), "serve wrote public/");
}

#[test]
fn errors_show_over_the_last_good_page_and_go_away_when_fixed() {
    let site = reviewed_site();
    let server = Server::start(&site);
    let mut events = server.events();
    let es = site.root().join("content-es/news/summit.md");
    let good = std::fs::read_to_string(&es).unwrap();
    std::fs::write(&es, good.replace("acordaron 18 puntos", "acordaron 19 puntos")).unwrap();
    wait_reload(&mut events);
    let (status, page) = server.get("/es/noticias/cumbre/");
    assert_eq!(status, 200);
    assert!(page.contains("puente-overlay"), "no overlay:\n{page}");
    assert!(page.contains("content-es/news/summit.md:15"), "the overlay names file and line");
    // A template that does not parse: the last good pages stay, with the error over them.
    site.write("templates/page.html", "{% if %}");
    wait_reload(&mut events);
    let page = server.get("/es/noticias/cumbre/").1;
    assert!(page.contains("templates/page.html"), "{page}");
    assert!(page.contains("acordaron 19 puntos"), "the last good version is served");
    site.remove("templates/page.html");
    std::fs::write(&es, good).unwrap();
    wait_reload(&mut events);
    wait_for(&server, "/es/noticias/cumbre/", "the overlay stayed after the fix", |_, page| {
        !page.contains("puente-overlay")
    });
}

#[test]
fn deletions_and_renames_keep_the_site_consistent() {
    let site = reviewed_site();
    site.write("content-en/news/extra.md", "---\ntitle: Extra\ndate: 2026-11-01\n---\n\nMore news.\n");
    site.write("content-es/news/extra.md", "---\ntitle: Más\ndate: 2026-11-01\n---\n\nMás noticias.\n");
    let server = Server::start(&site);
    assert_eq!(server.get("/en/news/extra/").0, 200);
    let mut events = server.events();
    site.remove("content-en/news/extra.md").remove("content-es/news/extra.md");
    wait_reload(&mut events);
    assert_eq!(server.get("/en/news/extra/").0, 404, "a deleted page must be gone (Zola #3155)");
    // Rename both files of a pair, as an editor or `git mv` would.
    for lang in ["en", "es"] {
        let from = site.root().join(format!("content-{lang}/news/summit.md"));
        std::fs::rename(&from, site.root().join(format!("content-{lang}/news/meeting.md"))).unwrap();
    }
    wait_reload(&mut events);
    wait_for(&server, "/en/news/meeting/", "the renamed page did not appear", |status, _| status == 200);
    assert_eq!(server.get("/en/news/summit/").0, 404);
    assert!(server.get("/en/news/").1.contains("/en/news/meeting/"), "the section lists the new address");
}

#[test]
fn traversal_and_other_methods_get_nothing() {
    let site = reviewed_site();
    site.write("static/inside.txt", "fine");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", site.root().join("static/leak.txt")).unwrap();
    let server = Server::start(&site);
    assert_eq!(server.get("/inside.txt"), (200, "fine".to_string()));
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/en/..%2f..%2f..%2fetc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/%c0%ae%c0%ae/etc/passwd",
        "/.%2e/.%2e/.%2e/etc/passwd",
        "/%2e./%2e./%2e./etc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/..;/..;/etc/passwd",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
        "/en/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
        "/%e0%80%ae%e0%80%ae/etc/passwd",
        "/static/../../etc/passwd%00.html",
        "/leak.txt",
        "/site.yaml",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path} answered {status}");
        assert!(!body.contains("root:"), "{path} leaked a file");
    }
    let (status, _) =
        server.raw("GET http://evil.example/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 404);
    let (status, _) =
        server.raw("POST /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405);
    let (status, body) = server.raw("HEAD /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert_eq!((status, body.as_str()), (200, ""));
}

#[test]
fn the_review_view_shows_both_languages_aligned_with_findings() {
    let site = reviewed_site();
    let es = site.root().join("content-es/news/summit.md");
    let text = std::fs::read_to_string(&es).unwrap();
    std::fs::write(&es, text.replace("acordaron 18 puntos", "acordaron 19 puntos")).unwrap();
    let server = Server::start(&site);
    let (status, index) = server.get("/_review/");
    assert_eq!(status, 200);
    assert!(index.contains("/_review/news/summit.md"), "{index}");
    let (status, view) = server.get("/_review/news/summit.md");
    assert_eq!(status, 200);
    assert!(view.contains("Both sides agreed on 18 points") && view.contains("acordaron 19 puntos"));
    assert!(view.contains("number-mismatch"), "the finding is marked");
    assert!(view.contains("puente review content-es/news/summit.md"), "the command to copy");
    let rows = view.matches("<tr>").count();
    assert_eq!(rows, 1 + 3, "one row per aligned block (plus the header)");
}

#[test]
fn a_one_page_edit_updates_every_page_that_shows_it() {
    let site = reviewed_site();
    let server = Server::start(&site);
    assert!(server.get("/en/news/").1.contains("Leaders meet at the summit"));
    let mut events = server.events();
    let path = site.root().join("content-en/news/summit.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("title: \"Leaders meet at the summit\"", "title: \"Leaders agree at the summit\""),
    )
    .unwrap();
    wait_reload(&mut events);
    assert!(server.get("/en/news/").1.contains("Leaders agree at the summit"), "the section listing is stale");
    assert!(server.get("/en/topics/border/").1.contains("Leaders agree at the summit"), "the term page is stale");
    assert!(server.get("/en/atom.xml").1.contains("Leaders agree at the summit"), "the feed is stale");
    // The pair was re-checked: the Spanish title is still the old translation, so nothing
    // fires, but the edit after review is stale.
    assert!(server.get("/es/noticias/cumbre/").1.contains("stale-translation"));
}

#[test]
fn a_fluent_change_rerenders_without_rebuilding_content() {
    let site = reviewed_site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.write("i18n/es.ftl", "skip-link = Saltar al contenido\n");
    wait_reload(&mut events);
    assert!(server.get("/es/").1.contains("Saltar al contenido"));
}

#[test]
fn an_editors_atomic_save_is_picked_up() {
    let site = reviewed_site();
    let server = Server::start(&site);
    let mut events = server.events();
    // Write a temporary file beside the page, then rename it over the page (vim, VS Code).
    let path = site.root().join("content-en/news/summit.md");
    let text = std::fs::read_to_string(&path).unwrap().replace("took place", "was held");
    let temp = site.root().join("content-en/news/.summit.md.swp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
    wait_reload(&mut events);
    assert!(server.get("/en/news/summit/").1.contains("was held"));
}

#[test]
fn a_slow_client_cannot_hold_the_server() {
    let site = reviewed_site();
    let server = Server::start(&site);
    // Clients that start a request and never finish its headers, and one that sends nothing.
    let mut slow: Vec<TcpStream> = (0..20)
        .map(|n| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            if n > 0 {
                stream.write_all(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
            }
            stream
        })
        .collect();
    let (status, page) = server.get("/en/news/summit/");
    assert_eq!(status, 200, "a browser is answered while slow clients wait");
    assert!(page.contains("Leaders meet at the summit"));
    // The server closes each of them (HEADER_TIMEOUT is 5 s; a read error is a timeout here).
    for stream in &mut slow {
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut rest = Vec::new();
        let read = stream.read_to_end(&mut rest);
        assert!(read.is_ok(), "a slow connection was still open after 30 s: {read:?}");
    }
    assert_eq!(server.get("/en/").0, 200);
}

#[test]
fn the_preview_is_private_unless_asked_and_then_warns() {
    let site = reviewed_site();
    let private = Server::start(&site);
    let said = private.stderr();
    assert!(said.contains("http://127.0.0.1:"), "serves on loopback by default:\n{said}");
    assert!(!said.contains("warning"), "{said}");
    drop(private);
    let public = Server::start_with(&site, &["--bind", "0.0.0.0"]);
    assert_eq!(public.get("/en/").0, 200);
    let said = public.stderr();
    assert!(said.contains("warning: serving on 0.0.0.0"), "{said}");
    assert!(said.contains("--bind 127.0.0.1"), "the warning says how to keep it private:\n{said}");
}

#[test]
fn a_save_storm_ends_on_the_last_save() {
    let site = reviewed_site();
    let server = Server::start(&site);
    let path = site.root().join("content-en/news/summit.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // Hundreds of writes a second, as an editor's autosave or a formatter on every keystroke,
    // while a browser keeps asking for pages.
    let storm_over = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !storm_over.load(std::sync::atomic::Ordering::Relaxed) {
                assert_eq!(server.get("/en/").0, 200, "the server answers during the storm");
            }
        });
        for n in 0..=400 {
            std::fs::write(&path, text.replace("Leaders meet at the summit", &format!("Leaders meet, take {n}")))
                .unwrap();
        }
        storm_over.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    wait_for(&server, "/en/news/summit/", "the last save is not shown", |status, page| {
        status == 200 && page.contains("Leaders meet, take 400")
    });
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
}

#[test]
fn editors_swap_and_backup_files_change_nothing() {
    let site = reviewed_site();
    let server = Server::start(&site);
    let mut events = server.events();
    let news = site.root().join("content-en/news");
    // vim's swap and write test, emacs' autosave and lock, backups: none is a page, and none
    // may rebuild the site (a swap file is not valid Markdown anyway).
    for name in [".summit.md.swp", "4913", "#summit.md#", ".#summit.md", "summit.md~", "summit.md.tmp"] {
        std::fs::write(news.join(name), "\0\u{1}binary swap ---\n---").unwrap();
    }
    std::thread::sleep(Duration::from_millis(500));
    let path = news.join("summit.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Leaders meet at the summit", "Leaders meet by the river")).unwrap();
    assert_eq!(wait_reload(&mut events), 2, "the first rebuild after start is the real edit's");
    let page = server.get("/en/news/summit/").1;
    assert!(page.contains("Leaders meet by the river"), "{page}");
    // The only finding is the edit's own (the Spanish is now stale), none about the swap files.
    for name in ["swp", "4913", "#summit", "summit.md~", "summit.md.tmp", "binary"] {
        assert!(!page.contains(name), "the page mentions `{name}`:\n{page}");
    }
}

#[test]
fn permission_changes_show_an_error_and_recover() {
    use std::os::unix::fs::PermissionsExt;
    let site = reviewed_site();
    let server = Server::start(&site);
    let es = site.root().join("content-es/news/summit.md");
    std::fs::set_permissions(&es, std::fs::Permissions::from_mode(0o000)).unwrap();
    let page = wait_for(&server, "/es/noticias/cumbre/", "no error for the unreadable file", |status, page| {
        status == 200 && page.contains("puente-overlay")
    });
    assert!(page.contains("content-es/news/summit.md") && page.contains("permission denied"), "{page}");
    assert!(page.contains("Los líderes"), "the last good page stays under the error:\n{page}");
    std::fs::set_permissions(&es, std::fs::Permissions::from_mode(0o644)).unwrap();
    wait_for(&server, "/es/noticias/cumbre/", "the error stayed after the fix", |status, page| {
        status == 200 && !page.contains("puente-overlay")
    });
}

#[test]
fn files_deleted_while_being_read_leave_a_consistent_site() {
    let site = reviewed_site();
    let server = Server::start(&site);
    // Pages that appear and vanish faster than a rebuild can read them.
    for n in 0..100 {
        for (lang, title) in [("en", "Flash"), ("es", "Relámpago")] {
            let rel = format!("content-{lang}/news/flash{}.md", n % 7);
            site.write(&rel, format!("---\ntitle: {title}\ndate: 2026-11-01\n---\n\nBrief {n}.\n"));
            let _ = std::fs::remove_file(site.root().join(&rel));
        }
        if n % 25 == 0 {
            assert_eq!(server.get("/en/news/").0, 200, "the server answers while files vanish");
        }
    }
    wait_for(&server, "/en/news/", "a deleted page is still listed", |status, page| {
        status == 200 && !page.contains("/en/news/flash")
    });
    for n in 0..7 {
        assert_eq!(server.get(&format!("/en/news/flash{n}/")).0, 404);
    }
    let page = server.get("/en/news/summit/").1;
    assert!(page.contains("Leaders meet at the summit") && !page.contains("puente-overlay"), "{page}");
}
