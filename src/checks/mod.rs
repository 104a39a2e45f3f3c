//! The translation checks of SPEC §4: one file per code, each a pure function from aligned
//! content to findings (no disk, no printing, never `Err`).
//!
//! `run` pairs each English page with its Spanish page, aligns their block skeletons once, runs
//! every check, and then, in one place, applies what users set: severities from `site.yaml`
//! and front matter (`parity:`) and `<!-- puente-ignore -->` comments, whose unused ones become
//! `unused-ignore` findings (ruff enforces suppressions the same way, after all rules ran).

pub mod align;
mod links;

mod anchor_mismatch;
mod broken_link;
mod code_mismatch;
mod cross_language_link;
mod es_punctuation;
mod es_style;
pub mod fluent;
mod footnote_mismatch;
mod front_matter_invalid;
mod front_matter_mismatch;
mod html_mismatch;
mod image_mismatch;
mod length_ratio;
mod link_mismatch;
mod list_mismatch;
mod missing_translation;
mod number_mismatch;
mod paragraph_count;
mod shortcode_mismatch;
mod stale_translation;
mod structure_mismatch;
mod table_mismatch;
mod unknown_key;
mod unreviewed_translation;
mod untranslated;

use crate::config::{Config, Lang, Level};
use crate::content::{ContentRef, Library, Source};
use crate::diagnostics::{Code, Finding, Location, Problem, Severity};
use crate::locale::{self, SpanishReading};
use crate::lock::Lock;
use crate::markdown::Skeleton;
use crate::markdown::skeleton::{Block, Kind};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The skeleton of every page and section, indexed like `Library::pages` / `sections`.
#[derive(Debug, Default)]
pub struct Skeletons {
    pub pages: Vec<Skeleton>,
    pub sections: Vec<Skeleton>,
}

impl Skeletons {
    pub fn get(&self, content: ContentRef) -> &Skeleton {
        match content {
            ContentRef::Page(i) => &self.pages[i],
            ContentRef::Section(i) => &self.sections[i],
        }
    }
}

/// Everything the checks read; gathered by the pipeline, which does the I/O.
pub struct Input<'a> {
    pub config: &'a Config,
    pub library: &'a Library,
    pub skeletons: &'a Skeletons,
    pub lock: &'a Lock,
    /// The Spanish pages whose English changed since review (its blocks' digests differ from
    /// the lock), each with the English text it was reviewed against when git history has it.
    /// A page not listed is unchanged: the pipeline computes the digests once for both uses.
    pub changed_since_review: &'a BTreeMap<String, Option<String>>,
    pub fluent: &'a fluent::FluentInput,
    /// Files left out because their front matter does not read (`front-matter-invalid`).
    pub invalid: &'a [Problem],
}

/// Shared lookups, built once per run.
pub struct CheckCx<'a> {
    pub input: &'a Input<'a>,
    pub config: &'a Config,
    pub library: &'a Library,
    /// Site path (`/es/noticias/`) → content, for links written as site paths.
    pub by_path: BTreeMap<&'a str, ContentRef>,
}

impl<'a> CheckCx<'a> {
    fn new(input: &'a Input<'a>) -> CheckCx<'a> {
        let library = input.library;
        let by_path = (0..library.pages.len())
            .map(ContentRef::Page)
            .chain((0..library.sections.len()).map(ContentRef::Section))
            .map(|c| (library.path(c), c))
            .collect();
        CheckCx { input, config: input.config, library, by_path }
    }

    pub fn skeleton(&self, content: ContentRef) -> &'a Skeleton {
        self.input.skeletons.get(content)
    }

    pub fn source(&self, content: ContentRef) -> &'a Source {
        self.library.source(content)
    }
}

/// A Spanish page's block texts read once, for the two checks that read them
/// (`number-mismatch`: figures; `es-style`: style issues). Indexed like the page's skeleton
/// blocks, `None` for code and HTML blocks; each block's own text first, then its items'.
pub struct SpanishReadings(Vec<Option<Vec<SpanishReading>>>);

impl SpanishReadings {
    pub fn of(cx: &CheckCx, skeleton: &Skeleton) -> SpanishReadings {
        let variant = es_style::variant(cx.config.spanish_variant);
        let read = |block: &Block| {
            let texts = std::iter::once(&block.inline.text).chain(block.items.iter().map(|item| &item.inline.text));
            texts.map(|text| locale::read_spanish(text, variant)).collect()
        };
        let blocks = skeleton.blocks.iter();
        SpanishReadings(
            blocks.map(|block| (!matches!(block.kind, Kind::Code { .. } | Kind::Html)).then(|| read(block))).collect(),
        )
    }

    /// Text `k` of block `b`: 0 is the block's own text, 1… its items'.
    pub fn get(&self, b: usize, k: usize) -> Option<&SpanishReading> {
        self.0.get(b)?.as_ref()?.get(k)
    }
}

/// One English page and its Spanish page, aligned.
pub struct PairCx<'a> {
    pub cx: &'a CheckCx<'a>,
    pub en: ContentRef,
    pub es: ContentRef,
    pub en_src: &'a Source,
    pub es_src: &'a Source,
    pub en_sk: &'a Skeleton,
    pub es_sk: &'a Skeleton,
    pub aligned: align::Alignment,
    pub es_readings: &'a SpanishReadings,
}

impl<'a> PairCx<'a> {
    pub fn en_block(&self, i: usize) -> &'a Block {
        &self.en_sk.blocks[i]
    }

    pub fn es_block(&self, j: usize) -> &'a Block {
        &self.es_sk.blocks[j]
    }

    pub fn en_at(&self, i: usize) -> Location {
        block_location(self.en_src, self.en_block(i).start)
    }

    pub fn es_at(&self, j: usize) -> Location {
        block_location(self.es_src, self.es_block(j).start)
    }

    pub fn en_offset(&self, offset: usize) -> Location {
        block_location(self.en_src, offset)
    }

    pub fn es_offset(&self, offset: usize) -> Location {
        block_location(self.es_src, offset)
    }

    /// Aligned pairs where both sides exist.
    pub fn matched(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.aligned.iter().filter_map(|&(a, b)| Some((a?, b?)))
    }

    /// Where a block missing in Spanish belongs: the next Spanish block after this point of the
    /// alignment (insert before it), else the last one.
    pub fn es_near(&self, position: usize) -> Location {
        let next = self.aligned[position..].iter().find_map(|&(_, b)| b);
        let last = self.es_sk.blocks.len().checked_sub(1);
        match next.or(last) {
            Some(j) => self.es_at(j),
            None => Location::new(&self.es_src.site_path, self.es_src.body_line(0)),
        }
    }

    pub fn en_near(&self, position: usize) -> Location {
        let next = self.aligned[position..].iter().find_map(|&(a, _)| a);
        let last = self.en_sk.blocks.len().checked_sub(1);
        match next.or(last) {
            Some(i) => self.en_at(i),
            None => Location::new(&self.en_src.site_path, self.en_src.body_line(0)),
        }
    }
}

pub fn block_location(source: &Source, offset: usize) -> Location {
    Location::new(&source.site_path, source.body_line(offset))
}

/// A finding before severities and ignores are applied: which blocks it is about.
#[derive(Debug, Clone)]
pub struct Raw {
    pub finding: Finding,
    /// `[English page, Spanish page]` the finding belongs to, for front-matter overrides.
    pub pages: [Option<ContentRef>; 2],
    /// `[English block, Spanish block]` it is about, for `puente-ignore`.
    pub blocks: [Option<usize>; 2],
}

#[derive(Default)]
pub struct Out {
    pub raws: Vec<Raw>,
}

impl Out {
    /// A finding about a pair of pages (and optionally one block on each side).
    pub fn pair(&mut self, p: &PairCx, finding: Finding, en_block: Option<usize>, es_block: Option<usize>) {
        self.raws.push(Raw { finding, pages: [Some(p.en), Some(p.es)], blocks: [en_block, es_block] });
    }

    /// A finding about one page (one language).
    pub fn page(&mut self, lang: Lang, content: ContentRef, finding: Finding, block: Option<usize>) {
        let mut pages = [None, None];
        let mut blocks = [None, None];
        pages[lang.index()] = Some(content);
        blocks[lang.index()] = block;
        self.raws.push(Raw { finding, pages, blocks });
    }

    /// A finding about the site as a whole (Fluent files, templates).
    pub fn site(&mut self, finding: Finding) {
        self.raws.push(Raw { finding, pages: [None, None], blocks: [None, None] });
    }
}

/// Runs every check. Findings come back sorted, with user severities and ignores applied.
pub fn run(input: &Input) -> Vec<Finding> {
    run_pairs(input, None)
}

/// Runs the checks of some pairs only (`serve` after a one-page edit), or of every pair and
/// the site-wide ones (Fluent files, unreadable front matter) when `only` is `None`.
pub fn run_pairs(input: &Input, only: Option<&[usize]>) -> Vec<Finding> {
    let cx = CheckCx::new(input);
    let library = input.library;
    let chosen: Vec<usize> = match only {
        Some(pairs) => pairs.to_vec(),
        None => (0..library.pairs.len()).collect(),
    };
    let pair_outs: Vec<Out> = chosen
        .par_iter()
        .map(|&k| {
            let pair = &library.pairs[k];
            let mut out = Out::default();
            match pair.members {
                [Some(en), Some(es)] => {
                    let readings = SpanishReadings::of(&cx, cx.skeleton(es));
                    let p = pair_cx(&cx, en, es, &readings);
                    run_pair(&p, &mut out);
                    run_side(&cx, Lang::En, en, None, &mut out);
                    run_side(&cx, Lang::Es, es, Some(&readings), &mut out);
                }
                _ => {
                    missing_translation::check(&cx, pair, &mut out);
                    for (lang, member) in Lang::ALL.iter().zip(pair.members) {
                        if let Some(content) = member {
                            run_side(&cx, *lang, content, None, &mut out);
                        }
                    }
                }
            }
            out
        })
        .collect();
    let mut out = Out::default();
    for o in pair_outs {
        out.raws.extend(o.raws);
    }
    if only.is_none() {
        front_matter_invalid::check(&cx, &mut out);
        fluent::check(&cx, &mut out);
    }
    let contents: Vec<ContentRef> =
        chosen.iter().flat_map(|&k| library.pairs[k].members.into_iter().flatten()).collect();
    finish(&cx, out, &contents)
}

fn pair_cx<'a>(cx: &'a CheckCx<'a>, en: ContentRef, es: ContentRef, es_readings: &'a SpanishReadings) -> PairCx<'a> {
    let (en_sk, es_sk) = (cx.skeleton(en), cx.skeleton(es));
    PairCx {
        cx,
        en,
        es,
        en_src: cx.source(en),
        es_src: cx.source(es),
        en_sk,
        es_sk,
        aligned: align::align(&en_sk.blocks, &es_sk.blocks),
        es_readings,
    }
}

/// Checks that compare the two pages of a pair.
fn run_pair(p: &PairCx, out: &mut Out) {
    front_matter_mismatch::check(p, out);
    untranslated::check(p, out);
    unreviewed_translation::check(p, out);
    stale_translation::check(p, out);
    structure_mismatch::check(p, out);
    paragraph_count::check(p, out);
    list_mismatch::check(p, out);
    table_mismatch::check(p, out);
    code_mismatch::check(p, out);
    footnote_mismatch::check(p, out);
    link_mismatch::check(p, out);
    anchor_mismatch::check(p, out);
    image_mismatch::check(p, out);
    html_mismatch::check(p, out);
    shortcode_mismatch::check(p, out);
    number_mismatch::check(p, out);
    length_ratio::check(p, out);
}

/// Checks of one page on its own (both languages, paired or not).
/// `readings` is the Spanish page's, when its pair already read it.
fn run_side(cx: &CheckCx, lang: Lang, content: ContentRef, readings: Option<&SpanishReadings>, out: &mut Out) {
    let source = cx.source(content);
    let skeleton = cx.skeleton(content);
    unknown_key::check(lang, content, source, out);
    broken_link::check(cx, lang, content, source, skeleton, out);
    cross_language_link::check(cx, lang, content, source, skeleton, out);
    if lang == Lang::Es {
        es_punctuation::check(content, source, skeleton, out);
        match readings {
            Some(readings) => es_style::check(content, source, skeleton, readings, out),
            None => es_style::check(content, source, skeleton, &SpanishReadings::of(cx, skeleton), out),
        }
    }
}

/// Severity overrides, ignores, `unused-ignore`, sorting.
fn finish(cx: &CheckCx, out: Out, contents: &[ContentRef]) -> Vec<Finding> {
    let mut used: BTreeMap<(ContentRef, usize), bool> = BTreeMap::new();
    let mut findings = Vec::new();
    for raw in out.raws {
        if ignored(cx, &raw, &mut used) {
            continue;
        }
        if let Some(finding) = with_user_severity(cx, raw.finding, raw.pages) {
            findings.push(finding);
        }
    }
    // An ignore that silenced nothing is itself reported (SPEC §4).
    for &content in contents {
        let source = cx.source(content);
        for (k, ignore) in cx.skeleton(content).ignores.iter().enumerate() {
            if used.get(&(content, k)).copied().unwrap_or(false) {
                continue;
            }
            let at = block_location(source, ignore.offset);
            let unknown: Vec<&String> = ignore.codes.iter().filter(|c| Code::from_name(c).is_none()).collect();
            let message = if let Some(bad) = unknown.first() {
                format!("`puente-ignore {bad}` names no check code, so it silences nothing.")
            } else {
                format!("this `puente-ignore {}` silences nothing", ignore.codes.join(", "))
            };
            let finding = Finding::new(Code::UnusedIgnore, message)
                .hint("remove the comment, or fix the code name (see the README's list of codes)");
            let finding = match source.lang {
                Lang::En => finding.en(at),
                Lang::Es => finding.es(at),
            };
            let mut pages = [None, None];
            pages[source.lang.index()] = Some(content);
            if let Some(f) = with_user_severity(cx, finding, pages) {
                findings.push(f);
            }
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
    findings
}

/// Whether a `puente-ignore` above one of the finding's blocks names its code; marks it used.
fn ignored(cx: &CheckCx, raw: &Raw, used: &mut BTreeMap<(ContentRef, usize), bool>) -> bool {
    let mut hit = false;
    for side in 0..2 {
        let (Some(content), Some(block)) = (raw.pages[side], raw.blocks[side]) else {
            continue;
        };
        for (k, ignore) in cx.skeleton(content).ignores.iter().enumerate() {
            if ignore.block == Some(block) && ignore.codes.iter().any(|c| c == raw.finding.code.as_str()) {
                used.insert((content, k), true);
                hit = true;
            }
        }
    }
    hit
}

/// Applies `parity:` from front matter (either page of the pair), then from site.yaml.
/// `off` drops the finding.
fn with_user_severity(cx: &CheckCx, mut finding: Finding, pages: [Option<ContentRef>; 2]) -> Option<Finding> {
    let code = finding.code.as_str();
    let from_page = pages
        .iter()
        .rev()
        .flatten()
        .find_map(|&c| cx.source(c).front.parity.get(code).and_then(|level| parse_level(level)));
    let level = from_page.or_else(|| cx.config.parity.get(code).copied());
    match level {
        Some(Level::Off) => None,
        Some(Level::Error) => {
            finding.severity = Severity::Error;
            Some(finding)
        }
        Some(Level::Warning) => {
            finding.severity = Severity::Warning;
            Some(finding)
        }
        None => Some(finding),
    }
}

fn parse_level(text: &str) -> Option<Level> {
    match text {
        "error" => Some(Level::Error),
        "warning" => Some(Level::Warning),
        "off" => Some(Level::Off),
        _ => None,
    }
}

/// What each side has that the other lacks, counting repeats: `(only English, only Spanish)`.
pub fn differences<'a>(en: &'a [String], es: &'a [String]) -> (Vec<&'a String>, Vec<&'a String>) {
    let mut taken = vec![false; es.len()];
    let mut only_en = Vec::new();
    for item in en {
        match (0..es.len()).find(|&k| !taken[k] && es[k] == *item) {
            Some(k) => taken[k] = true,
            None => only_en.push(item),
        }
    }
    let only_es = es.iter().zip(&taken).filter(|(_, t)| !**t).map(|(item, _)| item).collect();
    (only_en, only_es)
}

/// A short quotation of some text for messages: the first words, with an ellipsis.
pub fn quote(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 12 { format!("“{}”", words.join(" ")) } else { format!("“{}…”", words[..12].join(" ")) }
}
