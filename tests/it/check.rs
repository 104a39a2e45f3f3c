//! `puente check`, `status` and `review` end to end, and `build` refusing to publish on
//! error-level findings.

use crate::support::{REPO, SiteTest, copy_dir, run_in, snapshot};
use std::path::Path;
use std::process::Command;

fn json(site: &SiteTest) -> serde_json::Value {
    let run = site.run(&["check", "--format", "json"]);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}\n{}", run.stdout, run.stderr))
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
}

/// A copy of the bundled site (content, config, theme, lock) in a temp dir.
fn bundled_copy() -> SiteTest {
    let site = SiteTest::empty();
    for dir in ["content-en", "content-es", "themes", "i18n"] {
        copy_dir(&Path::new(REPO).join(dir), &site.root().join(dir));
    }
    for file in ["site.yaml", "translations.lock"] {
        std::fs::copy(Path::new(REPO).join(file), site.root().join(file)).unwrap();
    }
    site
}

#[test]
fn the_bundled_site_passes_every_check() {
    let run = run_in(Path::new(REPO), &["check", "--root", REPO, "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("Ready to publish: 0 errors, 0 warnings"), "{}", run.stdout);
    let sources = ["content-en", "content-es"].map(|d| snapshot(&Path::new(REPO).join(d)));
    for files in sources {
        for (path, bytes) in files {
            assert!(!String::from_utf8_lossy(&bytes).contains("puente-ignore"), "{path} uses puente-ignore");
        }
    }
}

#[test]
fn deleting_one_block_from_a_long_spanish_page_is_one_finding() {
    let site = bundled_copy();
    let path = site.root().join("content-es/news/cyber-security.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // Remove the bullet list (one block) of a long page.
    let without: Vec<&str> = text.lines().filter(|l| !l.starts_with("- ")).collect();
    assert!(without.len() < text.lines().count(), "the page should have a bullet list");
    std::fs::write(&path, without.join("\n") + "\n").unwrap();
    let report = json(&site);
    let errors: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| format!("{} {}", f["code"], f["message"]))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("structure-mismatch"), "{errors:?}");
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
}

#[test]
fn an_english_edit_after_review_is_one_stale_finding_that_review_clears() {
    let site = SiteTest::fixture("minimal");
    site.run(&["review", "--all"]).assert_ok();
    git(site.root(), &["init", "-q"]);
    git(site.root(), &["add", "-A"]);
    git(site.root(), &["commit", "-qm", "reviewed"]);
    let lock_before = std::fs::read_to_string(site.root().join("translations.lock")).unwrap();
    assert!(json(&site)["findings"].as_array().unwrap().is_empty(), "{}", json(&site));

    let en = site.root().join("content-en/news/summit.md");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(
        &en,
        text.replace("Both sides agreed on 18 points.", "Both sides agreed on 18 points and a review in 2027."),
    )
    .unwrap();
    git(site.root(), &["commit", "-qam", "edit"]);

    let report = json(&site);
    let stale: Vec<&serde_json::Value> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "stale-translation").collect();
    assert_eq!(stale.len(), 1, "{report:#}");
    let finding = stale[0];
    let line = text.lines().position(|l| l.starts_with("Both sides agreed")).unwrap() + 1;
    assert_eq!(finding["en"]["line"], line);
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("It said “Both sides agreed on 18 points."), "{message}");
    assert!(message.contains("a review in 2027"), "{message}");

    site.run(&["review", "content-es/news/summit.md"]).assert_ok();
    assert!(!codes(&json(&site)).contains(&"stale-translation".to_string()));
    let lock_after = std::fs::read_to_string(site.root().join("translations.lock")).unwrap();
    let changed: Vec<(&str, &str)> = lock_before.lines().zip(lock_after.lines()).filter(|(a, b)| a != b).collect();
    assert!(!changed.is_empty() && changed.len() <= 3, "only the summit entry should change: {changed:#?}");
    assert_eq!(lock_before.lines().count(), lock_after.lines().count());
}

#[test]
fn never_reviewed_pairs_are_unreviewed_and_status_shows_states() {
    let site = SiteTest::fixture("minimal");
    site.write("content-en/news/only.md", "---\ntitle: Only English\n---\n\nText.\n");
    let report = json(&site);
    assert!(codes(&report).contains(&"unreviewed-translation".to_string()));
    let run = site.run(&["status", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let states: Vec<&str> = status["pairs"].as_array().unwrap().iter().map(|p| p["state"].as_str().unwrap()).collect();
    assert!(states.contains(&"missing") && states.contains(&"unreviewed"), "{states:?}");
    assert_eq!(status["summary"]["pairs"], 4);
    assert_eq!(status["summary"]["coverage_percent"], 75.0);
    let human = site.run(&["status"]);
    assert!(human.stdout.contains("3 of 4 pages exist in both languages (75%)"), "{}", human.stdout);
}

fn broken_site() -> SiteTest {
    let site = SiteTest::fixture("minimal");
    site.run(&["review", "--all"]).assert_ok();
    let es = site.root().join("content-es/news/summit.md");
    let text = std::fs::read_to_string(&es).unwrap().replace("acordaron 18 puntos", "acordaron 19 puntos");
    std::fs::write(es, text).unwrap();
    site
}

#[test]
fn the_json_report_validates_against_the_documented_schema() {
    let site = broken_site();
    let report = json(&site);
    assert!(codes(&report).contains(&"number-mismatch".to_string()), "{report:#}");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(REPO).join("docs/report.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn github_output_is_one_well_formed_command_per_finding() {
    let site = broken_site();
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let rest = line
            .strip_prefix("::error ")
            .or_else(|| line.strip_prefix("::warning "))
            .unwrap_or_else(|| panic!("{line}"));
        let (props, message) = rest.split_once("::").unwrap();
        assert!(!message.is_empty() && !message.contains('\n'));
        let keys: Vec<&str> = props.split(',').map(|p| p.split('=').next().unwrap()).collect();
        assert_eq!(keys, ["file", "line", "title"], "{line}");
        assert!(props.contains("file=content-es/news/summit.md"), "{line}");
    }
}

#[test]
fn build_refuses_to_publish_on_errors_and_keeps_the_previous_output() {
    let site = SiteTest::fixture("minimal");
    site.run(&["review", "--all"]).assert_ok();
    site.build().assert_ok();
    let before = snapshot(&site.out());
    let es = site.root().join("content-es/news/summit.md");
    let text = std::fs::read_to_string(&es).unwrap().replace("acordaron 18 puntos", "acordaron 19 puntos");
    std::fs::write(es, text).unwrap();
    let run = site.build();
    run.assert_error(1, "number-mismatch").assert_error(1, "content-es/news/summit.md");
    assert!(run.stderr.contains("The English says 18 where the Spanish says 19."), "{}", run.stderr);
    assert!(snapshot(&site.out()) == before, "the output changed");
}

#[test]
fn human_report_shows_both_lines_and_marks_the_difference() {
    let site = broken_site();
    let run = site.run(&["check", "--color", "never"]);
    let out = &run.stdout;
    assert!(out.contains("error[number-mismatch] content-en/news/summit.md:"), "{out}");
    assert!(out.contains("  es   15 | Ambas partes acordaron 19 puntos."), "{out}");
    assert!(out.contains("^^"), "{out}");
    assert!(out.contains("To fix:"), "{out}");
    assert!(out.contains("Not ready to publish: 1 error"), "{out}");
    let colored = site.run(&["check", "--color", "always"]);
    assert!(colored.stdout.contains("\x1b["));
}

#[test]
fn the_readme_lists_every_check_code_with_its_default_severity() {
    let readme = std::fs::read_to_string(Path::new(REPO).join("README.md")).unwrap();
    for code in puente::diagnostics::Code::ALL {
        let row = format!("| `{}` | {} |", code.as_str(), code.default_severity().as_str());
        assert!(readme.contains(&row), "README has no row {row}");
    }
}
