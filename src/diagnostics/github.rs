//! `--format github`: GitHub Actions workflow commands, one per finding, annotating the file a
//! person must edit (the Spanish side when there is one).

use super::{Finding, Severity};

pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let Some(at) = f.es.as_ref().or(f.en.as_ref()) else {
            continue;
        };
        let mut message = f.message.clone();
        if let (Some(en), Some(_)) = (&f.en, &f.es) {
            message.push_str(&format!(" (English: {en})"));
        }
        if !f.hint.is_empty() {
            message.push_str(&format!("\nTo fix: {}", f.hint));
        }
        out.push_str(&format!(
            "::{level} file={},line={},title={}::{}\n",
            escape_property(&at.path),
            at.line.unwrap_or(1),
            escape_property(f.code.as_str()),
            escape_data(&message)
        ));
    }
    out
}

/// Workflow-command escaping (actions/toolkit `command.ts`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Location};

    #[test]
    fn one_annotation_on_the_spanish_file() {
        let finding = Finding::new(Code::NumberMismatch, "50% vs 5%")
            .hint("fix it")
            .en(Location::new("content-en/a.md", 3))
            .es(Location::new("content-es/a,b.md", 4));
        assert_eq!(
            render(&[finding]),
            "::error file=content-es/a%2Cb.md,line=4,title=number-mismatch::50%25 vs 5%25 (English: content-en/a.md:3)%0ATo fix: fix it\n"
        );
    }
}
