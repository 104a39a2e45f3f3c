//! What a link in content points at, shared by the link, anchor, broken-link and
//! cross-language checks: `@/file.md#anchor`, a site path (`/es/noticias/`), an address of
//! this site (`https://example.gov/es/…`), another host, `tel:`, `mailto:`, or `#anchor`.

use super::CheckCx;
use crate::config::Lang;
use crate::content::ContentRef;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page or section of this site in the link's own language; `content` is `None` when
    /// nothing is there.
    Internal {
        content: Option<ContentRef>,
        anchor: Option<String>,
        written: String,
    },
    /// A page of this site in the other language.
    OtherLanguage {
        content: Option<ContentRef>,
        written: String,
    },
    /// `#anchor` on the same page.
    Fragment(String),
    External {
        host: String,
        url: String,
    },
    Tel(String),
    Mailto(String),
    /// Relative files (images, downloads) and anything else not compared as a page.
    Other,
}

pub fn classify(cx: &CheckCx, lang: Lang, dest: &str) -> Target {
    let dest = dest.trim();
    if let Some(rest) = dest.strip_prefix("@/") {
        let (path, anchor) = split_anchor(rest);
        return Target::Internal { content: cx.library.find(lang, path), anchor, written: dest.to_string() };
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Target::Fragment(anchor.to_string());
    }
    if let Some(number) = dest.strip_prefix("tel:") {
        return Target::Tel(number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect());
    }
    if let Some(address) = dest.strip_prefix("mailto:") {
        return Target::Mailto(address.to_lowercase());
    }
    let base = cx.config.base_url.as_str();
    let site_path = if let Some(rest) = dest.strip_prefix(base).filter(|r| r.starts_with('/')) {
        Some(rest)
    } else if dest.starts_with('/') && !dest.starts_with("//") {
        Some(dest)
    } else {
        None
    };
    if let Some(path) = site_path {
        let (path, anchor) = split_anchor(path);
        let path = path.split('?').next().unwrap_or(path);
        let other_prefix = cx.config.lang_prefix(lang.other());
        let own_prefix = cx.config.lang_prefix(lang);
        let with_slash = if path.ends_with('/') || path.contains('.') { path.to_string() } else { format!("{path}/") };
        let content = cx.by_path.get(with_slash.as_str()).copied();
        if other_prefix != "/" && with_slash.starts_with(&other_prefix) {
            return Target::OtherLanguage { content, written: dest.to_string() };
        }
        if own_prefix == "/" || with_slash.starts_with(&own_prefix) {
            if with_slash.contains('.') && !with_slash.ends_with('/') {
                return Target::Other;
            }
            return Target::Internal { content, anchor, written: dest.to_string() };
        }
        return Target::Other;
    }
    if let Some((scheme, rest)) = dest.split_once("://")
        && (scheme == "http" || scheme == "https")
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default().to_lowercase();
        return Target::External { host, url: dest.to_string() };
    }
    Target::Other
}

fn split_anchor(path: &str) -> (&str, Option<String>) {
    match path.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (path, None),
    }
}

/// The heading ids of a page, in order (for anchor checks).
pub fn heading_ids<'a>(cx: &CheckCx<'a>, content: ContentRef) -> Vec<&'a str> {
    cx.skeleton(content)
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            crate::markdown::skeleton::Kind::Heading { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect()
}
