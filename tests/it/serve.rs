//! `puente serve` with a real server: pages from memory, live reload on edits, errors shown in
//! the browser and cleared when fixed, deletions and renames, and traversal attempts sent as
//! raw requests (a normalising client would hide them).

use crate::support::{BIN, SiteTest};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `puente serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
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
        let port = free_port();
        let child = Command::new(BIN)
            .args(["--root", site.root().to_str().unwrap(), "serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
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

/// Waits for the next `reload` event.
fn wait_reload(events: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    loop {
        line.clear();
        let n = events.read_line(&mut line).expect("no reload event within 30 s");
        assert!(n > 0, "the event stream closed");
        if line.contains("event: reload") {
            return;
        }
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
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let page = server.get("/es/noticias/cumbre/").1;
        if !page.contains("puente-overlay") {
            break;
        }
        assert!(Instant::now() < deadline, "the overlay stayed after the fix");
        std::thread::sleep(Duration::from_millis(100));
    }
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
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.get("/en/news/meeting/").0 != 200 {
        assert!(Instant::now() < deadline, "the renamed page did not appear");
        std::thread::sleep(Duration::from_millis(100));
    }
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
