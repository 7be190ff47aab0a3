//! Pairs a file's assertions with the diagnostics the checker reported for it.
//!
//! The contract is exact, per line: every diagnostic must be expected by an assertion on its line
//! and every assertion must be met by a diagnostic on its line, each consuming one of the other.
//! Exactness is what makes the suite catch both missed and spurious diagnostics. Because one
//! assertion can fit several diagnostics (`# error:` with no rule fits any), the pairing is a
//! maximum bipartite matching per line rather than first-come-first-served, so that the outcome
//! never depends on the order in which assertions are written.

use std::collections::BTreeMap;
use std::fmt;

use awaitype_diagnostics::Rule;

use crate::assertion::{Assertion, AssertionKind, revealed_type_message};

/// A diagnostic reduced to what assertions talk about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineDiagnostic {
    /// 1-based line of the diagnostic's start.
    pub line: usize,
    pub rule: Rule,
    pub message: String,
}

impl fmt::Display for LineDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.rule, self.message)
    }
}

/// Something left over after matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// No diagnostic on the line met the assertion; `actual` lists all of the line's diagnostics.
    UnmatchedAssertion {
        assertion: Assertion,
        actual: Vec<LineDiagnostic>,
    },
    /// No assertion on the line expected the diagnostic.
    UnexpectedDiagnostic(LineDiagnostic),
}

impl Mismatch {
    /// The line the mismatch is about.
    pub fn line(&self) -> usize {
        match self {
            Mismatch::UnmatchedAssertion { assertion, .. } => assertion.line,
            Mismatch::UnexpectedDiagnostic(diagnostic) => diagnostic.line,
        }
    }

    /// The description without the location, e.g.
    /// ``unmatched assertion: revealed: int; actual on this line: [revealed-type] Revealed type: `str` ``.
    pub fn description(&self) -> String {
        match self {
            Mismatch::UnmatchedAssertion { assertion, actual } => {
                let actual = if actual.is_empty() {
                    "none".to_string()
                } else {
                    actual.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
                };
                format!("unmatched assertion: {}; actual on this line: {actual}", assertion.kind)
            }
            Mismatch::UnexpectedDiagnostic(diagnostic) => format!("unexpected diagnostic: {diagnostic}"),
        }
    }
}

/// Whether `assertion` is met by `diagnostic` (ignoring lines).
pub fn assertion_matches(assertion: &AssertionKind, diagnostic: &LineDiagnostic) -> bool {
    match assertion {
        AssertionKind::Revealed(ty) => {
            diagnostic.rule == Rule::RevealedType && diagnostic.message == revealed_type_message(ty)
        }
        AssertionKind::Error { rule, message } => {
            diagnostic.rule != Rule::RevealedType
                && rule.is_none_or(|rule| rule == diagnostic.rule)
                && message
                    .as_deref()
                    .is_none_or(|message| diagnostic.message.contains(message))
        }
    }
}

/// Matches the assertions of one file against the diagnostics of that file. The result is
/// sorted by line; within a line, unmatched assertions come before unexpected diagnostics.
pub fn match_assertions(assertions: &[Assertion], diagnostics: &[LineDiagnostic]) -> Vec<Mismatch> {
    let mut lines: BTreeMap<usize, (Vec<&Assertion>, Vec<&LineDiagnostic>)> = BTreeMap::new();
    for assertion in assertions {
        lines.entry(assertion.line).or_default().0.push(assertion);
    }
    for diagnostic in diagnostics {
        lines.entry(diagnostic.line).or_default().1.push(diagnostic);
    }

    let mut mismatches = Vec::new();
    for (assertions, diagnostics) in lines.values() {
        let matched_diagnostic = maximum_matching(assertions, diagnostics);
        let mut diagnostic_matched = vec![false; diagnostics.len()];
        for &diagnostic in matched_diagnostic.iter().flatten() {
            diagnostic_matched[diagnostic] = true;
        }
        for (assertion, matched) in assertions.iter().zip(&matched_diagnostic) {
            if matched.is_none() {
                mismatches.push(Mismatch::UnmatchedAssertion {
                    assertion: (*assertion).clone(),
                    actual: diagnostics.iter().map(|&diagnostic| diagnostic.clone()).collect(),
                });
            }
        }
        for (diagnostic, matched) in diagnostics.iter().zip(diagnostic_matched) {
            if !matched {
                mismatches.push(Mismatch::UnexpectedDiagnostic((*diagnostic).clone()));
            }
        }
    }
    mismatches
}

/// For each assertion, the index of the diagnostic it is paired with (Kuhn's augmenting paths).
fn maximum_matching(assertions: &[&Assertion], diagnostics: &[&LineDiagnostic]) -> Vec<Option<usize>> {
    let fits: Vec<Vec<usize>> = assertions
        .iter()
        .map(|assertion| {
            (0..diagnostics.len())
                .filter(|&diagnostic| assertion_matches(&assertion.kind, diagnostics[diagnostic]))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; diagnostics.len()];
    for assertion in 0..assertions.len() {
        let mut visited = vec![false; diagnostics.len()];
        augment(assertion, &fits, &mut owner, &mut visited);
    }
    let mut matched = vec![None; assertions.len()];
    for (diagnostic, assertion) in owner.iter().enumerate() {
        if let Some(assertion) = assertion {
            matched[*assertion] = Some(diagnostic);
        }
    }
    matched
}

fn augment(assertion: usize, fits: &[Vec<usize>], owner: &mut [Option<usize>], visited: &mut [bool]) -> bool {
    for &diagnostic in &fits[assertion] {
        if visited[diagnostic] {
            continue;
        }
        visited[diagnostic] = true;
        let free = match owner[diagnostic] {
            None => true,
            Some(other) => augment(other, fits, owner, visited),
        };
        if free {
            owner[diagnostic] = Some(assertion);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assertion::parse_assertions;

    fn diagnostic(line: usize, rule: Rule, message: &str) -> LineDiagnostic {
        LineDiagnostic {
            line,
            rule,
            message: message.to_string(),
        }
    }

    fn revealed(line: usize, ty: &str) -> LineDiagnostic {
        diagnostic(line, Rule::RevealedType, &revealed_type_message(ty))
    }

    fn mismatches(source: &str, diagnostics: &[LineDiagnostic]) -> Vec<String> {
        let (assertions, errors) = parse_assertions(source);
        assert_eq!(errors, []);
        match_assertions(&assertions, diagnostics)
            .iter()
            .map(|mismatch| format!("{}: {}", mismatch.line(), mismatch.description()))
            .collect()
    }

    #[test]
    fn everything_matched() {
        let source = "x = 1\nreveal_type(x)  # revealed: int\nf()  # error: [call-non-callable] \"not callable\"\n";
        let diagnostics = [
            revealed(2, "int"),
            diagnostic(3, Rule::CallNonCallable, "Object of type `int` is not callable"),
        ];
        assert_eq!(mismatches(source, &diagnostics), Vec::<String>::new());
    }

    #[test]
    fn revealed_type_must_match_exactly() {
        let source = "reveal_type(x)  # revealed: int\n";
        assert_eq!(
            mismatches(source, &[revealed(1, "Unknown")]),
            [
                "1: unmatched assertion: revealed: int; actual on this line: [revealed-type] Revealed type: `Unknown`",
                "1: unexpected diagnostic: [revealed-type] Revealed type: `Unknown`",
            ]
        );
        assert_eq!(mismatches(source, &[revealed(1, "int | str")]).len(), 2);
    }

    #[test]
    fn missing_and_unexpected_diagnostics() {
        assert_eq!(
            mismatches("x  # error: [unresolved-reference]\n", &[]),
            ["1: unmatched assertion: error: [unresolved-reference]; actual on this line: none"]
        );
        assert_eq!(
            mismatches("x = 1\ny = 2\n", &[diagnostic(2, Rule::PossiblyUnbound, "m")]),
            ["2: unexpected diagnostic: [possibly-unbound] m"]
        );
    }

    #[test]
    fn diagnostics_must_be_on_the_assertions_line() {
        assert_eq!(
            mismatches("x\ny  # error:\n", &[diagnostic(1, Rule::UnresolvedReference, "m")]),
            [
                "1: unexpected diagnostic: [unresolved-reference] m",
                "2: unmatched assertion: error:; actual on this line: none",
            ]
        );
    }

    #[test]
    fn rule_and_message_constraints() {
        let d = [diagnostic(1, Rule::UnresolvedAttribute, "no attribute `foo`")];
        assert!(mismatches("x  # error: [unresolved-attribute]", &d).is_empty());
        assert!(mismatches("x  # error: \"attribute `foo`\"", &d).is_empty());
        assert!(mismatches("x  # error:", &d).is_empty());
        assert_eq!(mismatches("x  # error: [unresolved-reference]", &d).len(), 2);
        assert_eq!(mismatches("x  # error: [unresolved-attribute] \"bar\"", &d).len(), 2);
        // Error assertions never match revealed types, whatever the message.
        assert_eq!(mismatches("x  # error: \"Revealed\"", &[revealed(1, "int")]).len(), 2);
    }

    #[test]
    fn warnings_and_infos_are_matched_by_error_assertions() {
        let d = [diagnostic(1, Rule::UnusedAwaitable, "never awaited")];
        assert!(mismatches("f()  # error: [unused-awaitable]", &d).is_empty());
    }

    #[test]
    fn one_assertion_consumes_one_diagnostic() {
        let d = [
            diagnostic(1, Rule::UnresolvedReference, "a"),
            diagnostic(1, Rule::UnresolvedReference, "b"),
        ];
        assert_eq!(
            mismatches("f(a, b)  # error: [unresolved-reference]", &d),
            ["1: unexpected diagnostic: [unresolved-reference] b"]
        );
        assert!(
            mismatches(
                "f(a, b)  # error: [unresolved-reference] # error: [unresolved-reference]",
                &d
            )
            .is_empty()
        );
        assert_eq!(
            mismatches("x  # revealed: int # revealed: int", &[revealed(1, "int")]),
            ["1: unmatched assertion: revealed: int; actual on this line: [revealed-type] Revealed type: `int`"]
        );
    }

    #[test]
    fn matching_does_not_depend_on_assertion_order() {
        // A greedy pass would give `b` to the bare assertion and leave `"b"` unmatched.
        let d = [
            diagnostic(1, Rule::InvalidArgumentType, "b"),
            diagnostic(1, Rule::InvalidArgumentType, "a"),
        ];
        assert!(mismatches("f()  # error: [invalid-argument-type] # error: \"b\"", &d).is_empty());
        assert!(mismatches("f()  # error: \"b\" # error: [invalid-argument-type]", &d).is_empty());
    }

    #[test]
    fn own_line_assertions_match_the_next_code_line() {
        let source = "# revealed: int\n# error: [unresolved-reference]\nf(reveal_type(x))\n";
        let d = [revealed(3, "int"), diagnostic(3, Rule::UnresolvedReference, "f")];
        assert!(mismatches(source, &d).is_empty());
    }
}
