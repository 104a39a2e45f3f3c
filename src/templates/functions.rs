//! Template functions: Zola's (`get_url`, `get_page`, `get_section`, `get_taxonomy*`, `trans`,
//! `now`) and Puente's `fluent`. Each language's Tera gets its own copies, whose `lang`
//! defaults to that language. Results come from values serialized once in `SiteData`.

use super::{Listed, SharedSite, SiteData};
use crate::config::Lang;
use crate::content::ContentRef;
use crate::fluent::Strings;
use serde_json::{Value, json};
use sha2::Digest;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tera::{Error, Tera};

pub(super) type Args = HashMap<String, Value>;

pub fn register(tera: &mut Tera, lang: Lang, site: &SharedSite, strings: &Arc<Strings>) {
    register_files(tera, lang, site);
    let s = site.clone();
    tera.register_function("get_page", move |args: &Args| {
        // Recursive: a render already holds a read lock on the site data.
        let s = s.read_recursive();
        let (path, lang) = content_path(args, lang, "get_page")?;
        match s.library.find(lang, &path) {
            Some(ContentRef::Page(i)) => Ok(s.page_full(i, Listed::WHOLE)),
            // `required=false` is Puente's addition, so a theme can show a block only when the
            // site has that page.
            _ if !bool_arg(args, "required", true)? => Ok(Value::Null),
            _ => Err(Error::msg(format!("get_page: there is no page `{path}` in {}", lang.content_dir()))),
        }
    });
    let s = site.clone();
    tera.register_function("get_section", move |args: &Args| {
        // Recursive: a render already holds a read lock on the site data.
        let s = s.read_recursive();
        let (path, lang) = content_path(args, lang, "get_section")?;
        let metadata_only = bool_arg(args, "metadata_only", false)?;
        match s.library.find(lang, &path) {
            Some(ContentRef::Section(i)) if metadata_only => Ok(s.section_meta[i].clone()),
            Some(ContentRef::Section(i)) => Ok(s.section_full(i).clone()),
            _ if !bool_arg(args, "required", true)? => Ok(Value::Null),
            _ => Err(Error::msg(format!("get_section: there is no section `{path}` in {}", lang.content_dir()))),
        }
    });
    let s = site.clone();
    tera.register_function("get_taxonomy", move |args: &Args| {
        // Recursive: a render already holds a read lock on the site data.
        let s = s.read_recursive();
        let kind = str_arg(args, "kind", "get_taxonomy")?;
        let lang = lang_arg(args, lang)?;
        let required = bool_arg(args, "required", true)?;
        let Some(taxonomy) = s.taxonomy(&kind, lang) else {
            return if required { Err(unknown_taxonomy(&kind)) } else { Ok(Value::Null) };
        };
        // `include_pages=false` (Puente's, as `get_taxonomy_term` has it) keeps a site-wide
        // sidebar linear: with pages, every call copies every tagged page.
        let include_pages = bool_arg(args, "include_pages", true)?;
        let items: Vec<Value> = (0..taxonomy.terms.len())
            .map(|t| s.term_value(taxonomy, t, include_pages.then_some(Listed::WHOLE)))
            .collect();
        Ok(json!({"kind": s.taxonomy_value(taxonomy), "lang": lang.code(),
                  "permalink": s.config.permalink(&taxonomy.path), "items": items}))
    });
    let s = site.clone();
    tera.register_function("get_taxonomy_term", move |args: &Args| {
        // Recursive: a render already holds a read lock on the site data.
        let s = s.read_recursive();
        let kind = str_arg(args, "kind", "get_taxonomy_term")?;
        let name = str_arg(args, "term", "get_taxonomy_term")?;
        let lang = lang_arg(args, lang)?;
        let include_pages = bool_arg(args, "include_pages", true)?;
        let required = bool_arg(args, "required", true)?;
        let taxonomy = s.taxonomy(&kind, lang).ok_or_else(|| unknown_taxonomy(&kind))?;
        let slug = slug::slugify(&name);
        match taxonomy.term_index(&slug) {
            Some(t) => Ok(s.term_value(taxonomy, t, include_pages.then_some(Listed::WHOLE))),
            None if !required => Ok(Value::Null),
            None => {
                Err(Error::msg(format!("get_taxonomy_term: no {} page uses the {kind} term `{name}`", lang.code())))
            }
        }
    });
    let translations = site.read_recursive().config.translations.clone();
    register_early(tera, lang, strings, translations);
}

/// The functions that need addresses and files but no rendered page: `get_url`, `get_hash`,
/// `load_data`, the image functions and `get_taxonomy_url`. Zola's "early" functions, which
/// shortcodes may call too.
pub fn register_files(tera: &mut Tera, lang: Lang, site: &SharedSite) {
    let s = site.clone();
    tera.register_function("get_url", move |args: &Args| get_url(&s.read_recursive(), lang, args));
    let s = site.clone();
    tera.register_function("get_hash", move |args: &Args| get_hash(&s.read_recursive(), args));
    let s = site.clone();
    tera.register_function("load_data", move |args: &Args| super::data::load_data(&s.read_recursive(), lang, args));
    let s = site.clone();
    tera.register_function("get_image_metadata", move |args: &Args| {
        super::images::get_image_metadata(&s.read_recursive(), lang, args)
    });
    let s = site.clone();
    tera.register_function("resize_image", move |args: &Args| {
        super::images::resize_image(&s.read_recursive(), lang, args)
    });
    let s = site.clone();
    tera.register_function("get_taxonomy_url", move |args: &Args| {
        // Recursive: a render already holds a read lock on the site data.
        let s = s.read_recursive();
        let kind = str_arg(args, "kind", "get_taxonomy_url")?;
        let name = str_arg(args, "name", "get_taxonomy_url")?;
        let lang = lang_arg(args, lang)?;
        let required = bool_arg(args, "required", true)?;
        let taxonomy = s.taxonomy(&kind, lang).ok_or_else(|| unknown_taxonomy(&kind))?;
        let slug = slug::slugify(&name);
        match taxonomy.term_index(&slug).map(|t| &taxonomy.terms[t]) {
            Some(term) => Ok(json!(s.config.permalink(&term.path))),
            None if !required => Ok(Value::Null),
            None => Err(Error::msg(format!("get_taxonomy_url: no {} page uses the {kind} term `{name}`", lang.code()))),
        }
    });
}

/// The functions that need no site data: `trans`, `fluent`, `now`. Shortcodes get only these,
/// as Zola's "early" functions, because they render while the site data is being made.
pub fn register_early(
    tera: &mut Tera,
    lang: Lang,
    strings: &Arc<Strings>,
    translations: BTreeMap<Lang, BTreeMap<String, String>>,
) {
    tera.register_function("trans", move |args: &Args| {
        let key = str_arg(args, "key", "trans")?;
        let lang = lang_arg(args, lang)?;
        translations.get(&lang).and_then(|strings| strings.get(&key)).map(|text| json!(text)).ok_or_else(|| {
            Error::msg(format!("trans: the key `{key}` has no {} text under `translations:` in site.yaml", lang.code()))
        })
    });
    let strings = strings.clone();
    tera.register_function("fluent", move |args: &Args| {
        let key = str_arg(args, "key", "fluent")?;
        let lang = lang_arg(args, lang)?;
        let fluent_args: BTreeMap<String, Value> =
            args.iter().filter(|(k, _)| *k != "key" && *k != "lang").map(|(k, v)| (k.clone(), v.clone())).collect();
        strings.format(lang, &key, &fluent_args).map(Value::String).map_err(Error::msg)
    });
    let now = build_time();
    tera.register_function("now", move |args: &Args| {
        if bool_arg(args, "timestamp", false)? {
            return Ok(json!(now.timestamp()));
        }
        if bool_arg(args, "utc", false)? {
            Ok(json!(now.to_rfc3339()))
        } else {
            Ok(json!(now.with_timezone(&chrono::Local).to_rfc3339()))
        }
    });
}

/// The build's clock, read once; `SOURCE_DATE_EPOCH` pins it for reproducible output.
fn build_time() -> chrono::DateTime<chrono::Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now)
}

fn get_url(site: &SiteData, default_lang: Lang, args: &Args) -> tera::Result<Value> {
    let path = str_arg(args, "path", "get_url")?;
    let lang = lang_arg(args, default_lang)?;
    let trailing_slash = bool_arg(args, "trailing_slash", false)?;
    if let Some(rest) = path.strip_prefix("@/") {
        let (file, anchor) = match rest.split_once('#') {
            Some((file, anchor)) => (file, Some(anchor)),
            None => (rest, None),
        };
        let (file, lang) = zola_lang_suffix(file, lang);
        let Some(found) = site.library.find(lang, &file) else {
            return Err(Error::msg(format!("get_url: there is no `{file}` in {}", lang.content_dir())));
        };
        let mut url = site.permalink(found);
        if let Some(anchor) = anchor {
            url = format!("{url}#{anchor}");
        }
        return Ok(json!(url));
    }
    if path.contains("://") || path.starts_with("//") || path.starts_with("mailto:") || path.starts_with("tel:") {
        return Ok(json!(path));
    }
    let trimmed = path.trim_start_matches('/');
    let file = trimmed.split(['?', '#']).next().unwrap_or(trimmed);
    if !file.is_empty() && site.static_files.contains(file) {
        let mut url = format!("{}/{trimmed}", site.config.base_url);
        if bool_arg(args, "cachebust", false)? {
            // Zola's form: the first 20 hex digits of the file's SHA-256.
            let bytes = file_bytes(site, file)
                .ok_or_else(|| Error::msg(format!("get_url: cannot read `{file}` to cachebust it")))?;
            let digest: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            url.push_str(if url.contains('?') { "&h=" } else { "?h=" });
            url.push_str(&digest[..20]);
        }
        return Ok(json!(url));
    }
    let mut url = site.config.permalink(&site_path(site, lang, trimmed));
    // Zola's rule: without `trailing_slash=true` the address ends without a slash.
    if trailing_slash && !url.ends_with('/') && !file.contains('.') {
        url.push('/');
    } else if !trailing_slash && url.ends_with('/') {
        url.pop();
    }
    Ok(json!(url))
}

/// The site path a non-`@/` `get_url` path names in `lang`: a path that already starts with a
/// language's prefix stays (Zola's rule, for themes that pass `page.path`); a page or section
/// address of the other language becomes its counterpart's (a menu written with English paths
/// works in Spanish, where slugs are translated); anything else goes inside the language.
fn site_path(site: &SiteData, lang: Lang, trimmed: &str) -> String {
    let with_slash = format!("/{trimmed}");
    let prefixed = Lang::ALL.iter().any(|&l| {
        let prefix = site.config.lang_prefix(l);
        prefix != "/" && (with_slash.starts_with(&prefix) || with_slash == prefix.trim_end_matches('/'))
    });
    if prefixed {
        return with_slash;
    }
    let inside = format!("{}{}", site.config.lang_prefix(lang), localized(site, lang, trimmed));
    let as_page = |p: &str| if p.ends_with('/') { p.to_string() } else { format!("{p}/") };
    if site.content_at(&as_page(&inside)).is_none() {
        let other = format!("{}{trimmed}", site.config.lang_prefix(lang.other()));
        if let Some(found) = site.content_at(&as_page(&other))
            && let Some(counterpart) = site.library.counterpart(found)
        {
            return site.library.path(counterpart).to_string();
        }
    }
    inside
}

/// A theme's `tags/…` inside the Spanish site is `etiquetas/…` when the taxonomy has a Spanish
/// slug: themes link taxonomies by name, and the link must not 404 in the other language.
fn localized<'a>(site: &SiteData, lang: Lang, path: &'a str) -> std::borrow::Cow<'a, str> {
    let (first, rest) = path.split_once('/').map_or((path, ""), |(f, r)| (f, r));
    let declared = site.config.taxonomies.iter().find(|t| t.name == first || t.slug_in(lang.other()) == first);
    match declared {
        Some(t) if t.slug_in(lang) != first => {
            let sep = if path.contains('/') { "/" } else { "" };
            std::borrow::Cow::Owned(format!("{}{sep}{rest}", t.slug_in(lang)))
        }
        _ => std::borrow::Cow::Borrowed(path),
    }
}

/// The bytes of a static file, or of another file inside the site root (`get_hash`).
fn file_bytes(site: &SiteData, path: &str) -> Option<Vec<u8>> {
    let path = path.trim_start_matches('/');
    if let Some(file) = site.static_sources.get(path) {
        return match file {
            crate::output::OutputFile::Data(bytes) => Some(bytes.clone()),
            crate::output::OutputFile::Copy(source) => std::fs::read(source).ok(),
        };
    }
    if path.split(['/', '\\']).any(|s| s == "..") {
        return None;
    }
    let real = site.root.join(path).canonicalize().ok()?;
    let root = site.root.canonicalize().ok()?;
    real.starts_with(&root).then(|| std::fs::read(real).ok()).flatten()
}

/// A file a template names, found as Zola's `search_for_file` finds it: `@/x` in the language's
/// content folder; else the path from the site root, in `static/` (and the theme's), or in the
/// language's content folder. Returns its bytes and the site path it was read from.
pub(super) fn find_file(site: &SiteData, lang: Lang, path: &str) -> Option<(Vec<u8>, String)> {
    let candidates = match path.strip_prefix("@/") {
        Some(rest) => vec![format!("{}/{rest}", lang.content_dir())],
        None => {
            let trimmed = path.trim_start_matches('/');
            vec![trimmed.to_string(), format!("static/{trimmed}"), format!("{}/{trimmed}", lang.content_dir())]
        }
    };
    candidates.into_iter().find_map(|p| file_bytes(site, &p).map(|bytes| (bytes, p)))
}

fn get_hash(site: &SiteData, args: &Args) -> tera::Result<Value> {
    use base64::Engine;
    use sha2::Digest;
    let bytes = match (args.get("path").and_then(Value::as_str), args.get("literal").and_then(Value::as_str)) {
        (Some(path), None) => file_bytes(site, path).ok_or_else(|| {
            Error::msg(format!("get_hash: there is no file `{path}` in the site (or it is outside the site folder)"))
        })?,
        (None, Some(literal)) => literal.as_bytes().to_vec(),
        _ => return Err(Error::msg("get_hash: give exactly one of `path` or `literal`")),
    };
    let digest: Vec<u8> = match args.get("sha_type").and_then(Value::as_u64).unwrap_or(384) {
        256 => sha2::Sha256::digest(&bytes).to_vec(),
        384 => sha2::Sha384::digest(&bytes).to_vec(),
        512 => sha2::Sha512::digest(&bytes).to_vec(),
        other => return Err(Error::msg(format!("get_hash: `sha_type` must be 256, 384 or 512, not {other}"))),
    };
    if bool_arg(args, "base64", true)? {
        Ok(json!(base64::engine::general_purpose::STANDARD.encode(digest)))
    } else {
        Ok(json!(digest.iter().map(|b| format!("{b:02x}")).collect::<String>()))
    }
}

/// Zola names Spanish files `post.es.md`; accept that form and read the language from it.
fn zola_lang_suffix(path: &str, lang: Lang) -> (String, Lang) {
    for candidate in Lang::ALL {
        let suffix = format!(".{}.md", candidate.code());
        if let Some(stem) = path.strip_suffix(&suffix) {
            return (format!("{stem}.md"), candidate);
        }
    }
    (path.to_string(), lang)
}

fn content_path(args: &Args, default_lang: Lang, function: &str) -> tera::Result<(String, Lang)> {
    let path = str_arg(args, "path", function)?;
    let lang = lang_arg(args, default_lang)?;
    let path = path.trim_start_matches("@/");
    Ok(zola_lang_suffix(path, lang))
}

fn str_arg(args: &Args, name: &str, function: &str) -> tera::Result<String> {
    match args.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(Error::msg(format!("{function}: `{name}` must be text, not {other}"))),
        None => Err(Error::msg(format!("{function}: the argument `{name}` is required"))),
    }
}

fn bool_arg(args: &Args, name: &str, default: bool) -> tera::Result<bool> {
    match args.get(name) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(Error::msg(format!("`{name}` must be true or false, not {other}"))),
    }
}

fn lang_arg(args: &Args, default: Lang) -> tera::Result<Lang> {
    match args.get("lang") {
        None | Some(Value::Null) => Ok(default),
        Some(Value::String(code)) => {
            Lang::from_code(code).ok_or_else(|| Error::msg(format!("`lang` must be \"en\" or \"es\", not \"{code}\"")))
        }
        Some(other) => Err(Error::msg(format!("`lang` must be \"en\" or \"es\", not {other}"))),
    }
}

fn unknown_taxonomy(kind: &str) -> Error {
    Error::msg(format!("the taxonomy `{kind}` is not declared in site.yaml"))
}
