//! Real-browser checks of the default theme: build the bundled site with the `puente` binary
//! and run tests/browser/axe.mjs (axe-core in headless Chromium, desktop + phone), so WCAG 2.2
//! AA violations, broken assets, external requests and script errors fail `cargo test`.
//! Skipped with a note if Chromium/Node are missing, unless PUENTE_REQUIRE_BROWSER=1 (as in CI).

use std::env;
use std::fs::File;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Pages checked in the bundled site (both languages, every kind of page).
const PATHS: &str = "/en/,/es/,/en/news/,/es/noticias/,/en/about/,/es/acerca-del-marco/,/en/points/,/es/puntos/";

/// The whole axe run (16 page views) takes well under a minute; this only guards
/// against a hung browser.
const AXE_TIMEOUT: Duration = Duration::from_secs(600);

const INSTALL_HINT: &str = "install with `apt-get install -y chromium nodejs npm` and \
     `npm ci --prefix tests/browser` (or run `bash .ci/run`)";

fn browser_dir() -> PathBuf {
    Path::new(MANIFEST_DIR).join("tests").join("browser")
}

/// Looks `name` up on PATH, like `which`.
fn which(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// Ok when everything the browser test needs is installed; otherwise says what is missing.
pub fn browser_available() -> Result<(), String> {
    let mut missing = Vec::new();
    if !Path::new("/usr/bin/chromium").is_file() && which("chromium").is_none() {
        missing.push("Chromium (/usr/bin/chromium or `chromium` on PATH)".to_string());
    }
    if which("node").is_none() {
        missing.push("Node.js (`node` on PATH)".to_string());
    }
    let modules = browser_dir().join("node_modules");
    for package in ["axe-core", "playwright-core"] {
        let dir = modules.join(package);
        if !dir.is_dir() {
            missing.push(format!("npm package {package} ({})", dir.display()));
        }
    }
    if missing.is_empty() { Ok(()) } else { Err(format!("missing {}", missing.join(", "))) }
}

/// True when the browser test can run. When it cannot: panics if
/// PUENTE_REQUIRE_BROWSER=1 (as CI sets), otherwise prints a SKIPPED note and returns false.
pub fn require_browser() -> bool {
    match browser_available() {
        Ok(()) => true,
        Err(reason) => {
            if env::var("PUENTE_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!(
                    "PUENTE_REQUIRE_BROWSER=1 but the browser test cannot run: {reason}; \
                     {INSTALL_HINT}"
                );
            }
            // Written to the real stderr (not eprintln!, which libtest captures) so the
            // skip shows up in a plain `cargo test` run.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED browser test: {reason} (set PUENTE_REQUIRE_BROWSER=1 to make this an error)"
            );
            false
        }
    }
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local_addr").port()
}

#[test]
fn default_theme_has_no_axe_violations() {
    if !require_browser() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let port = free_port();
    let base_url = format!("http://127.0.0.1:{port}/");

    // 1. Build the bundled site with the real binary, for this port.
    let build = Command::new(env!("CARGO_BIN_EXE_puente"))
        .args(["build", "--root", MANIFEST_DIR, "--out"])
        .arg(&out)
        .args(["--base-url", &base_url])
        .output()
        .expect("run puente build");
    assert!(
        build.status.success(),
        "puente build failed ({})\n--- stdout ---\n{}\n--- stderr ---\n{}",
        build.status,
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr),
    );

    // 2. Run axe over the pages. Output goes to files so a large report can't
    //    fill a pipe, and a hung browser is killed after AXE_TIMEOUT.
    let stdout_path = tmp.path().join("axe-stdout.json");
    let stderr_path = tmp.path().join("axe-stderr.txt");
    let mut cmd = Command::new("node");
    cmd.arg(browser_dir().join("axe.mjs"))
        .arg("--dir")
        .arg(&out)
        .args(["--port", &port.to_string(), "--paths", PATHS])
        .current_dir(MANIFEST_DIR)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).expect("create axe stdout file"))
        .stderr(File::create(&stderr_path).expect("create axe stderr file"));
    // Optional: keep full-page screenshots for a human to look at.
    if let Some(dir) = env::var_os("PUENTE_SCREENSHOTS") {
        cmd.arg("--screenshots").arg(dir);
    }
    let mut child = cmd.spawn().expect("spawn node tests/browser/axe.mjs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for axe.mjs") {
            break Some(status);
        }
        if started.elapsed() > AXE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(200));
    };
    let report = std::fs::read_to_string(&stdout_path).unwrap_or_default();
    let summary = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let outcome = match status {
        None => format!("timed out after {}s", AXE_TIMEOUT.as_secs()),
        Some(s) if s.code() == Some(3) => {
            format!("{s}: browser or node_modules missing; {INSTALL_HINT}")
        }
        Some(s) => s.to_string(),
    };
    assert!(
        status.is_some_and(|s| s.success()),
        "axe check of the default theme failed ({outcome})\n\
         --- summary (stderr) ---\n{summary}\n--- report (stdout JSON) ---\n{report}",
    );
}

/// Issue 4: open a page in Chromium, edit its file, and the page shows the new text without a
/// manual reload (the page's live-reload script does it).
#[test]
fn an_edit_appears_in_the_browser_without_a_manual_reload() {
    if !require_browser() {
        return;
    }
    let site = crate::support::SiteTest::fixture("minimal");
    site.run(&["review", "--all"]).assert_ok();
    let server = crate::serve::Server::start(&site);
    let file = site.root().join("content-en/news/summit.md");
    let output = Command::new("node")
        .arg(browser_dir().join("reload.mjs"))
        .args(["--url", &format!("http://127.0.0.1:{}/en/news/summit/", server.port)])
        .args(["--file", file.to_str().unwrap()])
        .args(["--from", "Leaders meet at the summit", "--to", "Leaders meet once more"])
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "the page did not update by itself:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
