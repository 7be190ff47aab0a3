//! Narrowing conditions: which tests narrow which names, recorded on the bindings that reach the
//! code they guard. Statements (`if`, `elif`, `while`, `assert`) and expressions (`x if c else y`,
//! `a and b`, `a or b`, comprehension `if` clauses) both record them. Where two paths meet, only
//! the conditions both established survive (see `Bindings::merge`), so a condition never leaks
//! past the code it guards.

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{Expr, ExprBoolOp, ExprIf, ExprName};

use super::Builder;
use crate::use_def::{Predicate, PredicateId};

impl Builder {
    /// Records that `test` is known to be true (`positive`) or false from here on, for the names
    /// it can narrow: `x`, `not x`, `x is None`, `x == 1`, `isinstance(x, C)`, `callable(x)`,
    /// `(x := value)`, and the operands of `and` (when true) or `or` (when false). The types
    /// crate decides what each condition means for the name's type.
    pub(super) fn narrow_by(&mut self, test: &'static Expr, positive: bool) {
        match test {
            Expr::UnaryOp(unary) if unary.op == ruff_python_ast::UnaryOp::Not => {
                self.narrow_by(&unary.operand, !positive);
            }
            Expr::BoolOp(bool_op) => {
                let all_hold = match bool_op.op {
                    ruff_python_ast::BoolOp::And => positive,
                    ruff_python_ast::BoolOp::Or => !positive,
                };
                if all_hold {
                    for value in &bool_op.values {
                        self.narrow_by(value, positive);
                    }
                } else if let Some(subject) = narrowing_subject(test) {
                    // `x is None or isinstance(x, str)`: one of the operands holds; the types
                    // crate joins what each would say about their common subject.
                    self.record_predicate(
                        subject,
                        Predicate {
                            test,
                            positive,
                            assigned: None,
                        },
                    );
                }
            }
            _ => {
                let Some(subject) = narrowing_subject(test) else {
                    return;
                };
                self.record_predicate(
                    subject,
                    Predicate {
                        test,
                        positive,
                        assigned: None,
                    },
                );
            }
        }
    }

    /// An assignment to an attribute place (`self.conn = None`) ends what earlier conditions said
    /// about it (and about longer places that start with it).
    pub(super) fn forget_place(&mut self, place: &'static Expr) {
        let Some(root) = place_root(place) else { return };
        let scope = self.current().id;
        let Some(symbol) = self.scopes[scope.index()].symbol_ids.get(&root.id).copied() else {
            return;
        };
        let predicates = &self.predicates;
        let flow = &mut self.frames.last_mut().expect("scope frame").flow;
        let Some(bindings) = flow.symbols.get_mut(symbol.index()) else {
            return;
        };
        bindings.forget(|id| {
            narrowing_subject(predicates[id.0 as usize].test).is_some_and(|subject| starts_with_place(subject, place))
        });
    }

    /// `place = value` for an attribute place: later reads of it see the assigned value (as far
    /// as the declared type allows).
    pub(super) fn narrow_by_assignment(&mut self, place: &'static Expr, value: &'static Expr) {
        self.forget_place(place);
        self.record_predicate(
            place,
            Predicate {
                test: place,
                positive: true,
                assigned: Some(value),
            },
        );
    }

    /// Records a condition about `place` on the bindings of the name it starts from.
    fn record_predicate(&mut self, place: &'static Expr, predicate: Predicate) {
        let Some(root) = place_root(place) else { return };
        let scope = self.current().id;
        let Some(symbol) = self.scopes[scope.index()].symbol_ids.get(&root.id).copied() else {
            return;
        };
        let id = PredicateId(u32::try_from(self.predicates.len()).expect("too many predicates"));
        self.predicates.push(predicate);
        let flow = &mut self.current_mut().flow;
        if flow.reachable {
            flow.ensure_symbol(symbol.index());
            flow.symbols[symbol.index()].narrow(id);
        }
    }

    /// `body if test else orelse`: each branch sees the test's outcome.
    pub(super) fn visit_conditional_expression(&mut self, if_expr: &'static ExprIf) {
        self.visit_expr(&if_expr.test);
        let after_test = self.current().flow.clone();
        self.narrow_by(&if_expr.test, true);
        self.visit_expr(&if_expr.body);
        let after_body = std::mem::replace(&mut self.current_mut().flow, after_test);
        self.narrow_by(&if_expr.test, false);
        self.visit_expr(&if_expr.orelse);
        self.current_mut().flow.merge(&after_body);
    }

    /// `a and b` evaluates `b` only when `a` is true; `a or b` only when `a` is false.
    pub(super) fn visit_boolean_operation(&mut self, bool_op: &'static ExprBoolOp) {
        let is_and = bool_op.op == ruff_python_ast::BoolOp::And;
        // The states in which evaluation stops early, merged as they come.
        let mut exits: Option<crate::use_def::FlowState> = None;
        for (position, value) in bool_op.values.iter().enumerate() {
            self.visit_expr(value);
            if position + 1 < bool_op.values.len() {
                let here = &self.current().flow;
                match &mut exits {
                    Some(exits) => exits.merge(here),
                    None => exits = Some(here.clone()),
                }
                self.narrow_by(value, is_and);
            }
        }
        if let Some(exits) = exits {
            self.current_mut().flow.merge(&exits);
        }
    }
}

/// What a condition narrows, if anything: a name, or an attribute chain rooted at a name
/// (`self.conn`, `a.b.c`), as written in the condition.
pub fn narrowing_subject(test: &'static Expr) -> Option<&'static Expr> {
    let subject: &'static Expr = match test {
        Expr::Name(_) | Expr::Attribute(_) => test,
        Expr::UnaryOp(unary) if unary.op == ruff_python_ast::UnaryOp::Not => return narrowing_subject(&unary.operand),
        // A chain of conditions narrows when they all test the same place.
        Expr::BoolOp(bool_op) => {
            let (first, rest) = bool_op.values.split_first()?;
            let subject = narrowing_subject(first)?;
            return rest
                .iter()
                .all(|value| narrowing_subject(value).is_some_and(|other| same_place(other, subject)))
                .then_some(subject);
        }
        Expr::Named(named) => &named.target,
        Expr::Compare(compare) if compare.ops.len() == 1 => &compare.left,
        Expr::Call(call) => match (&*call.func, call.arguments.args.first()) {
            (Expr::Name(func), Some(first)) if matches!(func.id.as_str(), "isinstance" | "issubclass" | "callable") => {
                first
            }
            _ => return None,
        },
        _ => return None,
    };
    place_root(subject).map(|_| subject)
}

/// The name a place (a name or an attribute chain of one) starts from.
pub fn place_root(place: &'static Expr) -> Option<&'static ExprName> {
    match place {
        Expr::Name(name) => Some(name),
        Expr::Attribute(attribute) => place_root(&attribute.value),
        _ => None,
    }
}

/// Whether two places are spelled the same (`self.conn` and `self.conn`).
pub fn same_place(a: &Expr, b: &Expr) -> bool {
    match (a, b) {
        (Expr::Name(a), Expr::Name(b)) => a.id == b.id,
        (Expr::Attribute(a), Expr::Attribute(b)) => a.attr.id == b.attr.id && same_place(&a.value, &b.value),
        _ => false,
    }
}

/// Whether `place` is `prefix` or an attribute chain that extends it.
fn starts_with_place(place: &Expr, prefix: &Expr) -> bool {
    same_place(place, prefix)
        || matches!(place, Expr::Attribute(attribute) if starts_with_place(&attribute.value, prefix))
}
