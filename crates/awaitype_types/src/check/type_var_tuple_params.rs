//! `invalid-type-form` for `TypeVarTuple`s in a class's type parameter list (PEP 646): `Generic[Ts]` must unpack the variable (`Generic[*Ts]`), and a
//! class takes at most one `TypeVarTuple` (in `Generic[...]`, `Protocol[...]` or PEP 695
//! brackets), because two would make it ambiguous which arguments belong to which.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, StmtClassDef, TypeParam};
use ruff_text_size::Ranged;

use crate::db::Db;
use crate::infer::{Inferrer, TypeDiagnostic};
use crate::ty::{KnownInstance, SpecialForm, TypeKind};
use crate::typevar::TypeVarKind;

const ONLY_ONE: &str = "A class may have only one `TypeVarTuple` type parameter";

/// The diagnostics for `class`'s type parameter list; `inferrer` is the scope of the `class`
/// statement (where its bases are evaluated).
pub(super) fn check_type_var_tuple_params(
    db: &Db,
    inferrer: &mut Inferrer<'_>,
    class: &'static StmtClassDef,
) -> Vec<TypeDiagnostic> {
    let mut diagnostics = Vec::new();
    let report = |diagnostics: &mut Vec<TypeDiagnostic>, expr: &dyn Ranged, message: String| {
        diagnostics.push(TypeDiagnostic {
            range: expr.range(),
            rule: Rule::InvalidTypeForm,
            message,
        });
    };
    if let Some(params) = class.type_params.as_deref() {
        let mut seen = 0;
        for param in &params.type_params {
            if let TypeParam::TypeVarTuple(tuple) = param {
                seen += 1;
                if seen == 2 {
                    report(&mut diagnostics, tuple, ONLY_ONE.to_string());
                }
            }
        }
        return diagnostics;
    }
    let Some(arguments) = class.arguments.as_deref() else {
        return diagnostics;
    };
    for base in &*arguments.args {
        let Expr::Subscript(subscript) = base else { continue };
        let head = inferrer.infer_expression(&subscript.value);
        if !matches!(
            db.kind(head),
            TypeKind::SpecialForm(SpecialForm::Generic | SpecialForm::Protocol)
        ) {
            continue;
        }
        let elements: Vec<&'static Expr> = match &*subscript.slice {
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        let mut seen = 0;
        for element in elements {
            let (operand, unpacked) = match inferrer.unpack_operand(element) {
                Some(operand) => (operand, true),
                None => (element, false),
            };
            let TypeKind::KnownInstance(KnownInstance::TypeVar(var)) = db.kind(inferrer.infer_expression(operand))
            else {
                continue;
            };
            let info = db.typevar(*var);
            if info.kind != TypeVarKind::TypeVarTuple {
                continue;
            }
            if !unpacked {
                report(
                    &mut diagnostics,
                    element,
                    format!(
                        "`TypeVarTuple` `{}` must be unpacked here: write `*{}`",
                        info.name, info.name
                    ),
                );
            }
            seen += 1;
            if seen == 2 {
                report(&mut diagnostics, element, ONLY_ONE.to_string());
            }
        }
    }
    diagnostics
}
