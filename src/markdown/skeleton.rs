//! Block skeletons for the translation checks: one entry per top-level block (heading,
//! paragraph, list, table, code, quote, rule, HTML, figure, footnote), each with byte offsets
//! and an inventory of what the checks compare (text, links, images, code spans, HTML tags,
//! footnote references, shortcodes). `puente-ignore` comments are collected, not blocks.
//!
//! Built from the same event list the HTML comes from, so a page is parsed once. Iterative:
//! 5,000 nested quotes must not overflow the stack.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Tag, TagEnd};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skeleton {
    pub blocks: Vec<Block>,
    pub ignores: Vec<IgnoreComment>,
}

/// `<!-- puente-ignore CODE[, CODE]: reason -->`: silences the codes on the next block.
#[derive(Debug, Clone, PartialEq)]
pub struct IgnoreComment {
    pub codes: Vec<String>,
    pub offset: usize,
    /// Index of the block it applies to (the next one), if any.
    pub block: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: Kind,
    /// Byte range in the Markdown body.
    pub start: usize,
    pub end: usize,
    pub inline: Inline,
    /// List items (lists only), each with its own inventory.
    pub items: Vec<Item>,
    /// Table rows, header included (tables only).
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Heading {
        level: u8,
        id: String,
    },
    Paragraph,
    /// A paragraph that holds only an image.
    Figure,
    List {
        ordered: bool,
        start: u64,
    },
    Table {
        alignments: Vec<char>,
    },
    Code {
        lang: String,
        content: String,
    },
    Quote,
    Rule,
    Html,
    FootnoteDefinition {
        label: String,
    },
}

impl Kind {
    /// What alignment compares: the kind without its details (levels, counts and languages are
    /// checked after alignment, so a changed level is one finding, not a gap on each side).
    pub fn class(&self) -> u8 {
        match self {
            Kind::Heading { .. } => 0,
            Kind::Paragraph => 1,
            Kind::Figure => 2,
            Kind::List { ordered: true, .. } => 3,
            Kind::List { ordered: false, .. } => 4,
            Kind::Table { .. } => 5,
            Kind::Code { .. } => 6,
            Kind::Quote => 7,
            Kind::Rule => 8,
            Kind::Html => 9,
            Kind::FootnoteDefinition { .. } => 10,
        }
    }

    /// How a person calls it, for messages.
    pub fn describe(&self) -> String {
        match self {
            Kind::Heading { level, .. } => format!("heading (level {level})"),
            Kind::Paragraph => "paragraph".into(),
            Kind::Figure => "image".into(),
            Kind::List { ordered: true, .. } => "numbered list".into(),
            Kind::List { ordered: false, .. } => "bullet list".into(),
            Kind::Table { .. } => "table".into(),
            Kind::Code { .. } => "code block".into(),
            Kind::Quote => "quote".into(),
            Kind::Rule => "horizontal rule".into(),
            Kind::Html => "HTML block".into(),
            Kind::FootnoteDefinition { label } => format!("footnote [^{label}]"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub start: usize,
    pub inline: Inline,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inline {
    /// Readable text with whitespace collapsed; code spans and image alts excluded.
    pub text: String,
    /// Most blocks have no links, images, code spans, raw HTML or footnotes: kept apart, they
    /// cost a block 8 bytes instead of 120 (20,000 pages hold 400,000 blocks and items until
    /// the checks end).
    refs: Option<Box<Refs>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Refs {
    links: Vec<LinkRef>,
    images: Vec<ImageRef>,
    code: Vec<String>,
    html: Vec<String>,
    footnotes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinkRef {
    pub dest: String,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    pub dest: String,
    pub alt: String,
    pub offset: usize,
}

/// Whether the character at byte `at` (a boundary) is whitespace as `char::is_whitespace`
/// says, and its width; ASCII is answered without decoding.
fn whitespace_at(text: &str, at: usize) -> (bool, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (matches!(byte, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'), 1);
    }
    // Every other whitespace character is U+0085, U+00A0 or above U+1000: its UTF-8 starts
    // with 0xC2 or 0xE1–0xE3. Other lead bytes (accented letters) are answered by their width.
    if !matches!(byte, 0xC2 | 0xE1..=0xE3) {
        let width = match byte {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        return (false, width);
    }
    let c = text[at..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
    (c.is_whitespace(), c.len_utf8())
}

/// The first byte from `at` on that may start a whitespace character: ASCII up to the space,
/// or a lead byte of U+0085, U+00A0 or above U+1000 (0xC2, 0xE1–0xE3), which no continuation
/// byte equals, so the answer is always a character boundary.
fn skip_plain_bytes(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at] > b' ' && !matches!(bytes[at], 0xC2 | 0xE1..=0xE3) {
        at += 1;
    }
    at
}

/// Skips eight bytes at a time while they are printable ASCII with single spaces between
/// words, the last not a space: most of a paragraph. The byte before `at` is not whitespace,
/// so a space first in the eight is single too. Stops short of anything else, for the byte
/// loop to decide.
fn skip_single_spaced_ascii(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        // A byte of a non-ASCII character, or a control character (tab, newline, …).
        let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        if x & HIGH != 0 || below_space != 0 {
            break;
        }
        // The high bit of each byte that is a space (exact for ASCII bytes).
        let t = x ^ (ONES * 0x20);
        let spaces = !(((t & LOW) + LOW) | t) & HIGH;
        if spaces & (spaces >> 8) != 0 || spaces >> 56 != 0 {
            break;
        }
        at += 8;
    }
    at
}

/// The words of `text` in runs: joined with one space, the runs are
/// `text.split_whitespace()` joined with one space. Words already separated by a single space
/// stay in one run, so a wrapped paragraph is a few runs (about one per line), not one slice
/// per word. Scans bytes, decoding only the lead bytes of possible non-ASCII whitespace.
pub(crate) fn word_runs(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let (space, width) = whitespace_at(text, at);
            if !space {
                break;
            }
            at += width;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        loop {
            at = skip_plain_bytes(bytes, skip_single_spaced_ascii(bytes, at));
            if at >= bytes.len() {
                break;
            }
            let (space, width) = whitespace_at(text, at);
            if !space {
                at += width;
            } else if bytes[at] == b' ' && at + 1 < bytes.len() && !whitespace_at(text, at + 1).0 {
                // One space between two words is already what the run should hold.
                at += 1;
            } else {
                break;
            }
        }
        Some(&text[start..at])
    })
}

impl Inline {
    pub fn links(&self) -> &[LinkRef] {
        self.refs.as_ref().map_or(&[], |r| &r.links)
    }

    pub fn images(&self) -> &[ImageRef] {
        self.refs.as_ref().map_or(&[], |r| &r.images)
    }

    pub fn code(&self) -> &[String] {
        self.refs.as_ref().map_or(&[], |r| &r.code)
    }

    /// Tag names of raw HTML (`a`, `/a`, `br`), comments excluded.
    pub fn html(&self) -> &[String] {
        self.refs.as_ref().map_or(&[], |r| &r.html)
    }

    pub fn footnotes(&self) -> &[String] {
        self.refs.as_ref().map_or(&[], |r| &r.footnotes)
    }

    fn refs_mut(&mut self) -> &mut Refs {
        self.refs.get_or_insert_with(Default::default)
    }

    /// Appends `text` with each run of whitespace made one space (what `split_whitespace`
    /// and a join would give): every paragraph of the site passes here.
    fn push_text(&mut self, text: &str) {
        for run in word_runs(text) {
            if !self.text.is_empty() && !self.text.ends_with(' ') {
                self.text.push(' ');
            }
            self.text.push_str(run);
        }
        if text.ends_with(char::is_whitespace) && !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    fn finish(&mut self) {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        // Grown by doubling; `check` peaks while the checks run.
        super::fit_text(&mut self.text);
    }
}

/// The skeleton of a body whose events (with start offsets) are already parsed and whose
/// headings already carry their final ids.
pub fn build(events: &[(Event<'_>, usize)], body: &str) -> Skeleton {
    let mut blocks: Vec<Block> = Vec::new();
    let mut ignores: Vec<IgnoreComment> = Vec::new();
    let mut pending_ignores: Vec<usize> = Vec::new();
    let mut current: Option<Block> = None;
    let mut depth = 0usize;
    // Depth of the list whose items we are in (1 = items of a top-level list).
    let mut in_item = false;
    let mut image_depth = 0usize;
    let mut in_code_block = false;

    let close = |mut block: Block,
                 end: usize,
                 blocks: &mut Vec<Block>,
                 pending: &mut Vec<usize>,
                 ignores: &mut [IgnoreComment]| {
        block.end = end;
        block.inline.finish();
        for item in &mut block.items {
            item.inline.finish();
        }
        if block.kind == Kind::Paragraph
            && block.inline.images().len() == 1
            && block.inline.text.trim().is_empty()
            && block.inline.links().is_empty()
        {
            block.kind = Kind::Figure;
        }
        for i in pending.drain(..) {
            ignores[i].block = Some(blocks.len());
        }
        blocks.push(block);
    };

    for (index, (event, offset)) in events.iter().enumerate() {
        let offset = *offset;
        let next_offset = events.get(index + 1).map_or(body.len(), |(_, o)| *o);
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    if let Tag::HtmlBlock = tag {
                        // Decide at the end whether it is a comment (ignore/more) or a block.
                        current = Some(new_block(Kind::Html, offset));
                    } else {
                        current = Some(new_block(kind_of(tag), offset));
                    }
                } else if let Some(block) = current.as_mut() {
                    match tag {
                        Tag::Item if depth == 1 && matches!(block.kind, Kind::List { .. }) => {
                            block.items.push(Item { start: offset, inline: Inline::default() });
                            in_item = true;
                        }
                        Tag::TableRow | Tag::TableHead => block.rows += 1,
                        Tag::Link { dest_url, .. } => {
                            target(block, in_item).refs_mut().links.push(LinkRef { dest: dest_url.to_string(), offset })
                        }
                        Tag::Image { dest_url, .. } => {
                            target(block, in_item).refs_mut().images.push(ImageRef {
                                dest: dest_url.to_string(),
                                alt: String::new(),
                                offset,
                            });
                            image_depth += 1;
                        }
                        Tag::CodeBlock(_) => in_code_block = true,
                        _ => {}
                    }
                }
                if let (0, Tag::CodeBlock(_)) = (depth, tag) {
                    in_code_block = true;
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match end {
                    TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                    TagEnd::CodeBlock => in_code_block = false,
                    TagEnd::Item if depth == 1 => in_item = false,
                    _ => {}
                }
                if depth == 0
                    && let Some(block) = current.take()
                {
                    if block.kind == Kind::Html {
                        let raw = body.get(block.start..next_offset).unwrap_or_default().trim();
                        if let Some(codes) = ignore_codes(raw) {
                            pending_ignores.push(ignores.len());
                            ignores.push(IgnoreComment { codes, offset: block.start, block: None });
                            continue;
                        }
                        if is_comment(raw) {
                            continue;
                        }
                    }
                    close(block, next_offset, &mut blocks, &mut pending_ignores, &mut ignores);
                }
            }
            Event::Rule if depth == 0 => {
                close(new_block(Kind::Rule, offset), next_offset, &mut blocks, &mut pending_ignores, &mut ignores);
            }
            _ => {
                let Some(block) = current.as_mut() else {
                    continue;
                };
                match event {
                    Event::Text(text) if in_code_block => {
                        if let Kind::Code { content, .. } = &mut block.kind {
                            content.push_str(text);
                        }
                    }
                    Event::Text(text) if image_depth > 0 => {
                        if let Some(image) = target(block, in_item).refs_mut().images.last_mut() {
                            image.alt.push_str(text);
                        }
                    }
                    Event::Text(text) => target(block, in_item).push_text(text),
                    Event::Code(code) => target(block, in_item).refs_mut().code.push(code.to_string()),
                    Event::Html(html) | Event::InlineHtml(html) => {
                        let tags = html_tags(html);
                        target(block, in_item).refs_mut().html.extend(tags);
                    }
                    Event::FootnoteReference(label) => {
                        target(block, in_item).refs_mut().footnotes.push(label.to_string())
                    }
                    Event::SoftBreak | Event::HardBreak => target(block, in_item).push_text(" "),
                    _ => {}
                }
            }
        }
    }
    // The same for the list of blocks (a block is a few hundred bytes).
    if blocks.capacity() - blocks.len() > blocks.len() / 8 {
        let mut exact = Vec::with_capacity(blocks.len());
        exact.append(&mut blocks);
        blocks = exact;
    }
    Skeleton { blocks, ignores }
}

fn new_block(kind: Kind, start: usize) -> Block {
    Block { kind, start, end: start, inline: Inline::default(), items: Vec::new(), rows: 0 }
}

/// Where inline content goes: the current list item, else the block.
fn target(block: &mut Block, in_item: bool) -> &mut Inline {
    if in_item && let Some(item) = block.items.last_mut() {
        return &mut item.inline;
    }
    &mut block.inline
}

fn kind_of(tag: &Tag<'_>) -> Kind {
    match tag {
        Tag::Heading { level, id, .. } => {
            Kind::Heading { level: *level as u8, id: id.as_ref().map(|i| i.to_string()).unwrap_or_default() }
        }
        Tag::List(start) => Kind::List { ordered: start.is_some(), start: start.unwrap_or(1) },
        Tag::Table(alignments) => Kind::Table {
            alignments: alignments
                .iter()
                .map(|a| match a {
                    Alignment::None => '-',
                    Alignment::Left => 'l',
                    Alignment::Center => 'c',
                    Alignment::Right => 'r',
                })
                .collect(),
        },
        Tag::CodeBlock(kind) => Kind::Code {
            lang: match kind {
                CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or_default().to_string(),
                CodeBlockKind::Indented => String::new(),
            },
            content: String::new(),
        },
        Tag::BlockQuote(_) => Kind::Quote,
        Tag::FootnoteDefinition(label) => Kind::FootnoteDefinition { label: label.to_string() },
        Tag::HtmlBlock => Kind::Html,
        _ => Kind::Paragraph,
    }
}

fn is_comment(raw: &str) -> bool {
    raw.starts_with("<!--") && raw.ends_with("-->") && !raw[4..raw.len() - 3].contains("-->")
}

/// The codes of a `<!-- puente-ignore a, b: reason -->` comment.
pub fn ignore_codes(raw: &str) -> Option<Vec<String>> {
    if !is_comment(raw) {
        return None;
    }
    let inner = raw[4..raw.len() - 3].trim();
    let rest = inner.strip_prefix("puente-ignore")?;
    let codes = rest.split(':').next().unwrap_or_default();
    Some(codes.split([',', ' ']).map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect())
}

/// Tag names in a piece of raw HTML: `<a href>` → `a`, `</a>` → `/a`; comments skipped.
fn html_tags(html: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--") {
            match rest.find("-->") {
                Some(end) => rest = &rest[end + 3..],
                None => break,
            }
            continue;
        }
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if !name.is_empty() {
            tags.push(if closing { format!("/{name}") } else { name });
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skeleton(md: &str) -> Skeleton {
        let events: Vec<(Event, usize)> = pulldown_cmark::Parser::new_ext(md, crate::markdown::parser_options(false))
            .into_offset_iter()
            .map(|(e, r)| (e, r.start))
            .collect();
        build(&events, md)
    }

    fn kinds(md: &str) -> Vec<u8> {
        skeleton(md).blocks.iter().map(|b| b.kind.class()).collect()
    }

    #[test]
    fn one_entry_per_top_level_block() {
        let md = "# T\n\nPara [l](@/a.md) `x`.\n\n1. a\n2. b\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```rust\nfn x\n```\n\n> q\n\n---\n\n![alt](i.png)\n";
        assert_eq!(kinds(md), vec![0, 1, 3, 5, 6, 7, 8, 2]);
        let s = skeleton(md);
        assert_eq!(s.blocks[1].inline.links()[0].dest, "@/a.md");
        assert_eq!(s.blocks[1].inline.code(), ["x"]);
        assert_eq!(s.blocks[1].inline.text, "Para l .");
        assert_eq!(s.blocks[2].items.len(), 2);
        assert_eq!(s.blocks[3].rows, 2);
        assert_eq!(s.blocks[3].kind, Kind::Table { alignments: vec!['l', 'r'] });
        assert_eq!(s.blocks[4].kind, Kind::Code { lang: "rust".into(), content: "fn x\n".into() });
        assert_eq!(s.blocks[7].inline.images()[0].alt, "alt");
    }

    #[test]
    fn ignore_comments_apply_to_the_next_block_and_are_not_blocks() {
        let s =
            skeleton("A\n\n<!-- puente-ignore number-mismatch, untranslated: a date -->\nB 5\n\n<!-- more -->\n\nC\n");
        assert_eq!(s.blocks.len(), 3);
        assert_eq!(s.ignores[0].codes, ["number-mismatch", "untranslated"]);
        assert_eq!(s.ignores[0].block, Some(1));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let md = ">".repeat(5000) + " deep\n";
        let s = skeleton(&md);
        assert_eq!(s.blocks.len(), 1);
    }

    #[test]
    fn html_tags_skip_comments() {
        assert_eq!(html_tags("<p class=x>a<!-- <b> --><br/></p>"), ["p", "br", "/p"]);
    }

    #[test]
    fn whitespace_at_agrees_with_char_for_every_character() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text: &str = c.encode_utf8(&mut buf);
            assert_eq!(whitespace_at(text, 0), (c.is_whitespace(), c.len_utf8()), "{c:?}");
        }
    }

    /// `push_text` as first written, with `split_whitespace`: the byte scan must agree.
    fn push_text_by_words(inline: &mut String, text: &str) {
        for word in text.split_whitespace() {
            if !inline.is_empty() && !inline.ends_with(' ') {
                inline.push(' ');
            }
            inline.push_str(word);
        }
        if text.ends_with(char::is_whitespace) && !inline.is_empty() && !inline.ends_with(' ') {
            inline.push(' ');
        }
    }

    proptest::proptest! {
        #[test]
        fn push_text_joins_words_as_split_whitespace_does(
            pieces in proptest::collection::vec("[a-zé1 \t\n\u{a0}\u{202f}\u{3000}\u{85}\u{b}.¿\u{1}\u{2014}]{0,12}", 1..5)
        ) {
            let mut inline = Inline::default();
            let mut expected = String::new();
            for piece in &pieces {
                inline.push_text(piece);
                push_text_by_words(&mut expected, piece);
            }
            proptest::prop_assert_eq!(inline.text, expected);
        }

        /// Long mostly-ASCII texts, for the eight-bytes-at-a-time path.
        #[test]
        fn word_runs_join_to_the_words_in_long_texts(text in "([a-c]{1,9}[ ]{1,2}|[\t\n\u{1}.é\u{a0}])*") {
            let runs: Vec<&str> = word_runs(&text).collect();
            proptest::prop_assert!(runs.iter().all(|run| !run.is_empty()));
            proptest::prop_assert_eq!(runs.join(" "), text.split_whitespace().collect::<Vec<_>>().join(" "));
        }

        #[test]
        fn word_runs_join_to_the_words(text in "[a-zé1 \t\n\u{a0}\u{202f}\u{3000}\u{85}\u{b}.¿\u{1}\u{2014}]{0,40}") {
            let runs: Vec<&str> = word_runs(&text).collect();
            proptest::prop_assert!(runs.iter().all(|run| !run.is_empty()));
            proptest::prop_assert_eq!(runs.join(" "), text.split_whitespace().collect::<Vec<_>>().join(" "));
        }

        #[test]
        fn never_panics_and_ranges_stay_in_bounds(md in "[#>*`|\\-!\\[\\]()<>a-z0-9 \n.:@/]{0,200}") {
            let s = skeleton(&md);
            for b in &s.blocks {
                assert!(b.start <= b.end && b.end <= md.len());
            }
        }
    }
}
