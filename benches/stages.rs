//! In-process stages on the synthetic corpus (../shared/bench/gen_corpus.py, 1,000 pages per
//! language): one page's Markdown, its block skeleton, every check, and the whole render in
//! memory. Whole-process runs against Hugo and `cp -r` are `bench/compare.py`.
//!
//!     cargo bench --bench stages

use criterion::{Criterion, criterion_group, criterion_main};
use puente::markdown::{self, MarkdownOptions};
use puente::pipeline::{self, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

const PAGES: usize = 1000;

/// The corpus, generated once per `cargo bench` run into a temporary folder.
fn corpus(dir: &Path) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    let out = dir.join("corpus");
    let status = Command::new("python3")
        .arg(&script)
        .arg(&out)
        .args(["--pages", &PAGES.to_string(), "--layouts", "site"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs gen_corpus.py");
    assert!(status.success(), "gen_corpus.py failed");
    out.join("site")
}

fn stages(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = corpus(tmp.path());
    // The first page of the corpus (sections hold year folders of pages).
    let page = walkdir::WalkDir::new(site.join("content-en/news"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .find(|e| e.file_type().is_file() && e.file_name() != "_index.md")
        .map(|e| std::fs::read_to_string(e.path()).expect("a readable page"))
        .expect("the corpus has pages");
    let body = page.splitn(3, "---").nth(2).unwrap().to_string();
    let options = MarkdownOptions {
        smart_punctuation: true,
        anchor_links: puente::config::AnchorLinks::None,
        anchor_label: String::new(),
        overrides: None,
    };
    let resolve = |_: &str| Some("https://example.org/en/x/".to_string());
    c.bench_function("markdown: one page to HTML, TOC and skeleton", |b| {
        b.iter(|| markdown::render(&body, &options, &resolve))
    });
    c.bench_function("markdown: one page's skeleton only (what `check` parses)", |b| {
        b.iter(|| markdown::skeleton_only(&body, true))
    });
    let mut group = c.benchmark_group("site of 1,000 pages per language");
    group.sample_size(10);
    group.bench_function("check (load, skeletons, every check)", |b| {
        b.iter(|| pipeline::check(&site, false).expect("check runs"))
    });
    let build = BuildOptions { root: site.clone(), out: None, base_url: None, drafts: false, verbose: false };
    group.bench_function("render in memory (load, Markdown, checks, templates)", |b| {
        b.iter(|| pipeline::render_site(&build).map(|s| s.tree.files.len()).unwrap_or(0))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
