//! File events → what changed, for the rebuild loop. Knows nothing about HTTP.
//!
//! notify's full debouncer merges an editor's save (write a temporary file, rename it over the
//! original) into one event within a short window; events for editors' swap and backup files
//! and for folders Puente does not read (`public/`, `target/`, `.git/`) are dropped. Deletions
//! and renames count like writes (Zola dropped them, #3155).

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// Debounce window: long enough to merge an atomic save, short enough to feel instant.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// The folders and files a site is made of; changes anywhere else are ignored.
pub const WATCHED: &[&str] = &["content-en", "content-es", "themes", "templates", "static", "i18n", "sass"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Content,
    Templates,
    Fluent,
    Static,
    Config,
    Lock,
}

/// One debounced batch of changes: what kind, and which file.
pub type Batch = Vec<(ChangeKind, PathBuf)>;

/// Starts watching `root`; each message is one debounced batch of relevant changes.
pub fn watch(root: &Path) -> notify::Result<(impl Drop, Receiver<Batch>)> {
    let (tx, rx) = channel();
    let root_for_events = root.to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut changes: Vec<(ChangeKind, PathBuf)> = events
            .iter()
            // Reading a file is an event too on Linux; a rebuild reads every file, so reacting
            // to reads would rebuild forever.
            .filter(|event| !matches!(event.kind, notify::EventKind::Access(_)))
            .flat_map(|event| event.paths.iter())
            .filter_map(|path| classify(&root_for_events, path).map(|kind| (kind, path.clone())))
            .collect();
        changes.sort();
        changes.dedup();
        if !changes.is_empty() {
            let _ = tx.send(changes);
        }
    })?;
    // The root itself, not recursively: site.yaml and the lock, and folders created later.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok((Guard(Some(debouncer)), rx))
}

/// Keeps the debouncer (and its thread) alive as long as the caller holds it.
struct Guard<T>(Option<T>);

impl<T> Drop for Guard<T> {
    fn drop(&mut self) {
        self.0.take();
    }
}

pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    if is_temporary(&name) {
        return None;
    }
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    match first.as_ref() {
        "content-en" | "content-es" => Some(ChangeKind::Content),
        // A theme's Sass compiles into files like static ones: rebuild, not a template reload.
        "themes" if rel.components().any(|c| c.as_os_str() == "sass") => Some(ChangeKind::Static),
        "themes" | "templates" => Some(ChangeKind::Templates),
        "sass" => Some(ChangeKind::Static),
        "i18n" => Some(ChangeKind::Fluent),
        "static" => Some(ChangeKind::Static),
        "site.yaml" => Some(ChangeKind::Config),
        "translations.lock" => Some(ChangeKind::Lock),
        _ => None,
    }
}

/// Editors' temporary files: vim's `.swp`/`4913`/`~`, emacs' `#x#` and `.#x`, `.tmp`, dot files.
fn is_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_into_kinds_and_editor_files_dropped() {
        let root = Path::new("/site");
        let kind = |p: &str| classify(root, &root.join(p));
        assert_eq!(kind("content-es/news/a.md"), Some(ChangeKind::Content));
        assert_eq!(kind("themes/puente/templates/page.html"), Some(ChangeKind::Templates));
        assert_eq!(kind("i18n/es.ftl"), Some(ChangeKind::Fluent));
        assert_eq!(kind("site.yaml"), Some(ChangeKind::Config));
        assert_eq!(kind("sass/main.scss"), Some(ChangeKind::Static));
        assert_eq!(kind("themes/t/sass/main.scss"), Some(ChangeKind::Static));
        assert_eq!(kind("content-en/.a.md.swp"), None);
        assert_eq!(kind("content-en/a.md~"), None);
        assert_eq!(kind("content-en/4913"), None);
        assert_eq!(kind("public/index.html"), None);
    }
}
