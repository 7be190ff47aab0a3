//! Values that bind definitions, inferred once. An assignment's value, a `for` loop's iterable
//! and a `with` item's context manager are each needed by every definition they bind
//! (`a, b = f()` binds two) and by the statement walk that reports on the statement. The
//! expression is inferred once, by a salsa query keyed by the first definition it binds (see
//! `SemanticIndex::value_head`), and that one inference gives both its type and, in a checked
//! file, its diagnostics: the definitions read the type, and the walk reads both instead of
//! inferring the expression again.

use std::sync::Arc;

use ruff_python_ast::Expr;

use super::{Inferrer, TypeDiagnostic};
use crate::cycle::next_type_round;
use crate::db::{Db, DefinitionKey, FileId, TypeDb, grow};
use crate::ty::Type;

/// A value expression's type and what inferring it reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueInference {
    pub ty: Type,
    /// Empty unless the file is checked: nothing else ever reports them.
    pub diagnostics: Box<[TypeDiagnostic]>,
}

/// The inference of the value that the key's definition (the first it binds) is bound from;
/// iterated to a fixed point with the definitions when the value depends on them
/// (`total = total + x` in a loop).
#[salsa::tracked(returns(clone), cycle_fn = value_next_round, cycle_initial = value_initial)]
fn value_inference_query<'db>(db: &'db dyn TypeDb, key: DefinitionKey<'db>) -> Arc<ValueInference> {
    let (file, head) = (key.file(db), key.definition(db));
    let db = db.types();
    let definition = db.index(file).definition(head);
    let Some(value) = definition.kind.value_expression() else {
        return Arc::new(ValueInference {
            ty: Type::UNKNOWN,
            diagnostics: Box::new([]),
        });
    };
    let mut inferrer = if db.is_checked(file) {
        Inferrer::reporting(db, file, definition.scope)
    } else {
        Inferrer::silent(db, file, definition.scope)
    };
    let ty = grow(|| inferrer.infer_expression(value));
    Arc::new(ValueInference {
        ty,
        diagnostics: inferrer.take_diagnostics().into(),
    })
}

fn value_initial(_db: &dyn TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> Arc<ValueInference> {
    Arc::new(ValueInference {
        ty: Type::NEVER,
        diagnostics: Box::new([]),
    })
}

fn value_next_round(
    db: &dyn TypeDb,
    cycle: &salsa::Cycle,
    previous: &Arc<ValueInference>,
    value: Arc<ValueInference>,
    _key: DefinitionKey<'_>,
) -> Arc<ValueInference> {
    let ty = next_type_round(db, cycle, previous.ty, value.ty);
    if ty == value.ty {
        return value;
    }
    Arc::new(ValueInference {
        ty,
        diagnostics: value.diagnostics.clone(),
    })
}

impl Db {
    /// The shared inference of `value`, an expression of `file` that binds definitions; `None`
    /// when it binds none.
    pub fn value_inference(&self, file: FileId, value: &Expr) -> Option<Arc<ValueInference>> {
        let head = self.index(file).value_head(value)?;
        Some(value_inference_query(self, self.definition_key(file, head)))
    }
}

impl Inferrer<'_> {
    /// The type of a value expression (see the module docs): the shared inference when it binds
    /// definitions, whose diagnostics a reporting inferrer takes as its own, otherwise inferred
    /// here. Either way the expression counts as inferred by this inferrer.
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
        self.index.value_head(value).is_some()
    }
}
