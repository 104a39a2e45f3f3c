//! `puente import zola SRC DEST`: converts a Zola site with `import::zola` and prints what it
//! did, and what it could not convert, in words a non-programmer can act on (stdout).

use super::{ExitStatus, Global};
use crate::config::Lang;
use crate::import::{Note, Report};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The generator the site was made with
    #[arg(value_enum)]
    pub from: Generator,
    /// The site to convert (left unchanged)
    pub src: PathBuf,
    /// Folder for the new Puente site (created if missing; must be empty)
    pub dest: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Generator {
    /// A Zola site: config.toml, content/x.md and content/x.es.md
    Zola,
}

pub fn run(args: Args, global: &Global) -> ExitStatus {
    // Relative paths are taken from the current folder, and messages show them as typed.
    let result = match args.from {
        Generator::Zola => crate::import::zola::import(&args.src, &args.dest),
    };
    match result {
        Ok(report) => {
            if !global.quiet {
                print!("{}", summary(&report, &args.src, &args.dest));
            }
            ExitStatus::Success
        }
        Err(failure) => super::report(&failure, global),
    }
}

fn language(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Es => "Spanish",
    }
}

/// The report as printed: counts, one-language pages, what was copied, then every note.
pub fn summary(report: &Report, src: &Path, dest: &Path) -> String {
    let mut out = format!("Imported the Zola site {} into {}.\n\n", src.display(), dest.display());
    out += "Pages and sections converted:\n";
    for lang in Lang::ALL {
        let count = report.written[lang.index()].len();
        out += &format!("  {:<8} {count:>4}  (in {}/)\n", language(lang), lang.content_dir());
    }
    out += &format!("  In both languages: {} (each pair is one page in English and Spanish)\n", report.pairs);
    for lang in Lang::ALL {
        let only = report.only_in(lang);
        if only.is_empty() {
            continue;
        }
        let other = lang.other();
        out += &format!("\nOnly in {} ({}), with no {} version yet:\n", language(lang), only.len(), language(other));
        for path in &only {
            out += &format!("  {}/{path}\n", lang.content_dir());
        }
        out += &format!(
            "  To do: write each one in {}/ at the same path, or run `puente new PATH` for new pages.\n",
            other.content_dir()
        );
    }
    if report.relaxed_missing_translation {
        out += "  So that the site builds as it did with Zola, site.yaml makes a missing translation a warning\n";
        out += "  (`parity: {missing-translation: warning}`); remove that line once every page is translated.\n";
    }
    let mut copied = report.copied.clone();
    if report.assets > 0 {
        copied.push(format!("{} content file(s) such as images, beside their pages", report.assets));
    }
    if !copied.is_empty() {
        out += &format!("\nCopied as they were: {}.\n", copied.join(", "));
    }
    if report.notes.is_empty() {
        out += "\nEverything was converted.\n";
    } else {
        out += &format!("\nCould not convert as it was ({}):\n", report.notes.len());
        for note in &report.notes {
            out += &note_text(note);
        }
    }
    out += &format!(
        "\nNext: `puente check --root {dest}` lists where the two languages differ, and\n`puente build --root {dest}` builds the site.\n",
        dest = dest.display()
    );
    out
}

fn note_text(note: &Note) -> String {
    const SHOWN: usize = 5;
    let mut files = note.files.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if note.files.len() > SHOWN {
        files += &format!(" and {} more", note.files.len() - SHOWN);
    }
    format!("  - {files}: {}.\n    To do: {}.\n", note.message, note.todo)
}
