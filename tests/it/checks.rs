//! The check fixtures in tests/checks/<code>/<case>/: each case is a page pair (en.md, es.md;
//! en.ftl/es.ftl; optional site.yaml lines, templates/, en.after.md, no-review) and the human
//! report `puente check` must print (`expected`). `PUENTE_BLESS=1 cargo test` rewrites the
//! expected files for review. Every code must have a case that fires and one that stays quiet,
//! and every finding is checked for things that must hold for all of them (ruff's test.rs).

use crate::support::{REPO, Run, SiteTest};
use std::path::{Path, PathBuf};

const BASE_CONFIG: &str = "base_url: https://example.gov/\nlanguages:\n  en: {title: Test, description: A test site.}\n  es: {title: Prueba, description: Un sitio de prueba.}\ntaxonomies:\n  - name: topics\n";
const HOME_EN: &str = "---\ntitle: Home\n---\n\nWelcome to the test site.\n";
const HOME_ES: &str = "---\ntitle: Inicio\n---\n\nBienvenidos al sitio de prueba.\n";
/// A fixed review date, so expected reports do not change with the calendar.
const EPOCH: &str = "1794960000"; // 2026-11-18

fn cases() -> Vec<(String, PathBuf)> {
    let root = Path::new(REPO).join("tests/checks");
    let mut cases = Vec::new();
    for code in std::fs::read_dir(&root).unwrap().flatten() {
        for case in std::fs::read_dir(code.path()).unwrap().flatten() {
            if case.path().is_dir() {
                cases.push((code.file_name().to_string_lossy().into_owned(), case.path()));
            }
        }
    }
    cases.sort();
    cases
}

fn run_with_epoch(site: &SiteTest, args: &[&str]) -> Run {
    let mut all = vec!["--root", site.root().to_str().unwrap()];
    all.extend_from_slice(args);
    let output = std::process::Command::new(crate::support::BIN)
        .args(&all)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Lays out a case as a site and returns it, reviewed unless the case says `no-review`.
fn site_for(case: &Path) -> SiteTest {
    let site = SiteTest::empty();
    let extra = std::fs::read_to_string(case.join("site.yaml")).unwrap_or_default();
    site.write("site.yaml", format!("{BASE_CONFIG}{extra}"));
    site.write("content-en/_index.md", HOME_EN).write("content-es/_index.md", HOME_ES);
    for (file, target) in [
        ("en.md", "content-en/page.md"),
        ("es.md", "content-es/page.md"),
        ("en.ftl", "i18n/en.ftl"),
        ("es.ftl", "i18n/es.ftl"),
    ] {
        if let Ok(text) = std::fs::read(case.join(file)) {
            site.write(target, text);
        }
    }
    if case.join("templates").is_dir() {
        crate::support::copy_dir(&case.join("templates"), &site.root().join("templates"));
    }
    if !case.join("no-review").exists() {
        run_with_epoch(&site, &["review", "--all", "--quiet"]).assert_ok();
    }
    if let Ok(text) = std::fs::read(case.join("en.after.md")) {
        site.write("content-en/page.md", text);
    }
    site
}

#[test]
fn every_check_fixture_gives_its_expected_report() {
    let bless = std::env::var_os("PUENTE_BLESS").is_some();
    let mut failures = Vec::new();
    for (code, case) in cases() {
        let site = site_for(&case);
        let run = run_with_epoch(&site, &["check", "--color", "never"]);
        assert!(!run.stderr.contains("panicked"), "{}: panic\n{}", case.display(), run.stderr);
        let report = run.stdout.clone();
        let expected_path = case.join("expected");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if bless {
            std::fs::write(&expected_path, &report).unwrap();
        } else if report != expected {
            failures.push(format!("--- {}\nexpected:\n{expected}\ngot:\n{report}", case.display()));
        }
        let fires = report.contains(&format!("[{code}]"));
        assert_eq!(
            run.code,
            if report.contains("error[") { 1 } else { 0 },
            "{}: exit code vs report\n{report}",
            case.display()
        );
        check_every_finding(&site, &case);
        let _ = fires;
    }
    assert!(
        failures.is_empty(),
        "{} fixture reports differ (PUENTE_BLESS=1 rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Things that hold for every finding: a known code, lines inside the file, no Debug-looking
/// text, and the same output twice.
fn check_every_finding(site: &SiteTest, case: &Path) {
    let first = run_with_epoch(site, &["check", "--format", "json"]);
    let second = run_with_epoch(site, &["check", "--format", "json"]);
    assert_eq!(first.stdout, second.stdout, "{}: two runs differ", case.display());
    let report: serde_json::Value = serde_json::from_str(&first.stdout)
        .unwrap_or_else(|e| panic!("{}: bad JSON {e}\n{}", case.display(), first.stdout));
    for finding in report["findings"].as_array().unwrap() {
        let code = finding["code"].as_str().unwrap();
        assert!(puente::diagnostics::Code::from_name(code).is_some(), "unknown code {code}");
        let message = finding["message"].as_str().unwrap();
        for debug in ["Some(", "None", "\\\"", "{:", "ContentRef", "Kind::"] {
            assert!(!message.contains(debug), "{}: Debug-looking text in {message:?}", case.display());
        }
        for side in ["en", "es"] {
            if finding[side].is_null() {
                continue;
            }
            let path = finding[side]["path"].as_str().unwrap();
            let line = finding[side]["line"].as_u64().unwrap() as usize;
            let text = std::fs::read_to_string(site.root().join(path)).unwrap_or_default();
            let lines = text.lines().count().max(1);
            assert!(
                line >= 1 && line <= lines,
                "{}: {path}:{line} is outside the file ({lines} lines)",
                case.display()
            );
        }
    }
}

#[test]
fn every_code_has_a_firing_case_and_a_quiet_case() {
    let cases = cases();
    let mut missing = Vec::new();
    for code in puente::diagnostics::Code::ALL {
        let name = code.as_str();
        let mine: Vec<&PathBuf> = cases.iter().filter(|(c, _)| c == name).map(|(_, p)| p).collect();
        let reports: Vec<String> =
            mine.iter().map(|p| std::fs::read_to_string(p.join("expected")).unwrap_or_default()).collect();
        if !reports.iter().any(|r| r.contains(&format!("[{name}]"))) {
            missing.push(format!("{name}: no case that fires"));
        }
        if !reports.iter().any(|r| !r.contains(&format!("[{name}]"))) {
            missing.push(format!("{name}: no quiet case"));
        }
    }
    for (code, path) in &cases {
        if puente::diagnostics::Code::from_name(code).is_none() {
            missing.push(format!("{} names no known code", path.display()));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
