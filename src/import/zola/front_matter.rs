//! One Zola Markdown file → the same file with YAML front matter Puente reads.
//!
//! TOML (`+++`) and YAML (`---`) front matter both become YAML, keys in the order they were
//! written. Keys Puente reads (`content::front_matter::PAGE_KEYS`, `SECTION_KEYS`) are kept;
//! Zola settings Puente has no counterpart for are dropped with a note; anything else moves
//! under `extra`, where templates still find it. `@/` links that name the file's own language
//! (`@/blog/post.es.md` in a Spanish page) lose the suffix, because Puente resolves `@/` links
//! in the page's own language. The body is otherwise left exactly as written.

use super::super::{Report, title_from};
use crate::config::Lang;
use crate::content::front_matter::{self, FrontMatterError, PAGE_KEYS, SECTION_KEYS};
use serde_yaml::{Mapping, Value};

/// What the conversion of one file needs to know about it.
#[derive(Debug, Clone)]
pub struct FileCx<'a> {
    /// Path relative to the Zola site, for notes (`content/blog/post.es.md`).
    pub at: &'a str,
    /// An `_index.md`.
    pub section: bool,
    /// The file's Zola language code, and whether it is Zola's default language.
    pub code: &'a str,
    pub default: bool,
    /// Every Zola language code with its Puente language, to read `@/x.es.md` links.
    pub languages: &'a [(String, Option<Lang>)],
    /// The title given to a file that has none (Puente requires one).
    pub fallback_title: String,
}

/// The converted text, or `None` when the file should be copied unchanged (a note says why).
pub fn convert(text: &str, cx: &FileCx<'_>, report: &mut Report) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body) = match front_matter::split(text) {
        Ok(split) => {
            let raw = &text[split.yaml_start..split.yaml_end];
            let parsed = if split.toml { toml_front(raw) } else { yaml_front(raw) };
            match parsed {
                Ok(front) => (front, &text[split.body_start..]),
                Err((line, message)) => {
                    let line = line + split.yaml_first_line - 1;
                    report.note(
                        format!("{}:{line}", cx.at),
                        format!("the front matter does not read ({message}), so the file was copied unchanged"),
                        "fix that line in the copy; `puente check` shows what is still wrong",
                    );
                    return None;
                }
            }
        }
        Err(FrontMatterError::Missing) => {
            // Zola refuses such a file; the title added below makes it a page.
            (Mapping::new(), text)
        }
        Err(_) => {
            report.note(
                cx.at,
                "the front matter is never closed (no second `+++` or `---` line), so the file was copied unchanged",
                "add the closing line in the copy",
            );
            return None;
        }
    };
    let front = convert_keys(front, cx, report);
    let yaml = match serde_yaml::to_string(&front) {
        Ok(yaml) => yaml,
        Err(err) => {
            report.note(cx.at, format!("the front matter could not be written as YAML ({err})"), "convert it by hand");
            return None;
        }
    };
    let out = format!("---\n{yaml}---\n{}", rewrite_links(body, cx, report));
    let keys = if cx.section { SECTION_KEYS } else { PAGE_KEYS };
    if let Err(FrontMatterError::Invalid { message, hint, .. }) = front_matter::parse(&out, keys) {
        report.note(cx.at, format!("Puente cannot read this file's front matter: {message}"), hint);
    }
    Some(out)
}

fn toml_front(raw: &str) -> Result<Mapping, (usize, String)> {
    super::super::toml_yaml::document(raw).map_err(|err| (err.line, err.message))
}

fn yaml_front(raw: &str) -> Result<Mapping, (usize, String)> {
    if raw.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match serde_yaml::from_str::<Value>(raw) {
        Ok(Value::Mapping(mapping)) => Ok(mapping),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err((1, "it is not a list of `key: value` lines".to_string())),
        Err(err) => Err((err.location().map_or(1, |l| l.line()), crate::diagnostics::plain(&err.to_string()))),
    }
}

/// Why Puente drops a Zola key it has no counterpart for, and what to do instead.
fn zola_only(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "in_search_index" => ("Puente builds no search index", "nothing to do"),
        "insert_anchor_links" => (
            "Puente puts heading links on every page or on none",
            "set `markdown: {anchor_links: left}` (or right, heading) in site.yaml if you want them",
        ),
        "render" => ("Puente writes every page it reads", "delete the file if it should not be published"),
        "redirect_to" => {
            ("Puente has no redirecting sections", "add this section's old address to the target page's `aliases:`")
        }
        "transparent" => ("Puente lists a subsection's pages in that subsection only", "nothing to do"),
        "generate_feeds" | "generate_feed" => {
            ("Puente writes one Atom feed per language, not per section", "nothing to do")
        }
        _ => return None,
    })
}

fn convert_keys(front: Mapping, cx: &FileCx<'_>, report: &mut Report) -> Mapping {
    let allowed = if cx.section { SECTION_KEYS } else { PAGE_KEYS };
    let mut out = Mapping::new();
    let mut moved = Mapping::new();
    for (key, value) in front {
        let Some(name) = key.as_str().map(str::to_string) else {
            report.note(cx.at, "a front-matter key that is not a word was left out", "nothing to do");
            continue;
        };
        // Zola renamed `generate_feed` to `generate_feeds` in 0.19.
        let name =
            if name == "generate_feed" && allowed.contains(&"generate_feeds") { "generate_feeds".into() } else { name };
        if allowed.contains(&name.as_str()) {
            if let Some(value) = convert_value(&name, value, cx, report) {
                out.insert(Value::String(name), value);
            }
        } else if let Some((why, todo)) = zola_only(&name) {
            report.note(cx.at, format!("front-matter key `{name}` was dropped: {why}"), todo);
        } else {
            report.note(
                cx.at,
                format!("front-matter key `{name}` is not one Puente reads, so it was moved under `extra:`"),
                format!("nothing to do; templates read it as `page.extra.{name}` (or `section.extra.{name}`)"),
            );
            moved.insert(Value::String(name), value);
        }
    }
    if !moved.is_empty() {
        match out.get_mut("extra") {
            None => {
                out.insert("extra".into(), Value::Mapping(moved));
            }
            Some(Value::Mapping(extra)) => {
                for (key, value) in moved {
                    if extra.contains_key(&key) {
                        let name = key.as_str().unwrap_or_default();
                        report.note(
                            cx.at,
                            format!("front-matter key `{name}` was dropped: `extra` already has a `{name}`"),
                            "move its value by hand if it is needed",
                        );
                    } else {
                        extra.insert(key, value);
                    }
                }
            }
            Some(_) => report.note(
                cx.at,
                "`extra` is not a map, so the keys Puente does not read were dropped",
                "make `extra` a map and move those keys under it by hand",
            ),
        }
    }
    let has_title = out.get("title").and_then(Value::as_str).is_some_and(|t| !t.trim().is_empty());
    if has_title {
        return out;
    }
    report.note(
        cx.at,
        "there was no `title` (Zola allows that, Puente needs one), so one was made from the file name",
        "check these titles; templates and the language switcher show them",
    );
    let mut titled = Mapping::new();
    titled.insert("title".into(), Value::String(cx.fallback_title.clone()));
    titled.extend(out.into_iter().filter(|(key, _)| key.as_str() != Some("title")));
    titled
}

/// A kept key's value, in the form Puente reads; `None` drops it (a note says why).
fn convert_value(key: &str, value: Value, cx: &FileCx<'_>, report: &mut Report) -> Option<Value> {
    let text = |value: &Value| match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match key {
        "title" | "description" => Some(text(&value).map(Value::String).unwrap_or(value)),
        "date" | "updated" => {
            let written = text(&value)?;
            if front_matter::parse_date(&written).is_none() {
                report.note(
                    cx.at,
                    format!("`{key}` is written in a form Puente does not read as a date"),
                    format!("write it as year-month-day, such as `{key}: 2026-11-27` or `2026-11-27T10:00:00Z`"),
                );
            }
            Some(Value::String(written))
        }
        "aliases" => Some(match value {
            Value::String(alias) => Value::Sequence(vec![Value::String(alias)]),
            other => other,
        }),
        "path" => {
            let mut path = text(&value)?.trim().trim_start_matches('/').to_string();
            // Zola accepts a path that already starts with the language (`es/noticias`);
            // Puente's `path` is under the language's prefix.
            if !cx.default
                && let Some(rest) = path.strip_prefix(&format!("{}/", cx.code))
            {
                path = rest.to_string();
            }
            Some(Value::String(path))
        }
        "taxonomies" => {
            let Value::Mapping(terms) = value else {
                report.note(
                    cx.at,
                    "`taxonomies` is not a map of lists, so it was dropped",
                    "write `taxonomies: {tags: [a, b]}`",
                );
                return None;
            };
            let terms = terms.into_iter().map(|(name, list)| {
                let list = match list {
                    Value::Sequence(items) => Value::Sequence(
                        items.into_iter().map(|item| text(&item).map(Value::String).unwrap_or(item)).collect(),
                    ),
                    other => match text(&other) {
                        Some(one) => Value::Sequence(vec![Value::String(one)]),
                        None => other,
                    },
                };
                (name, list)
            });
            Some(Value::Mapping(terms.collect()))
        }
        _ => Some(value),
    }
}

/// `@/x.es.md` → `@/x.md` in a Spanish file (the file's own language), so Puente resolves the
/// link; a link into another language is left as written, with a note.
fn rewrite_links(body: &str, cx: &FileCx<'_>, report: &mut Report) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("@/") {
        out.push_str(&rest[..start + 2]);
        rest = &rest[start + 2..];
        let end = rest
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '#' | '?' | '>' | '<' | ']' | '}' | '|')
            })
            .unwrap_or(rest.len());
        let target = &rest[..end];
        out.push_str(&rewrite_target(target, cx, report));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn rewrite_target(target: &str, cx: &FileCx<'_>, report: &mut Report) -> String {
    let Some(stem) = target.strip_suffix(".md") else { return target.to_string() };
    let Some((base, code)) = stem.rsplit_once('.') else { return target.to_string() };
    let Some(lang) = cx.languages.iter().find(|(known, _)| known == code).map(|(_, lang)| *lang) else {
        return target.to_string();
    };
    if code == cx.code {
        return format!("{base}.md");
    }
    let which = match lang {
        Some(Lang::En) => "the English page",
        Some(Lang::Es) => "the Spanish page",
        None => "a page in a language Puente does not publish",
    };
    report.note(
        cx.at,
        format!("a link to `@/{target}` points to {which}; Puente's pages link within their own language, so it will not resolve"),
        "link to the page in this file's language instead (the language switcher already links each page's translation)",
    );
    target.to_string()
}

/// A title for a file that has none: the folder's name for `_index.md` and `index.md`.
pub fn fallback_title(dir: &str, base: &str) -> String {
    let name = if base == "_index" || base == "index" { dir.rsplit('/').next().unwrap_or(dir) } else { base };
    title_from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages() -> Vec<(String, Option<Lang>)> {
        vec![("en".into(), Some(Lang::En)), ("es".into(), Some(Lang::Es)), ("fr".into(), None)]
    }

    fn run(text: &str, section: bool, code: &str) -> (Option<String>, Report) {
        let languages = languages();
        let cx = FileCx {
            at: "content/x.md",
            section,
            code,
            default: code == "en",
            languages: &languages,
            fallback_title: "Made up".into(),
        };
        let mut report = Report::default();
        (convert(text, &cx, &mut report), report)
    }

    #[test]
    fn toml_becomes_yaml_in_order() {
        let (out, report) = run(
            "+++\ntitle = \"Summit\"\ndate = 2024-03-05\nweight = 2\n[taxonomies]\ntags = [\"border\"]\n[extra]\nimage = \"a.png\"\n+++\n\nBody.\n",
            false,
            "en",
        );
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        assert_eq!(
            out.unwrap(),
            "---\ntitle: Summit\ndate: 2024-03-05\nweight: 2\ntaxonomies:\n  tags:\n  - border\nextra:\n  image: a.png\n---\n\nBody.\n"
        );
    }

    #[test]
    fn unknown_keys_move_under_extra_and_zola_only_keys_are_dropped() {
        let (out, report) =
            run("+++\ntitle = \"T\"\ntoc = true\nin_search_index = false\n[extra]\na = 1\n+++\nBody\n", false, "en");
        let out = out.unwrap();
        assert!(out.contains("extra:\n  a: 1\n  toc: true\n"), "{out}");
        let messages: Vec<&str> = report.notes.iter().map(|n| n.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("`toc`") && m.contains("extra")), "{messages:?}");
        if !PAGE_KEYS.contains(&"in_search_index") {
            assert!(!out.contains("in_search_index"), "{out}");
            assert!(messages.iter().any(|m| m.contains("in_search_index")), "{messages:?}");
        }
    }

    #[test]
    fn a_missing_title_is_made_up_and_reported() {
        let (out, report) = run("+++\nsort_by = \"date\"\n+++\n", true, "en");
        assert_eq!(out.unwrap(), "---\ntitle: Made up\nsort_by: date\n---\n");
        assert_eq!(report.notes.len(), 1);
        let (out, _) = run("Just text\n", false, "en");
        assert_eq!(out.unwrap(), "---\ntitle: Made up\n---\nJust text\n");
    }

    #[test]
    fn yaml_front_matter_is_kept() {
        let (out, report) = run("---\ntitle: Hola\nslug: hola\n---\nCuerpo\n", false, "es");
        assert!(report.notes.is_empty());
        assert_eq!(out.unwrap(), "---\ntitle: Hola\nslug: hola\n---\nCuerpo\n");
    }

    #[test]
    fn own_language_links_lose_their_suffix() {
        let (out, report) = run(
            "+++\ntitle = \"A\"\n+++\n[a](@/blog/post.es.md#x) [b](@/_index.es.md) [c](@/blog/post.md) [d](@/blog/post.fr.md)\n",
            false,
            "es",
        );
        let out = out.unwrap();
        assert!(
            out.contains("[a](@/blog/post.md#x) [b](@/_index.md) [c](@/blog/post.md) [d](@/blog/post.fr.md)"),
            "{out}"
        );
        assert_eq!(report.notes.len(), 1, "the French link is reported");
    }

    #[test]
    fn broken_front_matter_is_copied_unchanged() {
        let (out, report) = run("+++\ntitle = \n+++\n", false, "en");
        assert!(out.is_none());
        assert_eq!(report.notes[0].files, ["content/x.md:2"]);
        let (out, _) = run("+++\ntitle = \"a\"\n", false, "en");
        assert!(out.is_none());
    }

    #[test]
    fn values_take_the_forms_puente_reads() {
        let (out, report) = run(
            "+++\ntitle = 2024\naliases = \"/old/\"\npath = \"/es/noticias\"\n[taxonomies]\ntags = \"one\"\n+++\n",
            false,
            "es",
        );
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        let out = out.unwrap();
        assert!(out.contains("title: '2024'"), "{out}");
        assert!(out.contains("aliases:\n- /old/\n"), "{out}");
        assert!(out.contains("path: noticias\n"), "{out}");
        assert!(out.contains("tags:\n  - one\n"), "{out}");
    }
}
