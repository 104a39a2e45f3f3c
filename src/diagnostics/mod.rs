//! Where things are and what went wrong, in words for the person at the keyboard.
//!
//! `Location` is a site-relative path plus a 1-based line, the only way any stage names a place
//! in the user's files. `Problem` is one fatal error with that location and a hint on what to do;
//! a run that cannot go on returns a `Failure` holding every problem it found, so a person fixes
//! all of them in one round instead of one per build.
//! `Finding`s are the other channel: differences between the languages, collected as data.
//! This module uses nothing else of ours.

mod code;
mod finding;
pub mod github;
pub mod human;
pub mod json;
mod line_index;

pub use code::{Code, Severity};
pub use finding::{Finding, Summary};
pub use line_index::LineIndex;

use std::fmt;

/// A place in the user's files: path relative to the site root (with `/`), 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub path: String,
    pub line: Option<usize>,
}

impl Location {
    pub fn new(path: impl Into<String>, line: usize) -> Location {
        Location { path: path.into(), line: Some(line) }
    }

    pub fn file(path: impl Into<String>) -> Location {
        Location { path: path.into(), line: None }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => f.write_str(&self.path),
        }
    }
}

/// One thing that stops a run: where, what, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
    /// The check code this problem is reported under when checks run (a page whose front
    /// matter does not read is a `front-matter-invalid` finding, not a crash).
    pub check: Option<Code>,
}

impl Problem {
    pub fn new(message: impl Into<String>) -> Problem {
        Problem { at: None, message: message.into(), hint: None, check: None }
    }

    pub fn check(mut self, code: Code) -> Problem {
        self.check = Some(code);
        self
    }

    pub fn at(mut self, at: Location) -> Problem {
        self.at = Some(at);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "error: {at}: {}", self.message)?,
            None => write!(f, "error: {}", self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  To fix: {hint}")?;
        }
        Ok(())
    }
}

/// Which exit code a failure maps to (SPEC §2): the site's setup is wrong (2), or the content or
/// templates could not be built (1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    Config,
    Build,
}

/// Every problem that stopped a run, sorted by place so reports are stable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub problems: Vec<Problem>,
}

impl Failure {
    pub fn config(problem: Problem) -> Failure {
        Failure { kind: FailureKind::Config, problems: vec![problem] }
    }

    pub fn build(mut problems: Vec<Problem>) -> Failure {
        problems.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.message.cmp(&b.message)));
        problems.dedup();
        Failure { kind: FailureKind::Build, problems }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl From<Problem> for Failure {
    fn from(problem: Problem) -> Failure {
        Failure::build(vec![problem])
    }
}

/// Makes a library error message readable for a non-programmer: serde and YAML messages end in
/// "at line 3 column 7", which our own location already says in the user's numbering.
pub fn plain(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    message[..cut].trim_end().to_string()
}
