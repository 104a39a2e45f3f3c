//! `--format json`: one object, the schema of SPEC §4 (plus `hint`), documented in
//! docs/report.schema.json. The only place findings are serialized.

use super::{Finding, Location, Summary};
use serde_json::{Value, json};

pub fn render(findings: &[Finding], summary: Summary) -> String {
    let side = |at: &Option<Location>| match at {
        Some(at) => json!({"path": at.path, "line": at.line.unwrap_or(1)}),
        None => Value::Null,
    };
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code.as_str(),
                "severity": f.severity.as_str(),
                "message": f.message,
                "hint": f.hint,
                "en": side(&f.en),
                "es": side(&f.es),
            })
        })
        .collect();
    let report = json!({
        "findings": list,
        "summary": {"errors": summary.errors, "warnings": summary.warnings, "pairs": summary.pairs},
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
