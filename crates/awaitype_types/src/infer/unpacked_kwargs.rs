//! `**kwargs: Unpack[TD]` (PEP 692): inside the function body `kwargs` is the TypedDict `TD`
//! itself, not a `dict[str, ...]`, so its items keep their qualifiers — a `ReadOnly` item
//! cannot be assigned to, and each key has its own value type.

use awaitype_semantic::{ScopeId, ScopeKind};
use ruff_python_ast::Expr;

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::ty::{SpecialForm, Type, TypeKind};

/// The TypedDict named by a `**kwargs` annotation `Unpack[TD]`, if that is what it is.
pub(crate) fn unpacked_typed_dict_kwargs(
    db: &Db,
    file: FileId,
    function_scope: ScopeId,
    annotation: &'static Expr,
) -> Option<Type> {
    let Expr::Subscript(subscript) = annotation else {
        return None;
    };
    let index = db.index(file);
    let ScopeKind::Function(node) = index.scope(function_scope).kind else {
        return None;
    };
    // Annotations are evaluated where the function is defined (or in its type-parameter scope).
    let scope = node
        .type_params
        .as_deref()
        .and_then(|params| index.scope_of_node(params))
        .or_else(|| {
            index
                .definition_of_node(node)
                .map(|definition| index.definition(definition).scope)
        })?;
    let mut inferrer = Inferrer::silent(db, file, scope);
    let callee = inferrer.infer_expression(&subscript.value);
    if !matches!(db.kind(callee), TypeKind::SpecialForm(SpecialForm::Unpack)) {
        return None;
    }
    let unpacked = inferrer.type_expression(&subscript.slice);
    match db.kind(unpacked) {
        TypeKind::Instance(instance) if db.is_typed_dict(instance.class) => Some(unpacked),
        _ => None,
    }
}
