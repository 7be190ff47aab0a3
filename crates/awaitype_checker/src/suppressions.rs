//! Suppression comments, because real code has them: `# type: ignore` (the typing spec's
//! comment; any bracketed codes are another tool's and are not interpreted) silences every
//! diagnostic on its line, or the whole file when it stands on its own line before the first
//! statement; `# awaitype: ignore` silences its line, and `# awaitype: ignore[rule, ...]` only the
//! named rules. An `awaitype: ignore` that silences nothing is itself reported
//! (`unused-ignore-comment`), so stale suppressions do not pile up. Syntax and I/O errors are
//! never suppressed: the file could not be read as Python at all.

use awaitype_diagnostics::{Diagnostic, Rule, TextRange};
use ruff_text_size::TextSize;

/// One suppression comment.
struct Suppression {
    /// The comment's range.
    range: TextRange,
    /// 0-based line.
    line: usize,
    /// The last line it covers: a comment on the first line of a statement that spans several
    /// lines (`from m import (  # type: ignore`) covers the whole statement.
    last_line: usize,
    kind: SuppressionKind,
    /// Which rules it silenced (for `awaitype: ignore[...]`, parallel to the rule list).
    used: Vec<bool>,
    used_any: bool,
}

enum SuppressionKind {
    TypeIgnore,
    /// `awaitype: ignore`, with the rule names given (empty: every rule).
    Awaitype(Vec<String>),
}

/// Removes the diagnostics silenced by the file's suppression comments and adds the warnings
/// for unused `awaitype: ignore` comments.
pub(crate) fn apply_suppressions(
    source: &str,
    comments: &[TextRange],
    first_statement: Option<TextSize>,
    statements: &[TextRange],
    display: &str,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    if comments.is_empty() {
        return diagnostics;
    }
    let line_starts = line_starts(source);
    let line_of = |offset: TextSize| line_starts.partition_point(|start| *start <= offset.to_usize()) - 1;
    let mut suppressions: Vec<Suppression> = Vec::new();
    for range in comments {
        let text = &source[range.start().to_usize()..range.end().to_usize()];
        let Some(kind) = parse_comment(text) else { continue };
        let line = line_of(range.start());
        if matches!(kind, SuppressionKind::TypeIgnore) && first_statement.is_none_or(|start| range.start() < start) {
            let own_line = source[line_starts[line]..range.start().to_usize()].trim().is_empty();
            if own_line {
                // A file-level `# type: ignore`: nothing in the file is checked for types.
                return diagnostics.into_iter().filter(|d| is_unsuppressible(d.rule)).collect();
            }
        }
        let rules = match &kind {
            SuppressionKind::Awaitype(rules) => rules.len(),
            SuppressionKind::TypeIgnore => 0,
        };
        let last_line = statements
            .iter()
            .filter(|statement| line_of(statement.start()) == line)
            .map(|statement| line_of(statement.end()))
            .max()
            .unwrap_or(line);
        suppressions.push(Suppression {
            range: *range,
            line,
            last_line,
            kind,
            used: vec![false; rules],
            used_any: false,
        });
    }
    if suppressions.is_empty() {
        return diagnostics;
    }
    let mut kept = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        if is_unsuppressible(diagnostic.rule) {
            kept.push(diagnostic);
            continue;
        }
        let line = line_of(diagnostic.range.start());
        let mut silenced = false;
        for suppression in suppressions
            .iter_mut()
            .filter(|s| s.line <= line && line <= s.last_line)
        {
            match &suppression.kind {
                SuppressionKind::TypeIgnore => silenced = true,
                SuppressionKind::Awaitype(rules) if rules.is_empty() => silenced = true,
                SuppressionKind::Awaitype(rules) => {
                    if let Some(position) = rules.iter().position(|rule| rule == diagnostic.rule.name()) {
                        suppression.used[position] = true;
                        silenced = true;
                    }
                }
            }
            if silenced {
                suppression.used_any = true;
                break;
            }
        }
        if !silenced {
            kept.push(diagnostic);
        }
    }
    for suppression in &suppressions {
        let SuppressionKind::Awaitype(rules) = &suppression.kind else {
            continue;
        };
        let unknown: Vec<String> = rules
            .iter()
            .filter(|rule| Rule::from_name(rule).is_none())
            .map(|rule| format!("`{rule}`"))
            .collect();
        let unused: Vec<String> = rules
            .iter()
            .zip(&suppression.used)
            .filter(|(rule, used)| !**used && Rule::from_name(rule).is_some())
            .map(|(rule, _)| format!("`{rule}`"))
            .collect();
        let plural = |list: &[String]| if list.len() == 1 { "" } else { "s" };
        let message = if !unknown.is_empty() {
            let first = rules
                .iter()
                .find(|rule| Rule::from_name(rule).is_none())
                .map_or("", String::as_str);
            let hint = awaitype_types::suggest::closest(first, Rule::ALL.iter().map(|rule| rule.name()))
                .map_or_else(String::new, |close| format!("; did you mean `{close}`?"));
            format!(
                "Unknown rule{} {} in `awaitype: ignore` comment{hint}",
                plural(&unknown),
                unknown.join(", ")
            )
        } else if !suppression.used_any && rules.is_empty() {
            "Unused `awaitype: ignore` comment: there is no diagnostic on this line to silence; remove it".to_string()
        } else if !unused.is_empty() {
            format!(
                "Unused rule{} {} in `awaitype: ignore` comment: no such diagnostic on this line",
                plural(&unused),
                unused.join(", ")
            )
        } else {
            continue;
        };
        kept.push(Diagnostic::new(
            display,
            suppression.range,
            Rule::UnusedIgnoreComment,
            message,
        ));
    }
    kept
}

fn is_unsuppressible(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::InvalidSyntax | Rule::IoError | Rule::InternalError | Rule::RevealedType
    )
}

/// Reads `# type: ignore[...]` or `# awaitype: ignore[...]` from a comment, which may hold
/// several `#`-separated parts (`# noqa: E501  # type: ignore`).
fn parse_comment(text: &str) -> Option<SuppressionKind> {
    for part in text.split('#') {
        let part = part.trim_start();
        if let Some(rest) = strip_directive(part, "type") {
            if rest.is_empty() || rest.starts_with('[') || rest.starts_with(char::is_whitespace) {
                return Some(SuppressionKind::TypeIgnore);
            }
        } else if let Some(rest) = strip_directive(part, "awaitype") {
            let rest = rest.trim_start();
            if let Some(list) = rest.strip_prefix('[') {
                let list = list.split(']').next().unwrap_or_default();
                let rules = list
                    .split(',')
                    .map(|rule| rule.trim().to_string())
                    .filter(|rule| !rule.is_empty())
                    .collect();
                return Some(SuppressionKind::Awaitype(rules));
            }
            return Some(SuppressionKind::Awaitype(Vec::new()));
        }
    }
    None
}

/// `<tool>: ignore` at the start of `part`, returning what follows `ignore`.
fn strip_directive<'a>(part: &'a str, tool: &str) -> Option<&'a str> {
    let rest = part.strip_prefix(tool)?.trim_start().strip_prefix(':')?.trim_start();
    rest.strip_prefix("ignore")
}

fn line_starts(source: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(source.match_indices('\n').map(|(index, _)| index + 1))
        .collect()
}
