//! `invalid-type-variable` for `P = ParamSpec("P", ...)` declarations the typing spec rejects:
//! the name given must be the name assigned (the runtime object reports the string, so a
//! mismatch misleads every message and `repr`), and at most one of `covariant`, `contravariant`
//! and `infer_variance` may be true, since they contradict each other.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::Ranged;

use crate::infer::{Inferrer, TypeDiagnostic};
use crate::typevar::TypeVarKind;

/// The problems of `targets = value` as a `ParamSpec(...)` declaration (nothing for any other
/// assignment).
pub(super) fn check_param_spec_declaration(
    inferrer: &mut Inferrer<'_>,
    targets: &[Expr],
    value: &'static Expr,
) -> Vec<TypeDiagnostic> {
    let Expr::Call(call) = value else {
        return Vec::new();
    };
    if inferrer.typevar_constructor_kind(&call.func) != Some(TypeVarKind::ParamSpec) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    if let ([Expr::Name(target)], Some(Expr::StringLiteral(given))) = (targets, call.arguments.args.first()) {
        let given = given.value.to_str();
        if given != target.id.as_str() {
            problems.push(TypeDiagnostic {
                range: given_range(call),
                rule: Rule::InvalidTypeVariable,
                message: format!(
                    "`ParamSpec` is named `{given}` but assigned to `{}`: the two names must be the same",
                    target.id
                ),
            });
        }
    }
    let flagged: Vec<&str> = ["covariant", "contravariant", "infer_variance"]
        .into_iter()
        .filter(|flag| {
            call.arguments.keywords.iter().any(|keyword| {
                keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == *flag)
                    && matches!(&keyword.value, Expr::BooleanLiteral(literal) if literal.value)
            })
        })
        .collect();
    if flagged.len() > 1 {
        problems.push(TypeDiagnostic {
            range: call.range(),
            rule: Rule::InvalidTypeVariable,
            message: format!(
                "A `ParamSpec` cannot be both `{}=True` and `{}=True`: keep one of them",
                flagged[0], flagged[1]
            ),
        });
    }
    problems
}

fn given_range(call: &ExprCall) -> ruff_text_size::TextRange {
    call.arguments
        .args
        .first()
        .map_or_else(|| call.range(), |argument| argument.range())
}
