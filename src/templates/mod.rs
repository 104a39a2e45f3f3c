//! Tera 1.x set up the way Zola sets it up, once per language.
//!
//! Template lookup: the site's `templates/` → the theme's `templates/` → Puente's built-ins
//! (Zola's rule; the theme's copy is also reachable as `<theme>/templates/<name>` so a site
//! template can extend it). Tera 1 functions cannot see the render context, so instead of
//! defaulting `lang` to the default language as Zola does (#3161), each language gets its own
//! Tera with `trans`, `fluent`, `get_url`… defaulting to that language. This module renders
//! strings; it never writes files and knows nothing about checks.

mod builtins;
pub mod context;
mod data;
mod filters;
mod functions;
pub mod images;
mod locate;
mod loops;
pub mod shortcodes;

pub use context::{Listed, MovedHtml, PAGE_KEYS, SiteData};
pub use shortcodes::Shortcodes;

/// The site data shared by every render and every template function. A lock, so `serve` can
/// update one page in place; renders take recursive read locks (functions lock again).
pub type SharedSite = Arc<parking_lot::RwLock<SiteData>>;

use crate::config::Lang;
use crate::diagnostics::{Location, Problem};
use crate::fluent::Strings;
use crate::theme::Theme;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use tera::Tera;

/// A template's text and where it came from (site-relative), for error messages.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub text: String,
    pub origin: String,
    /// One of Puente's own templates (sitemap, chooser…), not the site's or the theme's.
    pub builtin: bool,
}

/// Template name → source, after the site-over-theme-over-built-in lookup.
pub type TemplateSources = BTreeMap<String, TemplateSource>;

const TEMPLATE_EXTENSIONS: &[&str] = &["html", "htm", "xml", "txt", "md", "json", "ics"];

pub fn collect_sources(theme: &Theme, root: &Path) -> Result<TemplateSources, Vec<Problem>> {
    let mut sources = TemplateSources::new();
    let mut problems = Vec::new();
    for (name, text) in builtins::ALL {
        sources.insert(
            name.to_string(),
            TemplateSource { text: text.to_string(), origin: format!("(built-in {name})"), builtin: true },
        );
    }
    for (name, bytes) in theme.folder("templates") {
        if !is_template(name) {
            continue;
        }
        let origin = format!("{}/templates/{name}", theme.origin);
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                let source = TemplateSource { text: text.to_string(), origin, builtin: false };
                sources.insert(format!("{}/templates/{name}", theme.name), source.clone());
                sources.insert(name.to_string(), source);
            }
            Err(_) => problems.push(Problem::new("this template is not UTF-8 text").at(Location::file(origin))),
        }
    }
    let site_dir = root.join("templates");
    if site_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&site_dir).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = crate::slash_path(entry.path().strip_prefix(&site_dir).unwrap_or(entry.path()));
            if !is_template(&name) {
                continue;
            }
            let origin = format!("templates/{name}");
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    sources.insert(name, TemplateSource { text, origin, builtin: false });
                }
                Err(err) => problems.push(
                    Problem::new(format!("cannot read this template: {}", crate::io_reason(&err)))
                        .at(Location::file(origin)),
                ),
            }
        }
    }
    if problems.is_empty() { Ok(sources) } else { Err(problems) }
}

/// Template sources from `(name, text)` pairs, as if in the site's `templates/` (unit tests).
#[cfg(test)]
pub(crate) fn test_sources(files: &[(&str, &str)]) -> TemplateSources {
    let source = |text: &str, name: &str| TemplateSource {
        text: text.to_string(),
        origin: format!("templates/{name}"),
        builtin: false,
    };
    files.iter().map(|(name, text)| (name.to_string(), source(text, name))).collect()
}

fn is_template(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| TEMPLATE_EXTENSIONS.contains(&ext))
}

/// Parsed templates, one Tera per language.
pub struct Templates {
    tera: [Tera; 2],
    sources: TemplateSources,
    /// Per template, the page keys it or anything it extends, includes or imports could read
    /// (see `listed`).
    listed: std::collections::HashMap<String, Listed>,
    /// Templates that may read any `pages` (see `term_pages`).
    pages_readers: std::collections::BTreeSet<String>,
}

impl Templates {
    /// Parses every template (syntax errors name the template file and line), then registers
    /// the functions and filters per language over the finished site data.
    pub fn new(sources: &TemplateSources, site: SharedSite, strings: Arc<Strings>) -> Result<Templates, Vec<Problem>> {
        Ok(Templates::parse(sources)?.bind(site, strings))
    }

    /// The templates parsed and checked, before they know the site: `build` parses them while
    /// it builds the site's values.
    pub fn parse(sources: &TemplateSources) -> Result<ParsedTemplates<'_>, Vec<Problem>> {
        let mut base = Tera::default();
        base.set_escape_fn(escape_html);
        let raw: Vec<(&str, &str)> = sources.iter().map(|(name, s)| (name.as_str(), s.text.as_str())).collect();
        if let Err(err) = base.add_raw_templates(raw) {
            return Err(vec![tera_problem(&err, sources)]);
        }
        let loops = loops::check(sources);
        if !loops.is_empty() {
            return Err(loops);
        }
        Ok(ParsedTemplates { base, sources })
    }
}

/// Templates that parsed, waiting for the site their functions read.
pub struct ParsedTemplates<'a> {
    base: Tera,
    sources: &'a TemplateSources,
}

impl ParsedTemplates<'_> {
    pub fn bind(self, site: SharedSite, strings: Arc<Strings>) -> Templates {
        let ParsedTemplates { base, sources } = self;
        let tera = Lang::ALL.map(|lang| {
            let mut tera = base.clone();
            functions::register(&mut tera, lang, &site, &strings);
            filters::register(&mut tera, lang, &site);
            tera
        });
        let reads: std::collections::HashMap<&str, CodeReads> =
            sources.iter().map(|(name, s)| (name.as_str(), code_reads(&s.text))).collect();
        let mut listed = std::collections::HashMap::new();
        let mut pages_readers = std::collections::BTreeSet::new();
        for name in sources.keys() {
            let related: Vec<&CodeReads> =
                locate::related(sources, name).iter().filter_map(|n| reads.get(n.as_str())).collect();
            let could_read = |key: &str| related.iter().any(|r| r.could_read(key));
            listed.insert(name.clone(), Listed::reading(could_read));
            if could_read("pages") {
                pages_readers.insert(name.clone());
            }
        }
        Templates { tera, sources: sources.clone(), listed, pages_readers }
    }
}

impl Templates {
    /// Which keys of a page `template` is given (its `page`, a listing's pages, `translation`,
    /// `lower`/`higher`): those it or anything it extends, includes or imports could read.
    pub fn listed(&self, template: &str) -> Listed {
        self.listed.get(template).copied().unwrap_or(Listed::WHOLE)
    }

    /// Whether each term `template` is given carries its pages, and how much of them: a
    /// taxonomy's list of terms rarely shows them, and a term holding 2,000 pages is 2,000
    /// copies in that page's context.
    pub fn term_pages(&self, template: &str) -> Option<Listed> {
        self.pages_readers.contains(template).then(|| self.listed(template))
    }

    /// Whether `name` is Puente's own template (no site or theme template of that name).
    pub fn is_builtin(&self, name: &str) -> bool {
        self.sources.get(name).is_some_and(|s| s.builtin)
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera[0].get_template_names().any(|n| n == name)
    }

    /// The first of `names` that exists (Zola's fallbacks, e.g. `tags/list.html` then
    /// `taxonomy_list.html`).
    pub fn first_of<'a>(&self, names: &[&'a str]) -> Option<&'a str> {
        names.iter().copied().find(|n| self.has(n))
    }

    pub fn render(&self, lang: Lang, name: &str, context: &tera::Context) -> Result<String, Problem> {
        self.tera[lang.index()].render(name, context).map_err(|err| {
            let chain = error_chain(&err);
            let at = match locate::locate(&self.sources, name, &chain) {
                Some((origin, line)) => Location::new(origin, line),
                None => Location::file(self.sources.get(name).map_or(name, |s| s.origin.as_str())),
            };
            Problem::new(format!("the template could not be rendered: {chain}"))
                .at(at)
                .hint("fix the template at the place the message names; `{{ __tera_context }}` prints what a template can use")
        })
    }
}

/// What a template's code could read of the values it is given, by name: an identifier after
/// a `.` (`p.title`, `(pages | first).content`), or a dotted part of a string literal
/// (`p["content"]`, `sort_by(attribute="extra.weight")`, a key held in a variable). Only the
/// code inside `{{ }}` and `{% %}` counts: comments and the HTML around tags read nothing.
/// Anything that shows every key of an object reads everything: `__tera_context`,
/// `json_encode`, `for key, value in` (but not over `config`, which holds no pages).
/// Errs towards yes; what it cannot see is a key taken from site data (`p[config.extra.key]`).
#[derive(Debug, Default)]
struct CodeReads {
    everything: bool,
    names: std::collections::HashSet<String>,
}

impl CodeReads {
    fn could_read(&self, key: &str) -> bool {
        self.everything || self.names.contains(key)
    }
}

fn code_reads(text: &str) -> CodeReads {
    use regex::Regex;
    use std::sync::LazyLock;
    static COMMENT: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?s)\{#.*?#\}").ok());
    static TAG: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").ok());
    static NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r#"\.\s*(?P<key>[A-Za-z_]\w*)|"(?P<double>[^"]*)"|'(?P<single>[^']*)'|`(?P<back>[^`]*)`|(?P<all>__tera_context|json_encode)|for\s+\w+\s*,\s*\w+\s+in\s+(?P<iterated>\w+)"#,
        )
        .ok()
    });
    let (Some(comment), Some(tag), Some(name)) = (&*COMMENT, &*TAG, &*NAME) else {
        return CodeReads { everything: true, ..CodeReads::default() };
    };
    let mut reads = CodeReads::default();
    let code = comment.replace_all(text, "");
    for tag in tag.find_iter(&code) {
        for found in name.captures_iter(tag.as_str()) {
            if let Some(key) = found.name("key") {
                // `section.content` is the section's own text, which no listing needs.
                let owner = tag.as_str()[..found.get(0).map_or(0, |m| m.start())].trim_end();
                let of_section = owner
                    .strip_suffix("section")
                    .is_some_and(|before| !before.ends_with(|c: char| c.is_alphanumeric() || c == '_'));
                if !(key.as_str() == "content" && of_section) {
                    reads.names.insert(key.as_str().to_string());
                }
            } else if let Some(literal) = ["double", "single", "back"].iter().find_map(|g| found.name(g)) {
                let parts = literal.as_str().split(['.', '[', ']', '"', '\'']).map(str::trim);
                reads.names.extend(parts.filter(|p| !p.is_empty()).map(str::to_string));
            } else if found.name("all").is_some() || found.name("iterated").is_some_and(|i| i.as_str() != "config") {
                reads.everything = true;
            }
        }
    }
    reads
}

/// Tera's autoescape, with the same output as `tera::escape_html`, copying the runs between
/// special characters whole instead of one `char` at a time into a buffer twice the input's
/// size: Atom feeds and listings escape hundreds of megabytes on a big site.
fn escape_html(input: &str) -> String {
    let mut output = String::with_capacity(input.len() + input.len() / 8);
    let mut copied = 0;
    for (at, byte) in input.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            b'/' => "&#x2F;",
            _ => continue,
        };
        // The special characters are ASCII, so `at` is always a character boundary.
        output.push_str(&input[copied..at]);
        output.push_str(entity);
        copied = at + 1;
    }
    output.push_str(&input[copied..]);
    output
}

/// Tera's error and its causes, one sentence.
fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ").replace('\n', " ")
}

/// A template that does not parse: which file, which line (Tera reports ` --> line:column`).
pub(crate) fn tera_problem(err: &tera::Error, sources: &TemplateSources) -> Problem {
    let chain = error_chain(err);
    let name = chain.split('\'').nth(1).unwrap_or_default().to_string();
    let line = chain.split(" --> ").nth(1).and_then(|rest| rest.split(':').next()).and_then(|n| n.trim().parse().ok());
    let origin = sources.get(&name).map(|s| s.origin.clone()).unwrap_or(name);
    let at = match line {
        Some(line) => Location::new(origin, line),
        None => Location::file(origin),
    };
    let message = chain.split(" = ").last().unwrap_or(&chain).trim().to_string();
    Problem::new(format!("this template does not parse: {message}"))
        .at(at)
        .hint("check the `{{ … }}` and `{% … %}` tags on that line: every `{% if %}`/`{% for %}`/`{% block %}` needs its `{% end… %}`")
}

#[cfg(test)]
mod tests {
    use super::{code_reads, escape_html};
    use proptest::prelude::*;

    fn reads_content(text: &str) -> bool {
        code_reads(text).could_read("content")
    }

    fn reads_pages(text: &str) -> bool {
        code_reads(text).could_read("pages")
    }

    proptest! {
        #[test]
        fn escapes_as_tera_does(text in "[a-z&<>\"'/ é\u{1F600}]{0,40}") {
            prop_assert_eq!(escape_html(&text), tera::escape_html(&text));
        }
    }

    #[test]
    fn listings_drop_content_only_when_no_template_could_read_it() {
        for text in [
            "{% for p in term.pages %}{{ p.content | safe }}{% endfor %}",
            "{{ (section.pages | first).content }}",
            "{{ section.pages[0]. content }}",
            "{{ p[\"content\"] }}",
            "{% set key = 'content' %}{{ p[key] }}",
            "{{ __tera_context }}",
            "{{ page.lower | json_encode }}",
            "{% for key, value in translation %}{{ value }}{% endfor %}",
        ] {
            assert!(reads_content(text), "{text}");
        }
        let over_config = "{% for code, language in config.languages %}{{ code }}{% endfor %}";
        assert!(!reads_content(over_config) && !reads_pages(over_config), "{over_config}");
        for text in ["{% block content %}{{ section.content | safe }}{% endblock content %}", "{{ p.contents }}"] {
            assert!(!reads_content(text), "{text}");
        }
    }

    #[test]
    fn only_code_inside_tags_reads_keys() {
        let reads = code_reads(concat!(
            "{# page.toc #}<p class=\"page.slug\">{{ page.lower.title }}</p>",
            "{% for p in pages | sort_by(attribute=\"extra.weight\") %}{{ p['summary'] }}{% endfor %}",
            "{{ section.content }}{{ 1.5 }}",
        ));
        let mut names: Vec<&str> = reads.names.iter().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, ["extra", "lower", "summary", "title", "weight"]);
        assert!(!reads.everything);
    }

    #[test]
    fn term_lists_drop_pages_only_when_no_template_could_read_them() {
        for text in [
            "{% for t in terms %}{{ t.pages | length }}{% endfor %}",
            "{{ term . pages }}",
            "{{ t['pages'] }}",
            "{{ __tera_context }}",
            "{{ terms | json_encode }}",
            "{% for k, v in term %}{% endfor %}",
        ] {
            assert!(reads_pages(text), "{text}");
        }
        for text in ["{{ t.page_count }} {{ fluent(key='pages-count') }}", "{{ paginator.pages_total }}"] {
            assert!(!reads_pages(text), "{text}");
        }
    }
}
