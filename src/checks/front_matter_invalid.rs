//! # `front-matter-invalid`
//! What it finds: front matter that does not parse, a missing `title`, a wrongly typed key, a
//! date that is not a date, an undeclared taxonomy, a file that is not UTF-8 text.
//! Why it matters: the page cannot be published at all; it is left out of the build.
//! Example: `weight: "x"` on line 3 → error at that line naming `weight`.
//! Not flagged: unknown keys (that is `unknown-key`, a warning).
//! Silence it: it cannot be silenced; fix the file.

use super::{CheckCx, Out};
use crate::diagnostics::{Code, Finding};

pub fn check(cx: &CheckCx, out: &mut Out) {
    for problem in cx.input.invalid {
        let Some(at) = problem.at.clone() else {
            continue;
        };
        let finding = Finding::new(Code::FrontMatterInvalid, capitalize(&problem.message))
            .hint(problem.hint.clone().unwrap_or_default());
        let finding = if at.path.starts_with("content-es/") { finding.es(at) } else { finding.en(at) };
        out.site(finding);
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => {
            first.to_uppercase().collect::<String>() + chars.as_str() + if text.ends_with('.') { "" } else { "." }
        }
        None => String::new(),
    }
}
