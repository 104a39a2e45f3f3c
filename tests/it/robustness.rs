//! Property tests over whole pairs: whatever Markdown, YAML front matter and Fluent text the
//! two languages hold, `pipeline::check` returns findings or a clear failure, never a panic,
//! and every finding points inside its file.

use proptest::prelude::*;
use puente::pipeline;

fn markdown() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("# Title\n".to_string()),
            Just("## ¿Qué? {#q}\n".to_string()),
            Just("- item 1,250\n- item 2\n".to_string()),
            Just("1. uno\n2. dos\n".to_string()),
            Just("| a | b |\n|:-|-:|\n| 1 | 2 |\n".to_string()),
            Just("```rust\nlet x = 5;\n```\n".to_string()),
            Just("> quote 27 de noviembre de 2026\n".to_string()),
            Just("<!-- puente-ignore number-mismatch: x -->\n".to_string()),
            Just("<details>\n<p>x</p>\n".to_string()),
            Just("[link](@/page.md#q) [x](/en/) ![img](a.es.png) [^1]\n\n[^1]: note\n".to_string()),
            Just("{{ video(id=\"abc\") }} {% note() %}x{% end %}\n".to_string()),
            "[ -~áéíóúñ¿¡«»“”\n]{0,60}".prop_map(|s| s),
        ],
        0..8,
    )
    .prop_map(|blocks| blocks.join("\n"))
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\ntitle: T\ndate: 2026-11-27\n---\n".to_string()),
        Just("---\ntitle: [a]\n---\n".to_string()),
        Just("---\ntitle: T\nweight: x\n---\n".to_string()),
        Just("---\ntitle: T\n".to_string()),
        Just(String::new()),
        "---\n[a-z: \\[\\]{},\\-\n]{0,40}\n---\n".prop_map(|s| s),
    ]
}

fn ftl() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a = Hello { $n }\n".to_string()),
        Just("a = { $n ->\n    [one] uno\n   *[other] { $n }\n}\n".to_string()),
        Just("-t = x\n    .g = y\n".to_string()),
        "[a-z={}$ \n.\\-\\[\\]*]{0,60}".prop_map(|s| s),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, .. ProptestConfig::default() })]
    #[test]
    fn the_checker_never_panics_on_arbitrary_pairs(
        en_front in front_matter(), en_body in markdown(),
        es_front in front_matter(), es_body in markdown(),
        en_ftl in ftl(), es_ftl in ftl(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("site.yaml", "base_url: https://example.gov/\n");
        write("content-en/page.md", &format!("{en_front}{en_body}"));
        write("content-es/page.md", &format!("{es_front}{es_body}"));
        write("i18n/en.ftl", &en_ftl);
        write("i18n/es.ftl", &es_ftl);
        let result = std::panic::catch_unwind(|| pipeline::check(root, false));
        prop_assert!(result.is_ok(), "the checker panicked");
        if let Ok(Ok(report)) = result {
            for finding in &report.findings {
                for at in [&finding.en, &finding.es].into_iter().flatten() {
                    let text = std::fs::read_to_string(root.join(&at.path)).unwrap_or_default();
                    let lines = text.lines().count().max(1);
                    prop_assert!(at.line.unwrap_or(1) <= lines, "{}:{:?} outside the file", at.path, at.line);
                }
            }
        }
    }
}

// The fuzz targets' own checks (fuzz/invariants.rs, plain Rust over Puente's API), so every
// input a fuzz run found is replayed here exactly as the target ran it.
#[path = "../../fuzz/invariants.rs"]
mod fuzz_invariants;

/// Every input kept in `tests/fuzz-regressions/<target>/` (a crash a fuzz run found, see
/// TESTING.md) still passes its target's checks.
#[test]
fn fuzz_regressions_stay_fixed() {
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 5] = [
        ("front_matter", fuzz_invariants::front_matter),
        ("markdown_skeleton", fuzz_invariants::markdown_skeleton),
        ("numbers", fuzz_invariants::numbers),
        ("fluent", fuzz_invariants::fluent),
        ("shortcodes", fuzz_invariants::shortcodes),
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut failures = Vec::new();
    let mut ran = 0;
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((_, check)) = targets.iter().find(|(target, _)| *target == name) else {
            failures.push(format!("tests/fuzz-regressions/{name} is not a fuzz target's name"));
            continue;
        };
        for input in std::fs::read_dir(entry.path()).unwrap().flatten() {
            let data = std::fs::read(input.path()).unwrap();
            ran += 1;
            if std::panic::catch_unwind(|| check(&data)).is_err() {
                failures.push(format!("{name}/{}", input.file_name().to_string_lossy()));
            }
        }
    }
    assert!(ran > 0, "no fuzz regression inputs found in {}", root.display());
    assert!(failures.is_empty(), "fuzz regressions failing again: {failures:?}");
}
