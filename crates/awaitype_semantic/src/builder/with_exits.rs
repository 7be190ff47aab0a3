//! The exceptional exit of a `with` block. A context manager whose `__exit__` returns `bool` may
//! swallow an exception raised anywhere in the body, and execution then goes on after the block:
//! names the body binds may be unbound there, values from before the body may still be current,
//! and code after a body that always raises or returns is reachable. The index cannot tell which
//! managers swallow (that needs the type of `__exit__`), so it records this exit as one more path
//! into the code after the block, on two conditions the types crate decides:
//!
//! - the path goes through a [`PathCallKind::Swallow`] "call", which returns only if the manager
//!   swallows, so a name left unbound only on this path is unbound only then (see `use_def`);
//! - each symbol whose bindings the body changed carries a [`Predicate::Swallowed`] condition on
//!   this path, so a definition or a narrowing that reaches only through it counts only then.
//!
//! The state the exception leaves is taken as the one before the body, as for an `except`
//! handler: a body that binds names before it raises leaves them bound, which this ignores.

use super::Builder;
use crate::index::{PathCall, PathCallKind};
use crate::use_def::{FlowState, Predicate, PredicateId};

impl Builder {
    /// The state after a `with` block, given the one before its body: the body's end, joined with
    /// the path of an exception the manager swallows.
    pub(super) fn leave_with_block(&mut self, with: &'static ruff_python_ast::StmtWith, before_body: FlowState) {
        if !before_body.reachable {
            return;
        }
        let call = self.next_call();
        let frame = self.current();
        self.calls.push(PathCall {
            kind: PathCallKind::Swallow(with),
            scope: frame.id,
            withs: frame.withs.clone(),
        });
        let predicate = PredicateId(u32::try_from(self.predicates.len()).expect("too many predicates"));
        self.predicates.push(Predicate::Swallowed { call });
        let body_end = &self.current().flow;
        let mut swallowed = before_body;
        if body_end.reachable {
            // A symbol the body left alone reaches through both paths alike: no condition needed.
            let changed: Vec<usize> = (0..body_end.symbols.len().max(swallowed.symbols.len()))
                .filter(|index| body_end.bindings(*index) != swallowed.bindings(*index))
                .collect();
            for index in changed {
                swallowed.ensure_symbol(index);
                swallowed.symbols[index].narrow(predicate);
            }
            swallowed.pass_call(call);
            self.current_mut().flow.merge(&swallowed);
        } else {
            // Only the swallowed exception leads past the block: what follows is reachable only if
            // the manager swallows, which the statement walk asks (`swallow_conditions`).
            for bindings in swallowed.symbols.iter_mut() {
                bindings.narrow(predicate);
            }
            swallowed.beyond.narrow(predicate);
            swallowed.pass_call(call);
            swallowed.swallow_conditions.push(with);
            self.current_mut().flow = swallowed;
        }
    }
}
