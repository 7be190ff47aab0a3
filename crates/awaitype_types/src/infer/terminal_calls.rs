//! Whether a name that use-def says may be unbound really is. The index records, for the paths
//! that leave a name unbound, the call statements they went through (`sys.exit(1)`, `fail(...)`,
//! `await stop()`); a path through a call that never returns is not a path at all. The exceptional
//! exit of a `with` block is such a "call" too: it returns only if the context manager swallows. Deciding that
//! needs the call's type, so it is done here, lazily: only for a name that would otherwise be
//! possibly unbound, and once per call (memoized on the `Db`).

use awaitype_semantic::{Bindings, CallId, PathCallKind};

use crate::db::{Db, FileId, TypeDb};
use crate::infer::Inferrer;

impl Db {
    /// Whether a call statement never returns: its type is `Never` (a `-> NoReturn`/`-> Never`
    /// function, or awaiting a coroutine of one), and no `with` statement around it may swallow
    /// the exception it ends with. Inferred silently in its own scope, so the checker's walk still
    /// reports the call's own problems where it meets it; a call that depends on itself (through
    /// a loop) is assumed to return.
    pub fn call_never_returns(&self, file: FileId, call: CallId) -> bool {
        never_returns_query(self, file, call)
    }

    /// Whether code reached through this path call may run: for the exceptional exit of a `with`
    /// block, whether its manager may swallow the exception, a manager of unknown type counting
    /// as one that may (types after it are not `Never` on a guess); for a call, that it returns.
    pub fn path_call_may_continue(&self, file: FileId, call: CallId) -> bool {
        let path_call = self.index(file).path_call(call);
        match path_call.kind {
            PathCallKind::Swallow(with) => {
                Inferrer::silent(self, file, path_call.scope).context_manager_may_swallow(with)
            }
            PathCallKind::Call(_) => !self.call_never_returns(file, call),
        }
    }

    /// Whether a symbol with these bindings may be unbound: some path leaves it unbound without
    /// going through a call that never returns.
    pub fn may_be_unbound(&self, file: FileId, bindings: &Bindings) -> bool {
        bindings.may_be_unbound
            && (bindings.unbound_paths.is_empty()
                || bindings
                    .unbound_paths
                    .iter()
                    .any(|calls| calls.iter().all(|call| !self.call_never_returns(file, call))))
    }
}

/// A salsa query. A call that depends on itself (a call in a loop reading a name whose unbound
/// paths go through that very call) is assumed to return: the fixed point starts from `false`.
#[salsa::tracked(returns(copy), cycle_fn = never_returns_next_round, cycle_initial = assume_returns)]
fn never_returns_query(db: &dyn TypeDb, file: FileId, call: CallId) -> bool {
    let db = db.types();
    crate::db::grow(|| {
        let call = db.index(file).path_call(call);
        let mut inferrer = Inferrer::silent(db, file, call.scope);
        match call.kind {
            PathCallKind::Call(expr) => {
                inferrer.infer_expression(expr).is_never()
                    && !call.withs.iter().any(|with| inferrer.context_manager_swallows(with))
            }
            // The exceptional exit of a `with` block leads on only if its manager swallows.
            PathCallKind::Swallow(with) => !inferrer.context_manager_swallows(with),
        }
    })
}

fn assume_returns(_db: &dyn TypeDb, _id: salsa::Id, _file: FileId, _call: CallId) -> bool {
    false
}

fn never_returns_next_round(
    _db: &dyn TypeDb,
    cycle: &salsa::Cycle,
    _previous: &bool,
    value: bool,
    _file: FileId,
    _call: CallId,
) -> bool {
    crate::cycle::next_round(cycle, value, || false)
}
