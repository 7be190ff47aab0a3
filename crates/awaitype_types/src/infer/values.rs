//! Values that bind definitions, inferred once. An assignment's value, a `for` loop's iterable
//! and a `with` item's context manager are each needed by every definition they bind
//! (`a, b = f()` binds two) and by the statement walk that reports on the statement. The first
//! definition bound from the expression (see `SemanticIndex::value_head`) infers it, in its own
//! query, once: the type and, in a checked file, the diagnostics. The other definitions read the
//! type from that query, and the walk reads both instead of inferring the expression again.
//!
//! The inference lives in the first definition's query rather than in a query of its own: a
//! memo per value made the first re-check after an edit 20 ms slower on the standard library
//! (each memo is verified again) for nothing a definition's memo does not already give.

use std::sync::Arc;

use awaitype_semantic::ScopeId;
use ruff_python_ast::Expr;

use super::definitions::definition_inference_query;
use super::{Inferrer, TypeDiagnostic};
use crate::db::{Db, FileId};
use crate::ty::Type;

/// A value expression's type and what inferring it reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueInference {
    pub ty: Type,
    /// Empty unless the file is checked: nothing else ever reports them.
    pub diagnostics: Box<[TypeDiagnostic]>,
}

/// Infers a value expression for every definition it binds: reporting in a checked file, so
/// that the statement walk can take the diagnostics instead of inferring it again.
pub(crate) fn infer_shared_value(db: &Db, file: FileId, scope: ScopeId, value: &'static Expr) -> ValueInference {
    let mut inferrer = if db.is_checked(file) {
        Inferrer::reporting(db, file, scope)
    } else {
        Inferrer::silent(db, file, scope)
    };
    let ty = inferrer.infer_expression(value);
    ValueInference {
        ty,
        diagnostics: inferrer.take_diagnostics().into(),
    }
}

impl Db {
    /// The shared inference of `value`, an expression of `file` that binds definitions; `None`
    /// when it binds none, or when its first definition did not infer it (a special form such as
    /// `T = TypeVar("T")` takes its meaning from the call's arguments).
    pub fn value_inference(&self, file: FileId, value: &Expr) -> Option<Arc<ValueInference>> {
        let head = self.index(file).value_head(value)?;
        definition_inference_query(self, self.definition_key(file, head))
            .value
            .clone()
    }
}

impl Inferrer<'_> {
    /// The type of a value expression (see the module docs): the shared inference when there is
    /// one, whose diagnostics a reporting inferrer takes as its own, otherwise inferred here.
    /// Either way the expression counts as inferred by this inferrer.
    pub fn infer_value(&mut self, value: &'static Expr) -> Type {
        if let Some(ty) = self.expression_type(value) {
            return ty;
        }
        let Some(inference) = self.db.value_inference(self.file, value) else {
            return self.infer_expression(value);
        };
        if self.is_reporting() {
            self.adopt_diagnostics(&inference.diagnostics);
        }
        self.record_expression_type(value, inference.ty);
        inference.ty
    }

    /// Whether the value's diagnostics come from its shared inference (so inferring its parts
    /// again here must stay quiet).
    pub fn is_shared_value(&self, value: &Expr) -> bool {
        self.db.value_inference(self.file, value).is_some()
    }
}
