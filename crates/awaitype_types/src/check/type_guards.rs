//! `invalid-type-guard-definition`: a function declared to return `TypeGuard[T]` or `TypeIs[T]`
//! narrows the argument passed to its first positional parameter (after `self` or `cls` for an
//! instance or class method), so it must have one. `TypeIs[T]` also narrows the other way when
//! it returns `False`, which is sound only if `T` is a type the parameter's values can have: `T`
//! must be assignable to the parameter's type.

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtFunctionDef;
use ruff_text_size::Ranged;

use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::relation::is_assignable;
use crate::ty::{FunctionId, ParameterKind, TypeKind};

pub(super) fn check_type_guard_definition(
    db: &Db,
    id: FunctionId,
    node: &StmtFunctionDef,
    is_method: bool,
) -> Option<TypeDiagnostic> {
    let returns = node.returns.as_deref()?;
    // `TypeGuard[T]`, `TypeIs[T]` (or a string holding one): other annotations cannot be one,
    // and their signatures are not asked for.
    if !matches!(
        returns,
        ruff_python_ast::Expr::Subscript(_) | ruff_python_ast::Expr::StringLiteral(_)
    ) {
        return None;
    }
    // The declared signature is memoized: asking it for every function costs a lookup.
    let signature = db.declared_signature(id);
    let TypeKind::TypeGuard { guarded, type_is } = *db.kind(signature.return_type) else {
        return None;
    };
    let form = if type_is { "TypeIs" } else { "TypeGuard" };
    let flags = db.function_flags(id);
    let receiver = usize::from(is_method && !flags.staticmethod);
    let narrowed = signature
        .parameters
        .iter()
        .filter(|parameter| {
            matches!(
                parameter.kind,
                ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
            )
        })
        .nth(receiver);
    let Some(narrowed) = narrowed else {
        let message = format!(
            "A function returning `{form}[...]` narrows its first positional argument{}, but `{}` has none",
            if receiver == 1 { " (after `self` or `cls`)" } else { "" },
            node.name
        );
        return Some(TypeDiagnostic {
            range: returns.range(),
            rule: Rule::InvalidTypeGuardDefinition,
            message,
        });
    };
    if type_is && narrowed.annotated && !is_assignable(db, guarded, narrowed.ty) {
        let message = format!(
            "`TypeIs[{}]` narrows to a type the parameter cannot have: `{}` is not assignable to `{}`",
            crate::display::display(db, guarded),
            crate::display::display(db, guarded),
            crate::display::display(db, narrowed.ty)
        );
        return Some(TypeDiagnostic {
            range: returns.range(),
            rule: Rule::InvalidTypeGuardDefinition,
            message,
        });
    }
    None
}
