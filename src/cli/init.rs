//! `puente init DIR`: a small working bilingual site with the default theme, so a new user
//! has something that builds before they write a line.

use super::{ExitStatus, Global};
use crate::theme::DEFAULT_THEME;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to create the site in (created if missing; must be empty)
    pub dir: PathBuf,
}

const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("../builtins/init/site.yaml")),
    (".gitignore", "public/\n.puente-cache/\n.puente-build-*/\n"),
    ("content-en/_index.md", include_str!("../builtins/init/en_index.md")),
    ("content-es/_index.md", include_str!("../builtins/init/es_index.md")),
    ("content-en/news/_index.md", include_str!("../builtins/init/en_news_index.md")),
    ("content-es/news/_index.md", include_str!("../builtins/init/es_news_index.md")),
    ("content-en/news/welcome.md", include_str!("../builtins/init/en_welcome.md")),
    ("content-es/news/welcome.md", include_str!("../builtins/init/es_welcome.md")),
];

pub fn run(args: Args, global: &Global) -> ExitStatus {
    let dir = if args.dir.is_absolute() { args.dir.clone() } else { global.root.join(&args.dir) };
    if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("error: {} already exists and is not empty", dir.display());
        eprintln!("  To fix: choose a new folder name, or empty that folder first");
        return ExitStatus::Error;
    }
    match write_site(&dir) {
        Ok(()) => {
            if !global.quiet {
                eprintln!("Created a bilingual site in {}.", dir.display());
                eprintln!(
                    "Next: puente build --root {}   (the site goes to {}/public)",
                    args.dir.display(),
                    args.dir.display()
                );
            }
            ExitStatus::Success
        }
        Err(err) => {
            eprintln!("error: cannot create the site in {}: {}", dir.display(), crate::io_reason(&err));
            ExitStatus::Failure
        }
    }
}

fn write_site(dir: &Path) -> std::io::Result<()> {
    for (path, text) in FILES {
        write(&dir.join(path), text.as_bytes())?;
    }
    // The theme is copied, not referenced, so the site can change it and builds the same
    // with any later Puente.
    let theme = dir.join("themes").join(crate::theme::DEFAULT_THEME_NAME);
    copy_embedded(&DEFAULT_THEME, &theme)
}

fn copy_embedded(embedded: &include_dir::Dir<'static>, to: &Path) -> std::io::Result<()> {
    for file in embedded.files() {
        write(&to.join(file.path()), file.contents())?;
    }
    for sub in embedded.dirs() {
        copy_embedded(sub, to)?;
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}
