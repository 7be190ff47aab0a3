//! A JSON array of diagnostic objects with 1-based positions. No summary line: the output is
//! exactly one JSON document.

use serde::Serialize;

use super::{Files, Location};
use crate::Diagnostic;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    /// The column of the exclusive end of the range.
    end_column: usize,
    severity: &'static str,
    rule: &'static str,
    message: &'a str,
}

pub(super) fn render(diagnostics: &[Diagnostic], files: &mut Files<'_>) -> String {
    render_with(diagnostics, files, false)
}

/// The same array on one line (watch mode prints one array per check, a line each).
pub(super) fn render_line(diagnostics: &[Diagnostic], files: &mut Files<'_>) -> String {
    render_with(diagnostics, files, true)
}

fn render_with(diagnostics: &[Diagnostic], files: &mut Files<'_>, one_line: bool) -> String {
    let entries: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|diagnostic| {
            let location = Location::new(diagnostic.range, files.get(&diagnostic.path));
            JsonDiagnostic {
                path: &diagnostic.path,
                line: location.start.line,
                column: location.start.column,
                end_line: location.end.line,
                end_column: location.end.column,
                severity: diagnostic.severity.as_str(),
                rule: diagnostic.rule.name(),
                message: &diagnostic.message,
            }
        })
        .collect();
    let serialized = if one_line {
        serde_json::to_string(&entries)
    } else {
        serde_json::to_string_pretty(&entries)
    };
    let mut out = serialized.expect("a list of plain structs with string and integer fields always serializes");
    out.push('\n');
    out
}
