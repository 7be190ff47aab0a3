//! `path:line:col: severity[rule] message`, one line per diagnostic, then the summary line.

use std::fmt::Write;

use super::{Files, Location, paint, severity_style, summary};
use crate::Diagnostic;

pub(super) fn render(diagnostics: &[Diagnostic], files: &mut Files<'_>, color: bool) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let location = Location::new(diagnostic.range, files.get(&diagnostic.path));
        let kind = format!("{}[{}]", diagnostic.severity, diagnostic.rule);
        // Writing to a `String` cannot fail.
        let _ = writeln!(
            out,
            "{path}:{line}:{column}: {kind} {message}",
            path = diagnostic.path,
            line = location.start.line,
            column = location.start.column,
            kind = paint(&kind, severity_style(diagnostic.severity), color),
            message = diagnostic.message,
        );
    }
    out.push_str(&summary(diagnostics.len()));
    out.push('\n');
    out
}
