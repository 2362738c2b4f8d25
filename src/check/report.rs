//! The three ways `verbale check` speaks: to people, to programs (JSON)
//! and to GitHub Actions (workflow annotations).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::Report;
use crate::diag::{Diagnostic, Severity, Sources};

/// Compiler-style diagnostics grouped by file, then coverage per locale.
pub fn human(sources: &dyn Sources, report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&d.report(sources));
    }
    if !report.coverage.is_empty() {
        out.push_str("locales:\n");
    }
    for c in &report.coverage {
        let pct = (c.translated * 100).checked_div(c.total).unwrap_or(100);
        let _ = write!(
            out,
            "  {}: {}/{} messages, {pct}%",
            c.locale, c.translated, c.total
        );
        if c.reference {
            out.push_str(" (reference)");
        }
        if c.incomplete {
            out.push_str(" (incomplete: gaps are warnings)");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} error{}, {} warning{}",
        report.errors(),
        if report.errors() == 1 { "" } else { "s" },
        report.warnings(),
        if report.warnings() == 1 { "" } else { "s" }
    );
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    locales: Vec<JsonLocale<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    notes: &'a [String],
    related: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonLocale<'a> {
    locale: &'a str,
    translated: usize,
    total: usize,
    reference: bool,
    incomplete: bool,
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The JSON document described in the README (schema version 1).
pub fn json(sources: &dyn Sources, report: &Report) -> String {
    let doc = JsonReport {
        version: 1,
        errors: report.errors(),
        warnings: report.warnings(),
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| {
                let lc = d.line_col(sources);
                JsonDiagnostic {
                    severity: severity(d),
                    code: d.code,
                    message: &d.message,
                    file: d.file().map(|f| f.display().to_string()),
                    line: lc.map(|(l, _)| l),
                    column: lc.map(|(_, c)| c),
                    notes: &d.notes,
                    related: d
                        .secondary
                        .iter()
                        .map(|l| {
                            let lc = l.span.as_ref().and_then(|s| {
                                sources
                                    .source(&l.file)
                                    .map(|text| crate::diag::line_col(&text, s.start))
                            });
                            JsonLabel {
                                file: l.file.display().to_string(),
                                line: lc.map(|(l, _)| l),
                                column: lc.map(|(_, c)| c),
                                message: &l.message,
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
        locales: report
            .coverage
            .iter()
            .map(|c| JsonLocale {
                locale: &c.locale,
                translated: c.translated,
                total: c.total,
                reference: c.reference,
                incomplete: c.incomplete,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// GitHub Actions workflow commands: one `::error …::` line per problem.
pub fn github(sources: &dyn Sources, report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let mut props = BTreeMap::new();
        if let Some(f) = d.file() {
            props.insert("file", f.display().to_string());
        }
        if let Some((l, c)) = d.line_col(sources) {
            props.insert("line", l.to_string());
            props.insert("col", c.to_string());
        }
        props.insert("title", d.code.to_string());
        let props: Vec<String> = ["file", "line", "col", "title"]
            .iter()
            .filter_map(|k| props.get(k).map(|v| format!("{k}={}", escape_property(v))))
            .collect();
        let mut message = d.message.clone();
        for n in &d.notes {
            message.push_str("\n= ");
            message.push_str(n);
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            severity(d),
            props.join(","),
            escape_data(&message)
        );
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
