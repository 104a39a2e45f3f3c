//! The built site before it touches the disk: output path → bytes or a file to copy.
//! A `BTreeMap`, so writing and comparing are in path order and the output is deterministic.

use crate::diagnostics::Problem;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    Data(Vec<u8>),
    /// Copied as is (static files and content assets), never read into memory.
    Copy(PathBuf),
}

/// Paths are relative to the output folder, with `/`, no leading slash: `es/noticias/index.html`.
#[derive(Debug, Default)]
pub struct OutputTree {
    pub files: BTreeMap<String, OutputFile>,
    /// Who produced each path, for the message when two things want the same one.
    owners: BTreeMap<String, String>,
}

impl OutputTree {
    /// Adds a file; a second producer of the same path is a problem naming both.
    pub fn insert(&mut self, path: String, file: OutputFile, owner: &str) -> Result<(), Problem> {
        if let Some(first) = self.owners.get(&path) {
            return Err(produced_twice(&path, first, owner));
        }
        self.owners.insert(path.clone(), owner.to_string());
        self.files.insert(path, file);
        Ok(())
    }

    /// Adds a file that may replace an earlier one (site static files over theme static files).
    pub fn insert_overriding(&mut self, path: String, file: OutputFile, owner: &str) {
        self.owners.insert(path.clone(), owner.to_string());
        self.files.insert(path, file);
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
}

/// Two things want the same output file.
pub(super) fn produced_twice(path: &str, first: &str, second: &str) -> Problem {
    Problem::new(format!("{second} and {first} both produce the output file {path}"))
        .hint("rename one of them (or change its `slug`/`aliases`) so each output file has one source")
}

/// The output file of a site path: `/es/noticias/` → `es/noticias/index.html`.
pub fn index_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        format!("{trimmed}/index.html")
    }
}
