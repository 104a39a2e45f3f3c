//! What each fuzz target asserts, one function per target, shared by the targets in
//! `fuzz_targets/` and by the regression test in `tests/it/robustness.rs`, which runs every
//! input kept in `tests/fuzz-regressions/<target>/` through the same function. Plain Rust with
//! no fuzzing dependency, so the main crate's tests can include it.

use puente::checks::align::align;
use puente::checks::fluent::{FluentInput, template_keys};
use puente::checks::{Input, Skeletons, run};
use puente::config::AnchorLinks;
use puente::config::{Config, Lang};
use puente::content::Library;
use puente::content::front_matter::{PAGE_KEYS, SECTION_KEYS, parse, parse_date, split};
use puente::fluent::{FtlFile, Strings};
use puente::locale::{Language, Variant, figures, spanish_style_issues};
use puente::lock::Lock;
use puente::markdown::shortcodes::{Call, Expansion, expand, find, mask_calls, untokenize};
use puente::markdown::{MarkdownOptions, render, skeleton_only};
use std::collections::BTreeMap;

/// Front matter as a file's first bytes: `split` finds the fences, `parse` reads the YAML (or
/// TOML) for a page and for a section. Never a panic; offsets stay inside the text and on
/// character boundaries; an error names a line of the file.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = text.lines().count().max(1);
    match split(text) {
        Ok(s) => {
            assert!(s.yaml_start <= s.yaml_end && s.yaml_end <= s.body_start && s.body_start <= text.len());
            for at in [s.yaml_start, s.yaml_end, s.body_start] {
                assert!(text.is_char_boundary(at), "offset {at} splits a character");
            }
        }
        Err(err) => assert!(err.line() <= lines),
    }
    for keys in [PAGE_KEYS, SECTION_KEYS] {
        match parse(text, keys) {
            Ok(parsed) => {
                assert!(parsed.body_start <= text.len() && text.is_char_boundary(parsed.body_start));
                for (key, line) in &parsed.key_lines {
                    assert!(*line >= 1 && *line <= lines, "key `{key}` on line {line} of {lines}");
                }
                for date in [&parsed.front.date, &parsed.front.updated].into_iter().flatten() {
                    let _ = parse_date(date);
                }
            }
            Err(err) => {
                assert!(err.line() >= 1 && err.line() <= lines, "error on line {} of {lines}: {err}", err.line());
                assert!(!err.to_string().is_empty() && !err.hint().is_empty());
            }
        }
    }
}

/// Two Markdown bodies (English, then Spanish, split at the first NUL byte): the block
/// skeletons the checks compare, their Myers alignment, and the HTML render of each body.
/// Never a panic or a stack overflow; block ranges stay inside the text; the alignment lists
/// every block of each side exactly once, in order.
pub fn markdown_skeleton(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (en, es) = text.split_once('\0').unwrap_or((text, ""));
    let smart = data.len().is_multiple_of(2);
    let skeletons = [skeleton_only(en, smart), skeleton_only(es, smart)];
    for (body, skeleton) in [en, es].into_iter().zip(&skeletons) {
        for block in &skeleton.blocks {
            assert!(
                block.start <= block.end && block.end <= body.len(),
                "block {}..{} of {}",
                block.start,
                block.end,
                body.len()
            );
        }
        for ignore in &skeleton.ignores {
            assert!(ignore.offset <= body.len());
            assert!(ignore.block.is_none_or(|b| b < skeleton.blocks.len()));
        }
    }
    let aligned = align(&skeletons[0].blocks, &skeletons[1].blocks);
    for (side, skeleton) in skeletons.iter().enumerate() {
        let indices: Vec<usize> = aligned.iter().filter_map(|pair| if side == 0 { pair.0 } else { pair.1 }).collect();
        let expected: Vec<usize> = (0..skeleton.blocks.len()).collect();
        assert_eq!(indices, expected, "side {side} is not aligned block by block");
    }
    let anchor_links = [AnchorLinks::None, AnchorLinks::Left, AnchorLinks::Right, AnchorLinks::Heading][data.len() % 4];
    let options =
        MarkdownOptions { smart_punctuation: smart, anchor_links, anchor_label: "Link".into(), overrides: None };
    let resolve = |link: &str| link.starts_with("@/a").then(|| "/en/a/".to_string());
    for body in [en, es] {
        let (rendered, unresolved) = render(body, &options, &resolve);
        // Offsets become line numbers in messages, so they must point into the body; `build` (the
        // HTML render) and `check` (skeletons only) must read a body the same way.
        for offset in unresolved.iter().map(|l| l.offset).chain(rendered.internal_links.iter().map(|l| l.offset)) {
            assert!(offset <= body.len(), "link offset {offset} of {}", body.len());
        }
        assert!(rendered.skeleton == skeleton_only(body, smart), "`build` and `check` read this body differently");
    }
}

const VARIANTS: [Variant; 4] = [Variant::EsMx, Variant::EsUs, Variant::Es419, Variant::EsEs];

/// The figure reader of `locale` (numbers, percentages, dates, times, ordinals, centuries,
/// phone numbers) in English and every Spanish variant, and the Spanish style scan. Never a
/// panic; figures come back in text order, non-overlapping, on character boundaries.
pub fn numbers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let languages = std::iter::once(Language::English).chain(VARIANTS.map(Language::Spanish));
    for language in languages {
        let mut last_end = 0;
        for figure in figures(text, language) {
            assert!(figure.start < figure.end && figure.end <= text.len(), "{figure:?} in {} bytes", text.len());
            assert!(figure.start >= last_end, "figures overlap or go backwards: {figure:?}");
            assert!(text.is_char_boundary(figure.start) && text.is_char_boundary(figure.end));
            last_end = figure.end;
        }
    }
    for variant in VARIANTS {
        for (start, end, what) in spanish_style_issues(text, variant) {
            assert!(start <= end && end <= text.len(), "{what} at {start}..{end} of {}", text.len());
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        }
    }
}

/// Two Fluent files (English, then Spanish, split at the first NUL byte) and a template that
/// asks for keys (after a second NUL), through the real checks: `checks::run` on a site with no
/// pages runs the six Fluent codes. Also loads both files into the bundles `fluent()` formats
/// from, and formats every message. Never a panic; every finding names a line inside its file.
pub fn fluent(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(3, '\0');
    let (en, es, template) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let files = [
        vec![FtlFile { path: "i18n/en.ftl".into(), text: en.into() }],
        vec![FtlFile { path: "i18n/es.ftl".into(), text: es.into() }],
    ];
    let template_keys = template_keys(&[("templates/page.html".to_string(), template.to_string())]);
    let fluent = FluentInput { files: files.clone(), template_keys };
    let config = Config::parse("base_url: https://example.gov/\n").unwrap();
    let (library, skeletons, lock, reviewed) =
        (Library::default(), Skeletons::default(), Lock::default(), BTreeMap::new());
    let input = Input {
        config: &config,
        library: &library,
        skeletons: &skeletons,
        lock: &lock,
        changed_since_review: &reviewed,
        fluent: &fluent,
        invalid: &[],
    };
    let texts = [("i18n/en.ftl", en), ("i18n/es.ftl", es), ("templates/page.html", template)];
    for finding in run(&input) {
        assert!(!finding.message.is_empty());
        for at in [&finding.en, &finding.es].into_iter().flatten() {
            let Some((_, text)) = texts.iter().find(|(path, _)| *path == at.path) else { continue };
            let lines = text.lines().count().max(1);
            let line = at.line.unwrap_or(1);
            assert!(line >= 1 && line <= lines, "{}:{line} is outside its {lines} lines: {}", at.path, finding.message);
        }
    }
    // The bundles the `fluent()` template function formats from: a file that does not parse is
    // an error, never a panic; one that does formats every message without one.
    if let Ok(strings) = Strings::load(&files) {
        for (lang, source) in [(Lang::En, en), (Lang::Es, es)] {
            for line in source.lines() {
                let Some((id, _)) = line.split_once('=') else { continue };
                let id = id.trim();
                if !id.is_empty() && strings.has(lang, id) {
                    let args = BTreeMap::from([("n".to_string(), serde_json::Value::from(3))]);
                    let _ = strings.format(lang, id, &args);
                }
            }
        }
    }
}

/// Shortcode calls with Zola's grammar on arbitrary text: `find` lists calls, `mask_calls`
/// blanks their insides for the checks, `expand` replaces them through a renderer (here a
/// trivial one that returns Markdown, HTML, nothing or an error by the call's name). Never a
/// panic; calls are in order and inside the text; masking keeps every byte offset and line.
pub fn shortcodes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let calls = find(text);
    let mut last_end = 0;
    for call in &calls {
        assert!(call.offset >= last_end && call.offset < call.end && call.end <= text.len(), "{call:?}");
        assert!(text.is_char_boundary(call.offset) && text.is_char_boundary(call.end));
        assert!(!call.name.is_empty());
        last_end = call.end;
    }
    let masked = mask_calls(text);
    assert_eq!(masked.len(), text.len(), "masking changed the length");
    for (a, b) in text.bytes().zip(masked.bytes()) {
        assert_eq!(a == b'\n', b == b'\n', "masking moved a line break");
    }
    let render = |call: &Call, body: Option<&str>, nth: usize| -> Option<Result<Expansion, String>> {
        match call.name.len() % 4 {
            0 => None,
            1 => Some(Ok(Expansion::Markdown(format!("*{}* {nth} {}", call.name, body.unwrap_or_default())))),
            2 => Some(Ok(Expansion::Html(format!("<b>{}</b>", call.name)))),
            _ => Some(Err(format!("cannot render {}", call.name))),
        }
    };
    match expand(text, &render) {
        // A token can be missing from the result (an HTML piece inside a body goes into the
        // body); untokenizing must still work.
        Ok((markdown, html)) => {
            let _ = untokenize(&markdown, &html);
        }
        Err((offset, message)) => {
            assert!(offset < text.len(), "error at {offset} of {}", text.len());
            assert!(!message.is_empty());
        }
    }
}
