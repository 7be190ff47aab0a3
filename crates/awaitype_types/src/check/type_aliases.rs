//! The rules on declaring explicit type aliases, checked where the statement walk meets them.
//!
//! - `X: TypeAlias = ...` belongs at module or class level: the typing spec gives no meaning to
//!   an explicit alias inside a function body.
//! - A `type X = ...` statement declares its type parameters in brackets; a legacy
//!   `TypeVar(...)` variable in its value is not one of them.
//! - `TypeAliasType("X", value, type_params=(...))` takes a valid type expression as its value
//!   and a tuple display of the type variables the value uses (a variable its enclosing class
//!   binds excepted).

use awaitype_diagnostics::Rule;
use awaitype_semantic::{DefinitionId, DefinitionKind, ScopeKind};
use ruff_python_ast::{Expr, StmtTypeAlias};
use ruff_text_size::Ranged;

use crate::infer::Inferrer;
use crate::ty::{ClassId, TypeVarId};

/// An explicit alias defined in terms of itself (see `alias_cycles.rs`), reported at its value.
pub(super) fn check_alias_cycle(inferrer: &mut Inferrer<'_>, definition: Option<DefinitionId>, value: &Expr) {
    let Some(definition) = definition else { return };
    if super::alias_cycles::is_circular_alias(inferrer.db, inferrer.file, definition) {
        inferrer.report(
            value.range(),
            Rule::InvalidTypeForm,
            "Type alias is defined in terms of itself: a recursive alias may refer to itself only inside type arguments, as in `list[...]`",
        );
    }
}

/// `X: TypeAlias = ...` written inside a function or lambda.
pub(super) fn check_explicit_alias_scope(inferrer: &mut Inferrer<'_>, annotation: &Expr) {
    let kind = inferrer.index.scope(inferrer.scope).kind;
    if kind.is_function_like() {
        inferrer.report(
            annotation.range(),
            Rule::InvalidTypeForm,
            "`TypeAlias` is only allowed at module or class level: move the alias out of the function",
        );
    }
}

/// Legacy type variables in the value of a `type X = ...` statement.
pub(super) fn check_type_statement(inferrer: &mut Inferrer<'_>, alias: &'static StmtTypeAlias) {
    let db = inferrer.db;
    let value = inferrer.type_expression(&alias.value);
    let mut vars = Vec::new();
    crate::class::collect_typevars(db, value, &mut vars);
    for var in vars {
        let TypeVarId::Definition { file, definition } = var else {
            continue;
        };
        if matches!(
            db.index(file).definition(definition).kind,
            DefinitionKind::TypeParameter(_)
        ) {
            continue;
        }
        let message = format!(
            "A `type` statement cannot use the legacy type variable `{}`: declare it in brackets, as in `type {}[{}] = ...`",
            db.typevar(var).name,
            alias.name.as_name_expr().map_or("X", |name| name.id.as_str()),
            db.typevar(var).name,
        );
        inferrer.report(alias.value.range(), Rule::InvalidTypeForm, message);
    }
}

/// The problems of a `TypeAliasType(...)` call (nothing for any other value).
pub(super) fn check_type_alias_type_call(inferrer: &mut Inferrer<'_>, target: Option<&Expr>, value: &'static Expr) {
    let Some(call) = inferrer.type_alias_type_call(value) else {
        return;
    };
    let (alias_value, params) = crate::infer::type_alias_type_arguments(inferrer, call);
    let Some(alias_value) = alias_value else {
        return;
    };
    if let Some(Expr::Name(target)) = target {
        let definition = inferrer.index.definition_of_node(target);
        check_alias_cycle(inferrer, definition, alias_value);
    }
    let ty = inferrer.type_expression(alias_value);
    let type_params = call
        .arguments
        .keywords
        .iter()
        .find(|keyword| keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == "type_params"));
    if let Some(type_params) = type_params
        && !matches!(type_params.value, Expr::Tuple(_))
    {
        inferrer.report(
            type_params.value.range(),
            Rule::InvalidTypeForm,
            "`type_params` of `TypeAliasType` must be a tuple of type variables written out, as in `type_params=(T,)`",
        );
        return;
    }
    let db = inferrer.db;
    let mut vars = Vec::new();
    crate::class::collect_typevars(db, ty, &mut vars);
    let class_vars = enclosing_class_type_params(inferrer);
    for var in vars {
        if params.contains(&var) || class_vars.contains(&var) {
            continue;
        }
        let message = format!(
            "Type variable `{}` is not in scope: list it in `type_params` of the `TypeAliasType` call",
            db.typevar(var).name
        );
        inferrer.report(alias_value.range(), Rule::InvalidTypeForm, message);
    }
}

/// The type parameters of the classes whose bodies enclose the inferrer's scope.
fn enclosing_class_type_params(inferrer: &Inferrer<'_>) -> Vec<TypeVarId> {
    let index = inferrer.index;
    let mut vars = Vec::new();
    for scope in index.parent_scopes(inferrer.scope) {
        if let ScopeKind::Class(node) = index.scope(scope).kind
            && let Some(definition) = index.definition_of_node(node)
        {
            let class = ClassId {
                file: inferrer.file,
                definition,
            };
            vars.extend(inferrer.db.class_info(class).type_params.iter().copied());
        }
    }
    vars
}
