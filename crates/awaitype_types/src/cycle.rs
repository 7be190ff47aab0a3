//! Cycle handling for lazy queries. Python programs and stubs are full of cycles (classes whose
//! bases mention themselves through aliases, modules importing each other, recursive aliases);
//! a query that re-enters itself on the same thread gets its fallback value instead of looping.

use std::cell::RefCell;

use rustc_hash::FxHashSet;

use crate::db::FileId;
use crate::ty::{ClassId, FunctionId, TypeVarId};
use awaitype_semantic::DefinitionId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum QueryKey {
    DefinitionType(FileId, DefinitionId),
    DeclaredType(FileId, DefinitionId),
    Class(ClassId),
    Signature(FunctionId),
    TypeVar(TypeVarId),
    AliasValue(FileId, DefinitionId),
    InferredReturn(FunctionId),
    Structural(crate::ty::Type, ClassId),
    /// Looking a name (by hash) up through the star imports of a scope: modules that
    /// `from other import *` each other would otherwise ask each other forever.
    StarImport(FileId, awaitype_semantic::ScopeId, u64),
    /// Whether a call statement never returns: a call in a loop may read a name whose unbound
    /// paths go through that very call.
    NeverReturns(FileId, awaitype_semantic::CallId),
}

thread_local! {
    static ACTIVE: RefCell<FxHashSet<QueryKey>> = RefCell::new(FxHashSet::default());
}

/// Marks a query as running on this thread until dropped.
pub(crate) struct CycleGuard(QueryKey);

impl CycleGuard {
    /// `None` if the query is already running on this thread (a cycle).
    pub(crate) fn enter(key: QueryKey) -> Option<CycleGuard> {
        let inserted = ACTIVE.with(|active| active.borrow_mut().insert(key));
        inserted.then(|| CycleGuard(key))
    }
}

impl Drop for CycleGuard {
    fn drop(&mut self) {
        ACTIVE.with(|active| {
            active.borrow_mut().remove(&self.0);
        });
    }
}
