//! `match` statements. Each case body sees its subject as having matched the case's pattern and
//! the guard as true; later cases (and the code after a match that no case completed) see the
//! earlier patterns as not matched. Those facts are recorded as [`Predicate`]s on the subject when
//! it is a place, like an `if` test's, and types decide what each pattern means. The names a
//! pattern captures are definitions that point at their case, so their types are computed from
//! the subject's type and the pattern, lazily.

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{Expr, Identifier, Pattern, StmtMatch};

use super::Builder;
use crate::definition::DefinitionKind;
use crate::node_ids::NodeKey;
use crate::use_def::{FlowState, Predicate};

impl Builder {
    pub(super) fn visit_match(&mut self, match_stmt: &'static StmtMatch) {
        self.visit_expr(&match_stmt.subject);
        let subject: &'static Expr = &match_stmt.subject;
        // The state in which no case so far has been taken.
        let mut entry = self.current().flow.clone();
        let mut merged = FlowState::unreachable();
        for (index, case) in match_stmt.cases.iter().enumerate() {
            self.current_mut().flow = entry;
            let mut names = Vec::new();
            let mut values = Vec::new();
            collect_pattern(&case.pattern, &mut names, &mut values);
            for value in values {
                self.visit_expr(value);
            }
            let before_match = self.current().flow.clone();
            self.narrow_by_pattern(subject, &case.pattern, false);
            let mut not_taken = std::mem::replace(&mut self.current_mut().flow, before_match);
            self.narrow_by_pattern(subject, &case.pattern, true);
            for name in names {
                self.bind(
                    &name.id,
                    name.range,
                    DefinitionKind::MatchCapture {
                        stmt: match_stmt,
                        case: index,
                        name,
                    },
                    Some(NodeKey::of(name)),
                );
            }
            if let Some(guard) = &case.guard {
                self.visit_expr(guard);
                // A failed guard passes on to the next case too, with the captures bound.
                let matched = self.current().flow.clone();
                self.narrow_by(guard, false);
                not_taken.merge(&self.current().flow);
                self.current_mut().flow = matched;
                self.narrow_by(guard, true);
            } else if case.pattern.is_irrefutable() {
                not_taken = FlowState::unreachable();
            }
            self.visit_body(&case.body);
            merged.merge(&self.current().flow);
            entry = not_taken;
        }
        // No case was taken (unless one was irrefutable).
        merged.merge(&entry);
        self.current_mut().flow = merged;
    }

    /// Records that the subject matched `pattern` (or did not), when it is a place.
    fn narrow_by_pattern(&mut self, subject: &'static Expr, pattern: &'static Pattern, positive: bool) {
        let Some(place) = super::narrowing_subject(subject) else {
            return;
        };
        self.record_predicate(
            place,
            Predicate::Pattern {
                subject,
                pattern,
                positive,
            },
        );
    }
}

/// The names a pattern binds and the expressions it evaluates (values, classes, mapping keys).
fn collect_pattern(pattern: &'static Pattern, names: &mut Vec<&'static Identifier>, values: &mut Vec<&'static Expr>) {
    match pattern {
        Pattern::MatchValue(value) => values.push(&value.value),
        Pattern::MatchSingleton(_) => {}
        Pattern::MatchSequence(seq) => {
            for p in &seq.patterns {
                collect_pattern(p, names, values);
            }
        }
        Pattern::MatchMapping(mapping) => {
            values.extend(mapping.keys.iter());
            for p in &mapping.patterns {
                collect_pattern(p, names, values);
            }
            if let Some(rest) = &mapping.rest {
                names.push(rest);
            }
        }
        Pattern::MatchClass(class) => {
            values.push(&class.cls);
            for p in &class.arguments.patterns {
                collect_pattern(p, names, values);
            }
            for keyword in &class.arguments.keywords {
                collect_pattern(&keyword.pattern, names, values);
            }
        }
        Pattern::MatchStar(star) => {
            if let Some(name) = &star.name {
                names.push(name);
            }
        }
        Pattern::MatchAs(as_pattern) => {
            if let Some(p) = &as_pattern.pattern {
                collect_pattern(p, names, values);
            }
            if let Some(name) = &as_pattern.name {
                names.push(name);
            }
        }
        Pattern::MatchOr(or) => {
            // Every alternative binds the same names; bind them once.
            for (index, p) in or.patterns.iter().enumerate() {
                if index == 0 {
                    collect_pattern(p, names, values);
                } else {
                    let mut ignored = Vec::new();
                    collect_pattern(p, &mut ignored, values);
                }
            }
        }
    }
}
