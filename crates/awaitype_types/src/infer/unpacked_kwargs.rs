//! `**kwargs: Unpack[TD]` (PEP 692): inside the function body `kwargs` is the TypedDict `TD`
//! itself, not a `dict[str, ...]`, so its items keep their qualifiers — a `ReadOnly` item
//! cannot be assigned to, and each key has its own value type.
//!
//! Seen from callers, each key of `TD` is a keyword-only parameter (one with a default when the
//! key is not required), and no other keyword is accepted. The signature keeps a `**kwargs`
//! parameter of type `*TD` after those parameters as a marker: a callable without `**kwargs`
//! cannot stand in for it (a subclass of `TD` may carry more keys), and a call that spreads a
//! mapping into it must spread a TypedDict.

use awaitype_semantic::{ScopeId, ScopeKind};
use ruff_python_ast::Expr;

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use ruff_python_ast::name::Name;

use crate::ty::{Parameter, ParameterKind, SpecialForm, Type, TypeKind};

/// The TypedDict named by a `**kwargs` annotation `Unpack[TD]`, if that is what it is.
pub(crate) fn unpacked_typed_dict_kwargs(
    db: &Db,
    file: FileId,
    function_scope: ScopeId,
    annotation: &'static Expr,
) -> Option<Type> {
    let Expr::Subscript(_) = annotation else {
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
    typed_dict_of_unpack(&mut inferrer, annotation)
}

/// The TypedDict a `**kwargs` annotation `Unpack[TD]` names, evaluated by `inferrer` (which is
/// in the annotation's scope).
pub(crate) fn typed_dict_of_unpack(inferrer: &mut Inferrer<'_>, annotation: &'static Expr) -> Option<Type> {
    let Expr::Subscript(subscript) = annotation else {
        return None;
    };
    let db = inferrer.db;
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

/// Adds the parameters callers see for `**name: Unpack[typed_dict]`: a keyword-only parameter
/// per key (unless a parameter that takes keywords already has the name; that overlap is
/// reported at the definition), then the `**name: *TD` marker.
pub(crate) fn push_unpacked_kwargs_parameters(db: &Db, typed_dict: Type, name: Name, parameters: &mut Vec<Parameter>) {
    let TypeKind::Instance(instance) = db.kind(typed_dict) else {
        return;
    };
    for key in db.typed_dict_keys(instance) {
        let taken = parameters.iter().any(|p| {
            p.name.as_ref() == Some(&key.name)
                && matches!(p.kind, ParameterKind::PositionalOrKeyword | ParameterKind::KeywordOnly)
        });
        if !taken {
            parameters.push(Parameter {
                name: Some(key.name.clone()),
                kind: ParameterKind::KeywordOnly,
                ty: key.ty,
                annotated: true,
                has_default: key.optional,
            });
        }
    }
    // A TypedDict with `extra_items=T` (PEP 728) takes other keywords of type `T`: a plain
    // `**kwargs: T`, which needs no marker.
    let ty = match db.typed_dict_extra_items(instance).value_type() {
        Some(extra) => extra,
        None => db.intern(TypeKind::Unpacked(typed_dict)),
    };
    parameters.push(Parameter {
        name: Some(name),
        kind: ParameterKind::KwArgs,
        ty,
        annotated: true,
        has_default: false,
    });
}

/// The TypedDict behind a `**kwargs: *TD` marker parameter.
pub(crate) fn unpacked_kwargs_typed_dict(db: &Db, parameter: &Parameter) -> Option<Type> {
    if parameter.kind != ParameterKind::KwArgs {
        return None;
    }
    match db.kind(parameter.ty) {
        TypeKind::Unpacked(inner) if matches!(db.kind(*inner), TypeKind::Instance(class) if db.is_typed_dict(class.class)) => {
            Some(*inner)
        }
        _ => None,
    }
}
