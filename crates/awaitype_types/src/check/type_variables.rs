//! `invalid-type-variable`: declarations of legacy type variables (`T = TypeVar("T", ...)`) that
//! the typing spec rejects. A type variable has either a bound or constraints, not both; it has
//! no constraints or at least two (a single constraint is just a bound that cannot vary); and
//! neither its bound nor its constraints may mention another type variable, since they are
//! fixed when the variable is declared, not when it is used. Its variance is declared at most
//! once: `covariant`, `contravariant` and `infer_variance` exclude each other (for a
//! `TypeVarTuple` too).

use awaitype_diagnostics::Rule;
use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::infer::{Inferrer, TypeDiagnostic};
use crate::typevar::TypeVarKind;

/// The problems of `value` as a `TypeVar(...)` declaration (nothing for any other value).
pub(super) fn check_typevar_declaration(inferrer: &mut Inferrer<'_>, value: &'static Expr) -> Vec<TypeDiagnostic> {
    let Expr::Call(call) = value else {
        return Vec::new();
    };
    match inferrer.typevar_constructor_kind(&call.func) {
        Some(TypeVarKind::TypeVar) => {}
        // A `TypeVarTuple` has no bound or constraints, but a variance like a type variable.
        Some(TypeVarKind::TypeVarTuple) => {
            return conflicting_variance(call)
                .map(|message| TypeDiagnostic {
                    range: value.range(),
                    rule: Rule::InvalidTypeVariable,
                    message,
                })
                .into_iter()
                .collect();
        }
        _ => return Vec::new(),
    }
    let mut problems = Vec::new();
    let constraints = call.arguments.args.get(1..).unwrap_or_default();
    let bound = call
        .arguments
        .keywords
        .iter()
        .find(|keyword| keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == "bound"));
    let mut report = |expr: &Expr, message: String| {
        problems.push(TypeDiagnostic {
            range: expr.range(),
            rule: Rule::InvalidTypeVariable,
            message,
        });
    };
    if let Some(bound) = bound
        && !constraints.is_empty()
    {
        report(
            &bound.value,
            "A type variable cannot have both a bound and constraints: keep the bound, or the constraints".to_string(),
        );
    }
    if let [only] = constraints {
        report(
            only,
            "A constrained type variable needs at least two constraints: a single one is a bound (`bound=...`)"
                .to_string(),
        );
    }
    if let Some(message) = conflicting_variance(call) {
        report(value, message);
    }
    for (expr, what) in bound
        .map(|bound| (&bound.value, "bound"))
        .into_iter()
        .chain(constraints.iter().map(|constraint| (constraint, "constraint")))
    {
        if let Some(message) = generic_part(inferrer, expr, what) {
            report(expr, message);
        }
    }
    problems.extend(super::typevar_defaults::check_default_fits(inferrer, call));
    problems
}

/// Why the variance keywords of a `TypeVar(...)` call contradict each other, if they do: a
/// variable is covariant, contravariant, inferred or (by default) invariant, one at a time.
fn conflicting_variance(call: &ruff_python_ast::ExprCall) -> Option<String> {
    let set: Vec<&str> = call
        .arguments
        .keywords
        .iter()
        .filter(|keyword| matches!(&keyword.value, Expr::BooleanLiteral(literal) if literal.value))
        .filter_map(|keyword| keyword.arg.as_ref().map(|arg| arg.as_str()))
        .filter(|arg| matches!(*arg, "covariant" | "contravariant" | "infer_variance"))
        .collect();
    if set.len() < 2 {
        return None;
    }
    Some(format!(
        "A type variable has one variance: `{}=True` and `{}=True` cannot be combined; keep one of them",
        set[0], set[1]
    ))
}

/// Why a bound or constraint that mentions a type variable is not allowed, if it does.
fn generic_part(inferrer: &mut Inferrer<'_>, expr: &'static Expr, what: &str) -> Option<String> {
    let ty = inferrer.quietly_if(true, |inferrer| inferrer.type_expression(expr));
    crate::subst::contains_typevars(inferrer.db, ty).then(|| {
        format!(
            "The {what} of a type variable cannot be generic: `{}` mentions a type variable",
            inferrer.display(ty)
        )
    })
}

/// A class or function that declares its type parameters with PEP 695 syntax cannot also use
/// type variables declared the old way (`T = TypeVar("T")`) in its bases or signature: the two
/// kinds of declaration do not mix (PEP 695). `what` names the construct for the message;
/// `types` are its bases or its parameter and return types.
pub(super) fn check_mixed_type_parameters(
    db: &crate::db::Db,
    name: &ruff_python_ast::Identifier,
    what: &str,
    types: impl IntoIterator<Item = crate::ty::Type>,
) -> Option<TypeDiagnostic> {
    let mut vars = Vec::new();
    for ty in types {
        crate::class::collect_typevars(db, ty, &mut vars);
    }
    let legacy = vars.into_iter().find(|var| match var {
        crate::ty::TypeVarId::Definition {
            file: var_file,
            definition,
        } => matches!(
            db.index(*var_file).definition(*definition).kind,
            awaitype_semantic::DefinitionKind::Assignment { .. }
        ),
        crate::ty::TypeVarId::SelfOf(_) => false,
    })?;
    let var_name = db.typevar(legacy).name.clone();
    Some(TypeDiagnostic {
        range: name.range,
        rule: Rule::InvalidTypeVariable,
        message: format!(
            "{what} `{name}` declares type parameters with `[...]` and cannot also use `{var_name}`, a type variable declared with `TypeVar`: declare it in the brackets too"
        ),
    })
}
