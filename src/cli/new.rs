//! `puente new PATH`: the English and Spanish files of one new page, with matching front
//! matter, so a page never starts life in one language only.

use super::{ExitStatus, Global};
use crate::config::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Path inside the content folders, such as `news/summit` (`.md` is optional)
    pub path: String,
}

pub fn run(args: Args, global: &Global) -> ExitStatus {
    let rel = args.path.trim().trim_start_matches('/').trim_end_matches(".md").to_string();
    let valid =
        !rel.is_empty() && !rel.contains('\\') && rel.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
    if !valid {
        eprintln!("error: `{}` is not a path inside the content folders", args.path);
        eprintln!("  To fix: write a path such as `news/summit`, without `..` or backslashes");
        return ExitStatus::Error;
    }
    if !global.root.join(crate::config::CONFIG_FILE).is_file() {
        eprintln!("error: {} has no site.yaml", global.root.display());
        eprintln!("  To fix: run `puente new` in the site's folder, or pass --root DIR");
        return ExitStatus::Error;
    }
    let targets = Lang::ALL.map(|lang| global.root.join(lang.content_dir()).join(format!("{rel}.md")));
    for target in &targets {
        if target.exists() {
            eprintln!("error: {} already exists; nothing was created", target.display());
            eprintln!("  To fix: choose another path, or edit the existing file");
            return ExitStatus::Error;
        }
    }
    let name = rel.rsplit('/').next().unwrap_or(&rel);
    let title = title_from(name);
    let today = chrono::Local::now().format("%Y-%m-%d");
    for (lang, target) in Lang::ALL.iter().zip(&targets) {
        // Both files start with the same title: the translation check flags the Spanish one
        // as untranslated until someone translates it.
        let body = match lang {
            Lang::En => "Write the English text here.\n",
            Lang::Es => "Escriba aquí el texto en español.\n",
        };
        let text = format!("---\ntitle: \"{title}\"\ndescription: \"\"\ndate: {today}\n---\n\n{body}");
        let written =
            target.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(target, text));
        if let Err(err) = written {
            eprintln!("error: cannot write {}: {}", target.display(), crate::io_reason(&err));
            return ExitStatus::Failure;
        }
        if !global.quiet {
            eprintln!("Created {}", target.display());
        }
    }
    ExitStatus::Success
}

/// `border-cooperation` → `Border cooperation`.
fn title_from(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}
