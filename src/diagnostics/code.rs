//! The registry of check codes (SPEC §4): each code's stable name and default severity in one
//! `match`, so the compiler notices a code without a name or a severity (ruff's `codes.rs`).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The name users write in `site.yaml`, front matter and `puente-ignore`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    MissingTranslation = "missing-translation", Error;
    FrontMatterInvalid = "front-matter-invalid", Error;
    FrontMatterMismatch = "front-matter-mismatch", Error;
    Untranslated = "untranslated", Warning;
    UnreviewedTranslation = "unreviewed-translation", Warning;
    StaleTranslation = "stale-translation", Error;
    StructureMismatch = "structure-mismatch", Error;
    ParagraphCount = "paragraph-count", Warning;
    ListMismatch = "list-mismatch", Error;
    TableMismatch = "table-mismatch", Error;
    CodeMismatch = "code-mismatch", Error;
    FootnoteMismatch = "footnote-mismatch", Error;
    LinkMismatch = "link-mismatch", Error;
    AnchorMismatch = "anchor-mismatch", Error;
    ImageMismatch = "image-mismatch", Error;
    HtmlMismatch = "html-mismatch", Error;
    ShortcodeMismatch = "shortcode-mismatch", Error;
    NumberMismatch = "number-mismatch", Error;
    LengthRatio = "length-ratio", Warning;
    BrokenLink = "broken-link", Error;
    CrossLanguageLink = "cross-language-link", Error;
    EsPunctuation = "es-punctuation", Warning;
    EsStyle = "es-style", Warning;
    FluentSyntax = "fluent-syntax", Error;
    FluentMissingMessage = "fluent-missing-message", Error;
    FluentAttributes = "fluent-attributes", Error;
    FluentVariables = "fluent-variables", Error;
    FluentUnchanged = "fluent-unchanged", Warning;
    FluentMissingKey = "fluent-missing-key", Error;
    UnknownKey = "unknown-key", Warning;
    UnusedIgnore = "unused-ignore", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_spec_has_31() {
        assert_eq!(Code::ALL.len(), 31);
        for &code in Code::ALL {
            assert_eq!(Code::from_name(code.as_str()), Some(code));
        }
    }
}
