//! Call statements that may never return. The index knows no types, so it cannot tell that
//! `sys.exit(1)` or a call of a `-> NoReturn` function ends the path; it only records that the
//! path goes through the call, so that where paths merge a symbol left unbound on some of them
//! knows which calls those paths passed (see `use_def`). The types crate decides later, and only
//! for the names that would otherwise be reported as possibly unbound.
//!
//! Only whole expression statements count (`f(...)`, `await f(...)`, `obj.m(...)`): a call whose
//! value is used is almost never `Never`, and recording it would only cost. Two places need care
//! to stay sound: an `except` handler is entered from the middle of its `try` body, before the
//! body's later calls returned, so those calls are forgotten on the way in; and an exception
//! raised by a call inside a `with` block may be swallowed by its context manager, so each call
//! remembers the `with` statements around it and types count it only if none of them swallows.

use ruff_python_ast::Expr;

use super::Builder;
use crate::index::{PathCall, PathCallKind};
use crate::use_def::{CallId, FlowState, Predicate, PredicateId};

impl Builder {
    /// After an expression statement: the path goes on only if the call it makes returns.
    pub(super) fn pass_call_statement(&mut self, value: &'static Expr) {
        let call = match value {
            Expr::Await(await_expr) => &*await_expr.value,
            other => other,
        };
        if !matches!(call, Expr::Call(_)) || !self.current().flow.reachable {
            return;
        }
        let id = self.next_call();
        let frame = self.current();
        self.calls.push(PathCall {
            kind: PathCallKind::Call(value),
            scope: frame.id,
            withs: frame.withs.clone(),
        });
        self.current_mut().flow.pass_call(id);
    }

    /// The state an `except` handler starts in: the one before the `try` body or the one after
    /// it (which stands for any point in it), without the calls the body made from `first_call`
    /// on, which may not have returned when the exception was raised.
    pub(super) fn handler_entry(&self, pre: &FlowState, after_body: &FlowState, first_call: CallId) -> FlowState {
        let mut entry = pre.clone();
        if self.next_call() == first_call {
            entry.merge(after_body);
        } else {
            let mut body_exit = after_body.clone();
            body_exit.forget_calls_from(first_call);
            entry.merge(&body_exit);
        }
        entry
    }

    /// The id the next recorded call will get: calls are numbered in the order they are met.
    pub(super) fn next_call(&self) -> CallId {
        CallId(u32::try_from(self.calls.len()).expect("too many calls"))
    }

    /// At the end of a branch whose last statement is a call statement, the narrowing it added
    /// holds only if that call returns: `if x is None: fail()` adds nothing to what `x`
    /// may be after the `if` when `fail` never returns. Each narrowed symbol gets the condition,
    /// which the types crate decides. (Only the last statement counts: conditions on every call
    /// would split the paths into more groups than are kept.)
    pub(super) fn condition_narrowing_on_last_call(&mut self, before_clause: &FlowState) {
        let flow = &self.current().flow;
        let last = CallId(self.next_call().0.wrapping_sub(1));
        if !flow.reachable || !flow.calls.iter().any(|call| call == last) {
            return;
        }
        // Only what the branch changed (its test's narrowing, its assignments) needs the
        // condition: bindings it left alone reach through the other paths alike.
        let narrowed: Vec<usize> = (0..flow.symbols.len())
            .filter(|index| {
                !flow.symbols[*index].narrowing.is_empty() && flow.bindings(*index) != before_clause.bindings(*index)
            })
            .collect();
        if narrowed.is_empty() {
            return;
        }
        let predicate = PredicateId(u32::try_from(self.predicates.len()).expect("too many predicates"));
        self.predicates.push(Predicate::Swallowed { call: last });
        for index in &narrowed {
            self.current_mut().flow.symbols[*index].narrow(predicate);
        }
    }
}
