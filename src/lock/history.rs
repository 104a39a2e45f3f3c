//! The reviewed version of an English page, found in git history, so a stale-translation report
//! can show what changed (old text and new text) and not only where.
//!
//! Reads `git log` and `git show` through the `git` command; a site that is not a repository,
//! or a machine without git, simply gets no old text.

use crate::markdown::skeleton_only;
use std::path::Path;
use std::process::Command;

/// How far back to look: reviews older than this many commits of one file show no old text.
const MAX_COMMITS: usize = 30;

/// The English file's text at the commit whose block digests equal `reviewed`, if any.
pub fn reviewed_version(root: &Path, en_path: &str, reviewed: &[String], smart_punctuation: bool) -> Option<String> {
    let log = Command::new("git")
        .args(["log", "--format=%H", "-n", &MAX_COMMITS.to_string(), "--", en_path])
        .current_dir(root)
        .output()
        .ok()?;
    if !log.status.success() {
        return None;
    }
    for commit in String::from_utf8_lossy(&log.stdout).lines() {
        let show =
            Command::new("git").args(["show", &format!("{commit}:./{en_path}")]).current_dir(root).output().ok()?;
        if !show.status.success() {
            continue;
        }
        let Ok(text) = String::from_utf8(show.stdout) else {
            continue;
        };
        if digests_of(&text, smart_punctuation).as_deref() == Some(reviewed) {
            return Some(text);
        }
    }
    None
}

/// The digests a review would record for this file text, if its front matter reads.
pub fn digests_of(text: &str, smart_punctuation: bool) -> Option<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = crate::content::front_matter::parse(text, crate::content::front_matter::PAGE_KEYS).ok()?;
    let body = &text[parsed.body_start..];
    let skeleton = skeleton_only(body, smart_punctuation);
    let front = &parsed.front;
    Some(super::page_digests(
        front.title.as_deref().unwrap_or_default(),
        front.description.as_deref().unwrap_or_default(),
        body,
        &skeleton,
    ))
}

/// The text of each block of a file version (title/description first), matching `digests_of`.
pub fn block_texts(text: &str, smart_punctuation: bool) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(parsed) = crate::content::front_matter::parse(text, crate::content::front_matter::PAGE_KEYS) else {
        return Vec::new();
    };
    let body = &text[parsed.body_start..];
    let skeleton = skeleton_only(body, smart_punctuation);
    let front = &parsed.front;
    let mut out = vec![format!(
        "{}\n{}",
        front.title.as_deref().unwrap_or_default(),
        front.description.as_deref().unwrap_or_default()
    )];
    out.extend(skeleton.blocks.iter().map(|b| body.get(b.start..b.end).unwrap_or_default().trim().to_string()));
    out
}
