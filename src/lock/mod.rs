//! `translations.lock`: per Spanish page, the digests of the English blocks it was last
//! reviewed against and the review date (SPEC §4).
//!
//! Written sorted and stable (a `BTreeMap` through serde_yaml), so a review changes only the
//! lines of the pages reviewed and the file diffs well. This module reads and writes the lock
//! and computes digests; deciding what is stale, and how severe, is the checks' business.

pub mod history;

use crate::diagnostics::{Location, Problem, plain};
use crate::markdown::Skeleton;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

pub const LOCK_FILE: &str = "translations.lock";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// Spanish page (site-relative path) → its review.
    pub pages: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The English page it was reviewed against.
    pub en: String,
    /// `YYYY-MM-DD`.
    pub reviewed: String,
    /// One digest for the English title and description, then one per English block.
    pub blocks: Vec<String>,
}

impl Lock {
    pub fn read(root: &Path) -> Result<Lock, Problem> {
        let path = root.join(LOCK_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Lock::default()),
            Err(err) => {
                return Err(Problem::new(format!("cannot read {LOCK_FILE}: {}", crate::io_reason(&err)))
                    .at(Location::file(LOCK_FILE)));
            }
        };
        let body = without_comments(&text);
        if body.trim().is_empty() {
            return Ok(Lock::default());
        }
        if let Some(pages) = read_written_shape(&body) {
            return Ok(Lock { pages });
        }
        let pages: BTreeMap<String, Entry> = serde_yaml::from_str(&body).map_err(|err| {
            let line = err.location().map_or(1, |l| l.line()) + text.lines().take_while(|l| l.starts_with('#')).count();
            Problem::new(format!("{LOCK_FILE} is damaged: {}", plain(&err.to_string())))
                .at(Location::new(LOCK_FILE, line))
                .hint("restore it from version control, or delete it and run `puente review --all` after checking the translations")
        })?;
        Ok(Lock { pages })
    }

    pub fn to_text(&self) -> String {
        let mut text = String::from(
            "# translations.lock: which English text each Spanish page was reviewed against.\n# Written by `puente review`; commit it with the content. Do not edit by hand.\n",
        );
        if !self.pages.is_empty() {
            text.push_str(&serde_yaml::to_string(&self.pages).unwrap_or_default());
        }
        text
    }

    /// Writes atomically (temp file + rename), so an interrupted review leaves the old lock.
    pub fn write(&self, root: &Path) -> Result<(), Problem> {
        let failed = |err: std::io::Error| {
            Problem::new(format!("cannot write {LOCK_FILE}: {}", crate::io_reason(&err))).at(Location::file(LOCK_FILE))
        };
        let mut temp = tempfile::NamedTempFile::new_in(root).map_err(failed)?;
        std::io::Write::write_all(&mut temp, self.to_text().as_bytes()).map_err(failed)?;
        temp.persist(root.join(LOCK_FILE)).map_err(|e| failed(e.error))?;
        Ok(())
    }
}

/// The lock's text without its `#` comment lines (the header `to_text` writes).
fn without_comments(text: &str) -> String {
    text.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n")
}

/// Reads the lock when every line has exactly the shape `to_text` writes, and `None`
/// otherwise, for serde_yaml to read (it reads any YAML and says where damage is). A big
/// site's lock is megabytes that every `check` and `build` reads, and its own shape takes
/// a line scan.
fn read_written_shape(body: &str) -> Option<BTreeMap<String, Entry>> {
    let mut pages = BTreeMap::new();
    let mut lines = body.lines().peekable();
    while let Some(line) = lines.next() {
        let key = line.strip_suffix(':').filter(|key| is_plain_path(key))?;
        let en = lines.next()?.strip_prefix("  en: ").filter(|en| is_plain_path(en))?;
        let reviewed = lines.next()?.strip_prefix("  reviewed: ").filter(|date| is_plain_date(date))?;
        let blocks = match lines.next()? {
            "  blocks: []" => Vec::new(),
            "  blocks:" => {
                let mut blocks = Vec::new();
                while let Some(item) = lines.next_if(|line| line.starts_with("  - ")) {
                    blocks.push(plain_digest(&item[4..])?.to_string());
                }
                blocks
            }
            _ => return None,
        };
        let entry = Entry { en: en.to_string(), reviewed: reviewed.to_string(), blocks };
        if pages.insert(key.to_string(), entry).is_some() {
            return None;
        }
    }
    Some(pages)
}

/// A path YAML reads as the string written: path characters only, a letter first and a
/// slash inside (so never a number, a boolean or null).
fn is_plain_path(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.contains('/')
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-'))
}

fn is_plain_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A digest as written: lower-case hex, single-quoted when it looks like a number. (Read into
/// a string, serde_yaml gives a plain scalar's text as written, so `123456789012` and
/// `'123456789012'` read alike; the unit tests pin this.)
fn plain_digest(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')).unwrap_or(text);
    (!text.is_empty() && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))).then_some(text)
}

/// A short, stable digest of a piece of English text with its whitespace normalized, so
/// re-wrapping a paragraph does not make its translation stale.
pub fn digest(text: &str) -> String {
    // Runs of words go to the hasher joined by single spaces, without building the
    // normalized text: every English block of a big site passes here on every build.
    let mut hasher = Sha256::new();
    for (i, run) in crate::markdown::skeleton::word_runs(text).enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        hasher.update(run.as_bytes());
    }
    let mut out = String::with_capacity(12);
    for b in &hasher.finalize()[..6] {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The digests a review records for an English page: title and description, then each block.
pub fn page_digests(title: &str, description: &str, body: &str, skeleton: &Skeleton) -> Vec<String> {
    let mut digests = vec![digest(&format!("{title}\n{description}"))];
    digests.extend(skeleton.blocks.iter().map(|b| digest(body.get(b.start..b.end).unwrap_or_default())));
    digests
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_ignore_rewrapping_but_not_words() {
        assert_eq!(digest("a b\n c"), digest("a  b c"));
        assert_ne!(digest("a b c"), digest("a b d"));
        assert_eq!(digest("x").len(), 12);
        // The value recorded in existing locks: the first six bytes of SHA-256("a b c"), in hex.
        assert_eq!(digest(" a\tb\n\n c "), "0e9f64031fcb");
    }

    fn lock_with(blocks: Vec<String>, key: &str, en: &str) -> Lock {
        let mut lock = Lock::default();
        lock.pages.insert(key.into(), Entry { en: en.into(), reviewed: "2026-11-28".into(), blocks });
        lock
    }

    /// What serde_yaml alone reads from the lock's text.
    fn read_by_serde(text: &str) -> Option<BTreeMap<String, Entry>> {
        serde_yaml::from_str(&without_comments(text)).ok()
    }

    #[test]
    fn the_written_shape_is_read_without_serde_yaml_and_anything_else_is_not() {
        let lock = lock_with(
            vec!["0e9f64031fcb".into(), "123456789012".into(), "12e456".into()],
            "content-es/a.md",
            "content-en/a.md",
        );
        let text = lock.to_text();
        assert!(text.contains("'123456789012'"), "{text}");
        let body = without_comments(&text);
        assert_eq!(read_written_shape(&body).as_ref(), Some(&lock.pages));
        // Unquoted, a digest of digits reads as its text, as serde_yaml reads it into a string.
        let unquoted = body.replace("'123456789012'", "123456789012");
        assert_eq!(read_written_shape(&unquoted), read_by_serde(&unquoted));
        for other in [
            "content-es/a.md:\n  en: content-en/a.md\n  reviewed: 2026-11-28\n  blocks: [abc]",
            "content-es/a.md:\n  reviewed: 2026-11-28\n  en: content-en/a.md\n  blocks: []",
            "content-es/a.md:\n  en: content-en/a.md\n  reviewed: 2026-11-28\n  blocks:\n  - \"1234\"",
            "\"content-es/a.md\":\n  en: content-en/a.md\n  reviewed: 2026-11-28\n  blocks: []",
            "content-es/a.md:\n  en: content-en/a.md\n  reviewed: 2026-11-28\n  blocks: []\ncontent-es/a.md:\n  en: content-en/b.md\n  reviewed: 2026-11-28\n  blocks: []",
        ] {
            assert_eq!(read_written_shape(other), None, "{other}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_reader_agrees_with_serde_yaml(
            key in "content-es/[a-z0-9_/.-]{1,12}\\.md",
            en in "content-en/[a-z0-9_/.-]{1,12}\\.md",
            blocks in proptest::collection::vec("[0-9a-f]{1,12}|[0-9]{1,12}|[0-9]{1,4}e[0-9]{1,4}", 0..4),
        ) {
            let text = lock_with(blocks, &key, &en).to_text();
            let body = without_comments(&text);
            let fast = read_written_shape(&body);
            proptest::prop_assert!(fast.is_some(), "{}", text);
            proptest::prop_assert_eq!(fast, read_by_serde(&text), "{}", text);
        }
    }

    #[test]
    fn lock_round_trips_sorted() {
        let mut lock = Lock::default();
        for name in ["content-es/z.md", "content-es/a.md"] {
            lock.pages.insert(
                name.into(),
                Entry { en: name.replace("es", "en"), reviewed: "2026-11-28".into(), blocks: vec!["abc".into()] },
            );
        }
        let text = lock.to_text();
        assert!(text.find("content-es/a.md").unwrap() < text.find("content-es/z.md").unwrap());
        let dir = tempfile::tempdir().unwrap();
        lock.write(dir.path()).unwrap();
        assert_eq!(Lock::read(dir.path()).unwrap(), lock);
    }
}
