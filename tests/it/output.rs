//! The output folder: byte-for-byte deterministic, and replaced in one swap so a failed build
//! leaves the previous output exactly as it was (SPEC §2, §3).

use crate::support::{SiteTest, snapshot};

#[test]
fn two_builds_give_byte_identical_trees() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let first = snapshot(&site.out());
    site.build().assert_ok();
    let second = snapshot(&site.out());
    assert!(first.len() > 10);
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
}

#[test]
fn bundled_site_builds_identically_twice() {
    let a = SiteTest::empty();
    let b = SiteTest::empty();
    for site in [&a, &b] {
        let out = site.out();
        crate::support::run_in(site.root(), &["build", "--root", crate::support::REPO, "--out", out.to_str().unwrap()])
            .assert_ok();
    }
    assert!(snapshot(&a.out()) == snapshot(&b.out()), "two builds of the bundled site differ");
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let before = snapshot(&site.out());
    site.write("templates/page.html", "{% if page.title %}\n<h1>{{ page.title }</h1>\n");
    site.build().assert_error(1, "templates/page.html");
    assert!(snapshot(&site.out()) == before, "the output changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".puente-build-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders were left behind");
}

#[test]
fn the_output_never_replaces_the_sources() {
    let site = SiteTest::fixture("minimal");
    for out in [".", "content-en", "content-es/news"] {
        let run = site.run(&["build", "--out", site.root().join(out).to_str().unwrap()]);
        run.assert_error(2, "would replace the site's own files");
    }
    assert!(site.root().join("content-en/_index.md").is_file());
}

#[test]
fn a_sub_path_base_url_is_kept_in_every_url() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let page = site.read("en/news/summit/index.html");
    assert!(page.contains("https://example.gov/outreach/en/news/summit/"), "{page}");
    assert!(page.contains("https://example.gov/outreach/es/noticias/cumbre/"), "{page}");
    assert!(page.contains("https://example.gov/outreach/style.css"), "{page}");
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("https://example.gov/en/"), "a URL lost the sub-path:\n{sitemap}");
    let run = site.run(&["build", "--base-url", "http://127.0.0.1:9/preview/"]);
    run.assert_ok();
    assert!(site.read("en/index.html").contains("http://127.0.0.1:9/preview/en/"));
}

/// A site big enough that a build takes a while, so a kill lands in the middle of it.
fn big_site() -> SiteTest {
    let site = SiteTest::fixture("minimal");
    for i in 0..400 {
        let body = "Text with 3 figures: 12, 45 and 78.\n\n".repeat(40);
        site.write(&format!("content-en/news/p{i}.md"), format!("---\ntitle: Page {i}\n---\n{body}"));
        site.write(
            &format!("content-es/news/p{i}.md"),
            format!("---\ntitle: Página {i}\n---\n{}", body.replace("Text with 3 figures", "Texto con 3 cifras")),
        );
    }
    site
}

/// Changes the English home page's title only, so the pair still matches.
fn retitle_home(site: &SiteTest) {
    let path = site.root().join("content-en/_index.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let title = text.lines().find(|l| l.starts_with("title:")).unwrap().to_string();
    std::fs::write(&path, text.replacen(&title, "title: Home changed", 1)).unwrap();
}

fn leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".puente-build-"))
        .collect()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_and_the_next_build_cleans_up() {
    let site = big_site();
    site.build().assert_ok();
    let before = snapshot(&site.out());
    // Edit a page so a finished build changes the output; what that output is, built elsewhere.
    retitle_home(&site);
    let elsewhere = site.root().join("expected");
    site.run(&["build", "--out", elsewhere.to_str().unwrap()]).assert_ok();
    let after = snapshot(&elsewhere);
    std::fs::remove_dir_all(&elsewhere).unwrap();
    for delay_ms in [5, 40, 120, 250, 400, 700] {
        let mut child = std::process::Command::new(crate::support::BIN)
            .args(["--root", site.root().to_str().unwrap(), "build"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // SIGKILL: no chance to clean up.
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&site.out());
        // Killed before the swap: the old site; after it (or finished): the whole new one.
        assert!(
            now == before || now == after,
            "killed after {delay_ms} ms: the output is neither the old nor the new site"
        );
    }
    // The next builds remove what killed builds left (in the background, so allow a few).
    let mut rounds = 0;
    loop {
        site.build().assert_ok();
        rounds += 1;
        let left = leftovers(site.root());
        if left.len() <= 1 {
            break;
        }
        assert!(rounds < 5, "leftovers pile up instead of being removed: {left:?}");
    }
    assert!(site.read("en/index.html").contains("Home changed"));
}

#[test]
fn two_builds_into_one_output_take_turns() {
    let site = big_site();
    let spawn = || {
        std::process::Command::new(crate::support::BIN)
            .args(["--root", site.root().to_str().unwrap(), "build", "--color", "never"])
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    assert!(
        a.status.success() && b.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr)
    );
    let together = snapshot(&site.out());
    site.build().assert_ok();
    assert_eq!(together, snapshot(&site.out()), "the output is one whole build, not a mix");
    assert!(leftovers(site.root()).len() <= 1, "at most the replaced output, still being deleted");
}

#[test]
fn a_write_error_fails_cleanly_and_keeps_the_previous_output() {
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let before = snapshot(&site.out());
    retitle_home(&site);
    // A full disk, simulated: every file larger than 1 KiB fails to write (EFBIG; the signal
    // that would kill the process is ignored, as a shell's `trap` makes it).
    let script = format!(
        "trap '' XFSZ; ulimit -f 1; exec '{}' --root '{}' build --color never",
        crate::support::BIN,
        site.root().display()
    );
    let run = std::process::Command::new("sh").args(["-c", &script]).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write the output"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(snapshot(&site.out()), before, "the previous output is intact");
    assert!(leftovers(site.root()).len() <= 1, "the failed build removed its own temporary folder");
}

#[test]
fn a_read_only_output_folder_fails_cleanly_and_keeps_the_previous_output() {
    use std::os::unix::fs::PermissionsExt;
    let site = SiteTest::fixture("minimal");
    site.build().assert_ok();
    let before = snapshot(&site.out());
    retitle_home(&site);
    // The output lives in a folder the build may not write (a read-only mount, another user's
    // folder): the new site cannot be staged beside it.
    let root = site.root().to_str().unwrap();
    let read_only = |mode| std::fs::set_permissions(site.root(), std::fs::Permissions::from_mode(mode)).unwrap();
    read_only(0o555);
    let run = crate::support::run_unprivileged(site.root(), &["--root", root, "build", "--color", "never"]);
    read_only(0o755);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write the output"), "{}", run.stderr);
    assert!(run.stderr.contains("permission denied"), "says why in words:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked") && !run.stderr.contains("os error"), "{}", run.stderr);
    assert_eq!(snapshot(&site.out()), before, "the previous output is intact");
    assert!(leftovers(site.root()).is_empty(), "nothing was left beside the output");
}

/// Every folder and file under `dir`, links included, as `/`-separated paths.
fn entries(dir: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_rebuild_writes_over_the_previous_output_and_equals_a_fresh_build() {
    let site = SiteTest::fixture("minimal");
    site.write("static/notes.txt", "a file that becomes a folder");
    site.write("static/gone/old.txt", "a file the next site no longer has");
    site.write("static/docs/a.txt", "a folder that becomes a file");
    site.build().assert_ok();
    site.build().assert_ok();
    let previous = site.root().join(".puente-build-previous-public");
    assert!(previous.is_dir(), "the replaced output is kept for the next build");
    // Someone leaves a link in the kept folder where the next build writes: it must not be
    // followed out of the folder.
    let outside = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(previous.join("en/news")).unwrap();
    std::os::unix::fs::symlink(outside.path(), previous.join("en/news")).unwrap();
    // The next site: a file turns into a folder, a folder into a file, files go away, a page moves.
    site.remove("static/notes.txt").write("static/notes.txt/inside.txt", "now a folder");
    site.remove("static/gone/old.txt");
    site.remove("static/docs/a.txt");
    std::fs::remove_dir(site.root().join("static/docs")).unwrap();
    site.write("static/docs", "now a file");
    retitle_home(&site);
    site.build().assert_ok();
    assert!(entries(outside.path()).is_empty(), "a build wrote through a link: {:?}", entries(outside.path()));
    let fresh = tempfile::tempdir().unwrap();
    let fresh_out = fresh.path().join("public");
    site.run(&["build", "--out", fresh_out.to_str().unwrap()]).assert_ok();
    assert_eq!(entries(&site.out()), entries(&fresh_out), "the same folders and files as a fresh build");
    assert!(snapshot(&site.out()) == snapshot(&fresh_out), "the same bytes as a fresh build");
    assert!(site.read("en/index.html").contains("Home changed"));
    // The next build reuses the kept tree: an unchanged page is not written again.
    let summit = "en/news/summit/index.html";
    let kept = std::fs::metadata(previous.join(summit)).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build().assert_ok();
    let now = std::fs::metadata(site.out().join(summit)).unwrap().modified().unwrap();
    assert_eq!(now, kept, "an unchanged file keeps its time");
}
