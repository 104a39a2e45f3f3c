//! Puente builds one bilingual (English/Spanish) site from paired Markdown, and refuses to
//! publish a Spanish page that no longer says what the English page says.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//!
//! ```text
//! site.yaml ─▶ config ─┐
//! content-en/ ─┐       ▼
//! content-es/ ─┴▶ content ─▶ markdown ─▶ templates ─▶ output ─▶ public/
//!    (load, front matter, pair)   (HTML, ids, @/ links)   (Tera, Zola context)   (tree, atomic swap)
//! ```
//!
//! `pipeline` runs the stages in order for `build` (and later `check` and `serve`); `cli` holds
//! one file per subcommand. `diagnostics` names places in the user's files for every stage.

// Bad input must become a message with a file and a line, never a panic: no `unwrap`/`expect`
// outside tests, except where a comment says why the value cannot be missing (`#[allow]`).
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod checks;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fluent;
pub mod import;
pub mod locale;
pub mod lock;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod serve;
pub mod templates;
pub mod theme;

use std::path::Path;

/// A path with `/` separators, as Puente prints and stores every path.
pub fn slash_path(path: &Path) -> String {
    let joined = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::RootDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if path.has_root() { format!("/{joined}") } else { joined }
}

/// An I/O error in words, without the "(os error 2)" suffix.
pub fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "it does not exist".to_string(),
        PermissionDenied => "permission denied".to_string(),
        AlreadyExists => "it already exists".to_string(),
        IsADirectory => "it is a folder, not a file".to_string(),
        StorageFull => "the disk is full".to_string(),
        ReadOnlyFilesystem => "the disk is read-only".to_string(),
        _ => {
            let text = err.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_lowercase()
        }
    }
}
