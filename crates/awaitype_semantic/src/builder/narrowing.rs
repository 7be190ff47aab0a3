//! Narrowing conditions: which tests narrow which names and places (attribute chains and
//! literal-key items rooted at a name), recorded on the bindings of the root name that reach the
//! code they guard. Statements (`if`, `elif`, `while`, `assert`) and expressions (`x if c else y`,
//! `a and b`, `a or b`, comprehension `if` clauses) both record them; the index does not know
//! types, so it records every test that could narrow (any call with a place as its first argument
//! may be a type guard) and leaves the meaning to the types crate. Where two paths meet, each
//! path's conditions are kept as alternatives (see `Bindings::merge`), so a condition never leaks
//! past the code it guards; assigning a place forgets what was known about it.

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{Expr, ExprBoolOp, ExprIf, ExprName};

use super::Builder;
use crate::use_def::{Predicate, PredicateId};

impl Builder {
    /// Records that `test` is known to be true (`positive`) or false from here on, for the names
    /// it can narrow: `x`, `not x`, `x is None`, `x == 1`, `isinstance(x, C)`, `callable(x)`,
    /// any other call with a place as its first argument (a type guard, maybe), `(x := value)`, and the operands of `and` (when true) or `or` (when false). The types
    /// crate decides what each condition means for the name's type.
    pub(super) fn narrow_by(&mut self, test: &'static Expr, positive: bool) {
        // Parenthesized `and`/`or` chains nest as deeply as the source.
        stacker::maybe_grow(32 * 1024, 1024 * 1024, || self.narrow_by_inner(test, positive));
    }

    fn narrow_by_inner(&mut self, test: &'static Expr, positive: bool) {
        let (test, negated) = peel_not(test);
        let positive = positive != negated;
        match test {
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
                    self.record_predicate(subject, Predicate::Condition { test, positive });
                }
            }
            _ => {
                let Some(subject) = narrowing_subject(test) else {
                    return;
                };
                self.record_predicate(subject, Predicate::Condition { test, positive });
            }
        }
    }

    /// An assignment to an attribute or item place (`self.conn = None`, `d["k"] = v`) ends what
    /// earlier conditions said about it (and about longer places that start with it). An item
    /// assigned under a key that is not a literal (`d[key] = v`) may be any item.
    pub(super) fn forget_place(&mut self, place: &'static Expr) {
        let (prefix, any_item) = match place {
            Expr::Subscript(subscript) if !is_literal_key(&subscript.slice) => (&*subscript.value, true),
            _ => (place, false),
        };
        let Some(root) = place_root(prefix) else { return };
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
            predicates[id.0 as usize].place().is_some_and(|subject| {
                if any_item {
                    starts_with_item_of(subject, prefix)
                } else {
                    starts_with_place(subject, place)
                }
            })
        });
    }

    /// `place = value` for an attribute place: later reads of it see the assigned value (as far
    /// as the declared type allows).
    pub(super) fn narrow_by_assignment(&mut self, place: &'static Expr, value: &'static Expr) {
        self.forget_place(place);
        self.record_predicate(place, Predicate::Assignment { place, value });
    }

    /// Records a condition about `place` on the bindings of the name it starts from.
    pub(super) fn record_predicate(&mut self, place: &'static Expr, predicate: Predicate) {
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

/// `not not ... test` as `test` and whether an odd number of `not`s negate it (a loop, so that
/// machine-generated chains of any length cannot exhaust the stack).
pub fn peel_not(mut test: &'static Expr) -> (&'static Expr, bool) {
    let mut negated = false;
    while let Expr::UnaryOp(unary) = test
        && unary.op == ruff_python_ast::UnaryOp::Not
    {
        negated = !negated;
        test = &unary.operand;
    }
    (test, negated)
}

/// What a condition narrows, if anything: a name, or a chain of attributes and items under
/// literal keys rooted at a name (`self.conn`, `a.b.c`, `d["k"]`, `t[0]`), as written in the
/// condition.
pub fn narrowing_subject(test: &'static Expr) -> Option<&'static Expr> {
    stacker::maybe_grow(32 * 1024, 1024 * 1024, || narrowing_subject_inner(test))
}

fn narrowing_subject_inner(test: &'static Expr) -> Option<&'static Expr> {
    let subject: &'static Expr = match test {
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) => test,
        Expr::UnaryOp(unary) if unary.op == ruff_python_ast::UnaryOp::Not => {
            return narrowing_subject(peel_not(test).0);
        }
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
        Expr::Compare(compare) if compare.ops.len() == 1 => match &*compare.left {
            // `len(x) == 2` and `type(x) is C` test `x` (types decide whether the callee is
            // the builtin).
            Expr::Call(call)
                if matches!(&*call.func, Expr::Name(func) if matches!(func.id.as_str(), "len" | "type"))
                    && call.arguments.args.len() == 1
                    && call.arguments.keywords.is_empty() =>
            {
                &call.arguments.args[0]
            }
            // `(x := value) is None` tests `x`.
            Expr::Named(named) => &named.target,
            left => left,
        },
        // `isinstance(x, C)`, `callable(x)`, or a call of a type guard function (`is_str(x)`,
        // `self.is_str(x)`): which it is, types decide.
        Expr::Call(call) => match call.arguments.args.first() {
            Some(Expr::Starred(_)) | None => return None,
            Some(first) => first,
        },
        _ => return None,
    };
    place_root(subject).map(|_| subject)
}

/// The name a place (a name, or a chain of attributes and literal-key items of one) starts from.
///
/// Only chains of up to [`MAX_PLACE_DEPTH`] links are places: conditions on longer ones are not
/// worth remembering, and walking them (recursively, in several places) could exhaust the stack
/// on machine-generated code such as `a[0][0]...[0]`.
pub fn place_root(place: &'static Expr) -> Option<&'static ExprName> {
    let mut current = place;
    for _ in 0..=MAX_PLACE_DEPTH {
        match current {
            Expr::Name(name) => return Some(name),
            Expr::Attribute(attribute) => current = &attribute.value,
            Expr::Subscript(subscript) if is_literal_key(&subscript.slice) => current = &subscript.value,
            _ => return None,
        }
    }
    None
}

/// The most attribute and item links a narrowing place may have (`a.b.c` has two).
pub const MAX_PLACE_DEPTH: usize = 16;

/// An item key that names one item whatever the container: an integer or string literal.
fn is_literal_key(key: &Expr) -> bool {
    match key {
        Expr::StringLiteral(_) => true,
        Expr::NumberLiteral(number) => matches!(&number.value, ruff_python_ast::Number::Int(_)),
        _ => false,
    }
}

/// Whether two places are spelled the same (`self.conn` and `self.conn`, `d["k"]` and `d['k']`).
pub fn same_place(a: &Expr, b: &Expr) -> bool {
    match (a, b) {
        (Expr::Name(a), Expr::Name(b)) => a.id == b.id,
        (Expr::Attribute(a), Expr::Attribute(b)) => a.attr.id == b.attr.id && same_place(&a.value, &b.value),
        (Expr::Subscript(a), Expr::Subscript(b)) => {
            let same_key = match (&*a.slice, &*b.slice) {
                (Expr::StringLiteral(a), Expr::StringLiteral(b)) => a.value.to_str() == b.value.to_str(),
                (Expr::NumberLiteral(a), Expr::NumberLiteral(b)) => a.value == b.value,
                _ => false,
            };
            same_key && same_place(&a.value, &b.value)
        }
        _ => false,
    }
}

/// Whether `place` is `prefix` or a chain that extends it.
fn starts_with_place(place: &Expr, prefix: &Expr) -> bool {
    same_place(place, prefix)
        || match place {
            Expr::Attribute(attribute) => starts_with_place(&attribute.value, prefix),
            Expr::Subscript(subscript) => starts_with_place(&subscript.value, prefix),
            _ => false,
        }
}

/// Whether `place` is an item of `prefix` (under any key) or a chain that extends one.
fn starts_with_item_of(place: &Expr, prefix: &Expr) -> bool {
    match place {
        Expr::Subscript(subscript) => {
            same_place(&subscript.value, prefix) || starts_with_item_of(&subscript.value, prefix)
        }
        Expr::Attribute(attribute) => starts_with_item_of(&attribute.value, prefix),
        _ => false,
    }
}
