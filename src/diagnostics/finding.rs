//! `Finding`: one difference between the English and the Spanish, as data (SPEC §4).
//! Findings never abort a run; severities are settled in `checks`, rendering in `human`,
//! `json` and `github`.

use super::{Code, Location, Severity};

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// What differs, in plain language.
    pub message: String,
    /// One line on what to do.
    pub hint: String,
    /// A side that does not exist (a missing page) is `None`.
    pub en: Option<Location>,
    pub es: Option<Location>,
    /// The differing part of each side's line, for the human report to mark.
    pub marks: [Option<String>; 2],
}

impl Finding {
    pub fn new(code: Code, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: code.default_severity(),
            message: message.into(),
            hint: String::new(),
            en: None,
            es: None,
            marks: [None, None],
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = hint.into();
        self
    }

    pub fn en(mut self, at: Location) -> Finding {
        self.en = Some(at);
        self
    }

    pub fn es(mut self, at: Location) -> Finding {
        self.es = Some(at);
        self
    }

    pub fn at(self, en: Option<Location>, es: Option<Location>) -> Finding {
        Finding { en, es, ..self }
    }

    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    pub fn mark(mut self, en: Option<String>, es: Option<String>) -> Finding {
        self.marks = [en, es];
        self
    }

    /// Sort key: by page pair, then line, then code, so reports are stable.
    pub fn sort_key(&self) -> (Option<&Location>, Option<&Location>, Code, &str) {
        (self.en.as_ref().or(self.es.as_ref()), self.es.as_ref(), self.code, &self.message)
    }
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub pairs: usize,
}

impl Summary {
    pub fn of(findings: &[Finding], pairs: usize) -> Summary {
        let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
        Summary { errors, warnings: findings.len() - errors, pairs }
    }
}
