//! The Fluent checks of SPEC §4: the UI strings of `i18n/en.ftl` and `i18n/es.ftl` (the theme's,
//! overridden message by message by the site's), compared the way Mozilla's compare-locales
//! compares a localization with its reference, plus the keys templates ask for.
//!
//! `check` parses every file once (keeping the partial tree of a file that does not parse),
//! merges each language's files into one `Catalog`, and runs one file per code over it. Like
//! every check, these only report: no disk, no printing, never `Err`. Ids inside a part of a file
//! that does not parse are left out of the comparisons, so one typo is one `fluent-syntax`
//! finding and not a cascade of missing messages.

mod fluent_attributes;
mod fluent_missing_key;
mod fluent_missing_message;
mod fluent_syntax;
mod fluent_unchanged;
mod fluent_variables;
mod templates;

use super::{CheckCx, Out};
use crate::config::Lang;
use crate::diagnostics::{LineIndex, Location};
use crate::fluent::FtlFile;
use ::fluent_syntax::ast;
use ::fluent_syntax::parser::ParserError;
use std::collections::{BTreeMap, BTreeSet};

pub use templates::template_keys;

/// What the Fluent checks read (gathered by the pipeline).
#[derive(Debug, Clone, Default)]
pub struct FluentInput {
    /// Per language (index 0 = en, 1 = es): the theme's .ftl file, then the site's (which
    /// overrides message by message).
    pub files: [Vec<FtlFile>; 2],
    /// Keys that templates ask for with a literal `key="…"`: `fluent(key="x")` and
    /// `trans(key="x")`.
    pub template_keys: Vec<TemplateKey>,
}

/// Which template function asked for a key: they look in different places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyFunction {
    /// `fluent(key=…)`: the merged Fluent messages.
    Fluent,
    /// `trans(key=…)`: `translations:` in site.yaml (Zola's way).
    Trans,
}

impl KeyFunction {
    pub fn name(self) -> &'static str {
        match self {
            KeyFunction::Fluent => "fluent",
            KeyFunction::Trans => "trans",
        }
    }
}

/// One literal key a template asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateKey {
    pub key: String,
    pub function: KeyFunction,
    /// The template (site-relative origin such as `themes/puente/templates/page.html`) and the
    /// 1-based line of the key.
    pub at: Location,
    /// A literal `lang="en"` / `lang="es"` in the same call: only that language needs the key.
    pub lang: Option<Lang>,
}

/// Runs the six Fluent codes.
pub fn check(cx: &CheckCx, out: &mut Out) {
    let input = cx.input.fluent;
    let parsed = parse_all(&input.files);
    let catalog = Catalog::new(&parsed);
    fluent_syntax::check(&catalog, out);
    fluent_missing_message::check(&catalog, out);
    fluent_attributes::check(&catalog, out);
    fluent_variables::check(&catalog, out);
    fluent_unchanged::check(&catalog, &cx.config.unchanged_allow, out);
    fluent_missing_key::check(&catalog, &input.template_keys, &cx.config.translations, out);
}

/// One `.ftl` file, parsed, with what is needed to turn parts of it into lines.
pub(super) struct Parsed<'a> {
    pub lang: Lang,
    pub file: &'a FtlFile,
    pub resource: ast::Resource<&'a str>,
    pub errors: Vec<ParserError>,
    pub lines: LineIndex,
}

impl<'a> Parsed<'a> {
    fn new(lang: Lang, file: &'a FtlFile) -> Parsed<'a> {
        let (resource, errors) = match ::fluent_syntax::parser::parse(file.text.as_str()) {
            Ok(resource) => (resource, Vec::new()),
            Err((resource, errors)) => (resource, errors),
        };
        Parsed { lang, file, resource, errors, lines: LineIndex::new(&file.text) }
    }

    /// The byte offset of `part`, a slice the parser cut from this file's text. The parser's
    /// tree has no spans, but with `&str` input every name and text in it borrows the input.
    pub fn offset_of(&self, part: &str) -> Option<usize> {
        let start = self.file.text.as_ptr() as usize;
        let at = (part.as_ptr() as usize).checked_sub(start)?;
        (at + part.len() <= self.file.text.len()).then_some(at)
    }

    /// Where an id (or any slice of the text) is: this file, and its line.
    pub fn at(&self, part: &str) -> Location {
        let line = match self.offset_of(part) {
            Some(offset) => self.lines.line_of(offset),
            None => self.search_line(part),
        };
        Location::new(&self.file.path, line)
    }

    /// The line of a parser error. An error at the very end of a file that ends with a line
    /// break (an unclosed `{`) would be on a line past the last one; it belongs to the last.
    pub fn at_offset(&self, offset: usize) -> Location {
        let last = self.file.text.lines().count().max(1);
        Location::new(&self.file.path, self.lines.line_of(offset).min(last))
    }

    /// Fallback for a name that is not a slice of the text: the first line `name =`.
    fn search_line(&self, name: &str) -> usize {
        self.file
            .text
            .lines()
            .position(|line| {
                let line = line.trim_start_matches('-');
                line.strip_prefix(name).is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map_or(1, |i| i + 1)
    }
}

pub(super) fn parse_all(files: &[Vec<FtlFile>; 2]) -> Vec<Parsed<'_>> {
    Lang::ALL.iter().flat_map(|&lang| files[lang.index()].iter().map(move |file| Parsed::new(lang, file))).collect()
}

/// A message or term as one language ends up with it, after the site's file overrode the
/// theme's.
pub(super) struct Entry<'a> {
    /// As templates and users write it: `read-more`, or `-brand` for a term.
    pub id: String,
    pub term: bool,
    pub value: Option<&'a ast::Pattern<&'a str>>,
    pub attributes: Vec<Attr<'a>>,
    /// The file and line of the id.
    pub at: Location,
    /// The file it comes from (for "add it to …" hints).
    pub path: &'a str,
}

pub(super) struct Attr<'a> {
    pub name: &'a str,
    pub value: &'a ast::Pattern<&'a str>,
    pub at: Location,
}

impl<'a> Entry<'a> {
    pub fn attribute(&self, name: &str) -> Option<&Attr<'a>> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// "the message `x`" / "the term `-x`", for messages.
    pub fn describe(&self) -> String {
        if self.term { format!("the term `{}`", self.id) } else { format!("the message `{}`", self.id) }
    }
}

/// Both languages' merged messages, and the parsed files they came from.
pub(super) struct Catalog<'a> {
    pub files: &'a [Parsed<'a>],
    /// Per language, id → entry, sorted so findings come out in a stable order.
    pub entries: [BTreeMap<String, Entry<'a>>; 2],
    /// Per language, ids that start a part of a file that does not parse: the syntax error is
    /// reported once, and comparisons leave these ids alone.
    pub broken: [BTreeSet<String>; 2],
}

impl<'a> Catalog<'a> {
    pub fn new(files: &'a [Parsed<'a>]) -> Catalog<'a> {
        let mut entries: [BTreeMap<String, Entry<'a>>; 2] = Default::default();
        let mut broken: [BTreeSet<String>; 2] = Default::default();
        for parsed in files {
            let lang = parsed.lang.index();
            for entry in &parsed.resource.body {
                let entry = match entry {
                    ast::Entry::Message(m) => Entry {
                        id: m.id.name.to_string(),
                        term: false,
                        value: m.value.as_ref(),
                        attributes: attrs(parsed, &m.attributes),
                        at: parsed.at(m.id.name),
                        path: &parsed.file.path,
                    },
                    ast::Entry::Term(t) => Entry {
                        id: format!("-{}", t.id.name),
                        term: true,
                        value: Some(&t.value),
                        attributes: attrs(parsed, &t.attributes),
                        at: parsed.at(t.id.name),
                        path: &parsed.file.path,
                    },
                    ast::Entry::Junk { content } => {
                        if let Some(id) = junk_id(content) {
                            broken[lang].insert(id.to_string());
                        }
                        continue;
                    }
                    _ => continue,
                };
                // A later definition wins, within a file (as fluent-bundle does) and across
                // files (the site's file comes after the theme's).
                broken[lang].remove(&entry.id);
                entries[lang].insert(entry.id.clone(), entry);
            }
        }
        Catalog { files, entries, broken }
    }

    pub fn get(&self, lang: Lang, id: &str) -> Option<&Entry<'a>> {
        self.entries[lang.index()].get(id)
    }

    /// Whether `id` sits in a part of a `lang` file that does not parse.
    pub fn is_broken(&self, lang: Lang, id: &str) -> bool {
        self.broken[lang.index()].contains(id)
    }

    /// Ids defined in both languages, with both entries, in id order.
    pub fn both(&self) -> impl Iterator<Item = (&Entry<'a>, &Entry<'a>)> + '_ {
        self.entries[0].iter().filter_map(|(id, en)| Some((en, self.entries[1].get(id)?)))
    }
}

fn attrs<'a>(parsed: &Parsed<'a>, attributes: &'a [ast::Attribute<&'a str>]) -> Vec<Attr<'a>> {
    attributes.iter().map(|a| Attr { name: a.id.name, value: &a.value, at: parsed.at(a.id.name) }).collect()
}

/// The id at the start of an unparsable chunk (`id = …` on its first non-comment line).
fn junk_id(content: &str) -> Option<&str> {
    let line = content.lines().map(str::trim_end).find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(line.len());
    let id = &line[..end];
    let starts_well = id.strip_prefix('-').unwrap_or(id).starts_with(|c: char| c.is_ascii_alphabetic());
    (starts_well && line[end..].trim_start().starts_with('=')).then_some(id)
}

/// The text with its first letter in capitals, to start a sentence with `describe()`.
pub(super) fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "English" / "Spanish", for messages.
pub(super) fn language(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Es => "Spanish",
    }
}

/// Where to add something missing from `lang`, next to an entry of the other language at
/// `path`: the same layer's file when that is a theme folder the user has, else the site's.
pub(super) fn file_for(lang: Lang, path: &str) -> String {
    let other = format!("{}.ftl", lang.other().code());
    match path.strip_suffix(&other) {
        Some(folder) if path.starts_with("themes/") => format!("{folder}{}.ftl", lang.code()),
        _ => format!("i18n/{}.ftl", lang.code()),
    }
}

/// Puts `at` on the side of `lang`.
pub(super) fn on_side(finding: crate::diagnostics::Finding, lang: Lang, at: Location) -> crate::diagnostics::Finding {
    match lang {
        Lang::En => finding.en(at),
        Lang::Es => finding.es(at),
    }
}

/// Every pattern of an entry to compare, with its name: the value (`None`) and each attribute.
pub(super) fn patterns<'e, 'a>(
    entry: &'e Entry<'a>,
) -> impl Iterator<Item = (Option<&'a str>, &'a ast::Pattern<&'a str>, &'e Location)> + 'e {
    let value = entry.value.map(|v| (None, v, &entry.at));
    value.into_iter().chain(entry.attributes.iter().map(|a| (Some(a.name), a.value, &a.at)))
}

/// The value and each attribute an English entry shares with its Spanish entry, each with
/// both sides' pattern and place; what one side lacks is `fluent-attributes`' business.
pub(super) fn shared_patterns<'e, 'a>(
    en: &'e Entry<'a>,
    es: &'e Entry<'a>,
) -> impl Iterator<
    Item = (Option<&'a str>, &'a ast::Pattern<&'a str>, &'e Location, &'a ast::Pattern<&'a str>, &'e Location),
> + 'e
where
    'a: 'e,
{
    patterns(en).filter_map(move |(attribute, en_pattern, en_at)| {
        let (es_pattern, es_at) = match attribute {
            None => es.value.map(|v| (v, &es.at)),
            Some(name) => es.attribute(name).map(|a| (a.value, &a.at)),
        }?;
        Some((attribute, en_pattern, en_at, es_pattern, es_at))
    })
}

/// "`id`" or "`id.attr`", the way templates name a value or an attribute.
pub(super) fn key_name(entry: &Entry, attribute: Option<&str>) -> String {
    match attribute {
        Some(name) => format!("`{}.{name}`", entry.id),
        None => format!("`{}`", entry.id),
    }
}

#[cfg(test)]
pub(super) mod testing {
    //! One way for every code's tests to build a catalog from text and read what was reported.

    use super::*;
    use crate::diagnostics::Finding;

    /// Files given as `(path, text)`, per language.
    pub fn with_files<R>(en: &[(&str, &str)], es: &[(&str, &str)], run: impl FnOnce(&Catalog) -> R) -> R {
        let make = |files: &[(&str, &str)]| {
            files.iter().map(|(p, t)| FtlFile { path: p.to_string(), text: t.to_string() }).collect()
        };
        let files: [Vec<FtlFile>; 2] = [make(en), make(es)];
        let parsed = parse_all(&files);
        let catalog = Catalog::new(&parsed);
        run(&catalog)
    }

    /// One site file per language: `i18n/en.ftl`, `i18n/es.ftl`.
    pub fn with_site<R>(en: &str, es: &str, run: impl FnOnce(&Catalog) -> R) -> R {
        with_files(&[("i18n/en.ftl", en)], &[("i18n/es.ftl", es)], run)
    }

    /// What one code's `check` reports for one site file per language, as `summary` lines.
    pub fn report(en: &str, es: &str, check: fn(&Catalog, &mut Out)) -> Vec<String> {
        with_site(en, es, |c| {
            let mut out = Out::default();
            check(c, &mut out);
            summary(out)
        })
    }

    /// `warning en:3 es:- <message> | <hint>`, one line per finding.
    pub fn summary(out: Out) -> Vec<String> {
        out.raws.into_iter().map(|raw| line(&raw.finding)).collect()
    }

    fn line(f: &Finding) -> String {
        let side = |l: &Option<Location>| match l {
            Some(Location { line: Some(n), .. }) => n.to_string(),
            Some(_) => "?".to_string(),
            None => "-".to_string(),
        };
        format!("{} en:{} es:{} {} | {}", f.severity.as_str(), side(&f.en), side(&f.es), f.message, f.hint)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::with_files;
    use super::*;

    #[test]
    fn site_file_overrides_theme_message_by_message() {
        let theme = "a = Theme A\nb = Theme B\n";
        let site = "\n\nb = Site B\n";
        with_files(&[("themes/t/i18n/en.ftl", theme), ("i18n/en.ftl", site)], &[], |c| {
            let a = c.get(Lang::En, "a").unwrap();
            let b = c.get(Lang::En, "b").unwrap();
            assert_eq!(a.at, Location::new("themes/t/i18n/en.ftl", 1));
            assert_eq!(b.at, Location::new("i18n/en.ftl", 3));
        });
    }

    #[test]
    fn ids_in_unparsable_text_are_marked_broken() {
        with_files(&[("i18n/en.ftl", "ok = Fine\nbad = { $x\nlater = Later\n")], &[], |c| {
            assert!(c.is_broken(Lang::En, "bad"));
            assert!(c.get(Lang::En, "later").is_some());
            assert_eq!(c.get(Lang::En, "later").unwrap().at.line, Some(3));
        });
    }

    #[test]
    fn file_for_follows_the_layer() {
        assert_eq!(file_for(Lang::Es, "themes/puente/i18n/en.ftl"), "themes/puente/i18n/es.ftl");
        assert_eq!(file_for(Lang::Es, "i18n/en.ftl"), "i18n/es.ftl");
        assert_eq!(file_for(Lang::En, "(built-in puente theme)/i18n/es.ftl"), "i18n/en.ftl");
    }
}
