//! `invalid-type-variable` for type parameter defaults (PEP 696) that cannot work.
//!
//! On a `TypeVar(...)` declaration, the default must be a type the variable could take: a type
//! its bound allows, or exactly one of its constraints. A default that is another type variable
//! must be at least as narrow: its bound fits this bound, or its constraints are among these.
//!
//! On a generic class, the parameters are filled from the left like a function's arguments, so
//! a parameter without a default cannot follow one with a default; a default may name only
//! parameters before it (the later ones, or those of an enclosing scope, are not known when it
//! applies); and a type variable right after a `TypeVarTuple` cannot have a default, since the
//! tuple would take its argument.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};

use crate::class::collect_typevars;
use crate::db::Db;
use crate::infer::{Inferrer, TypeDiagnostic};
use crate::relation::is_assignable;
use crate::ty::{ClassId, Type, TypeKind};
use crate::typevar::TypeVarKind;

/// The problems of the `default=` of a `TypeVar(...)` call against its bound or constraints.
pub(super) fn check_default_fits(inferrer: &mut Inferrer<'_>, call: &'static ExprCall) -> Option<TypeDiagnostic> {
    let keyword = |name: &str| {
        call.arguments
            .keywords
            .iter()
            .find(|keyword| keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == name))
    };
    let default_expr = &keyword("default")?.value;
    let mut quiet_type = |expr: &'static Expr| inferrer.quietly_if(true, |inferrer| inferrer.type_expression(expr));
    let default = quiet_type(default_expr);
    let bound = keyword("bound").map(|bound| quiet_type(&bound.value));
    let constraints: Vec<Type> = call.arguments.args.iter().skip(1).map(&mut quiet_type).collect();
    let db = inferrer.db;
    if default.is_dynamic() {
        return None;
    }
    let problem = match db.kind(default) {
        TypeKind::TypeVar(other) => {
            let other = db.typevar(*other);
            if !constraints.is_empty() {
                if !other.constraints.is_empty() {
                    (!other.constraints.iter().all(|c| constraints.contains(c))).then(|| {
                        format!(
                            "The default `{}` may be {}, which are not all among the constraints {}",
                            other.name,
                            listed(inferrer, &other.constraints),
                            listed(inferrer, &constraints)
                        )
                    })
                } else {
                    other
                        .bound
                        .filter(|bound| !constraints.contains(bound))
                        .map(|other_bound| {
                            format!(
                                "The default `{}` is bounded by `{}`, which is not one of the constraints {}",
                                other.name,
                                inferrer.display(other_bound),
                                listed(inferrer, &constraints)
                            )
                        })
                }
            } else if let Some(bound) = bound {
                let upper = other
                    .bound
                    .unwrap_or_else(|| db.known_instance("builtins", "object", &[]));
                let fits = if other.constraints.is_empty() {
                    is_assignable(db, upper, bound)
                } else {
                    other.constraints.iter().all(|c| is_assignable(db, *c, bound))
                };
                (!fits).then(|| {
                    format!(
                        "The default `{}` may be a type outside the bound `{}`",
                        other.name,
                        inferrer.display(bound)
                    )
                })
            } else {
                None
            }
        }
        _ if !constraints.is_empty() => (!constraints.contains(&default)).then(|| {
            format!(
                "The default `{}` is not one of the constraints {}: it must be exactly one of them",
                inferrer.display(default),
                listed(inferrer, &constraints)
            )
        }),
        _ => bound.filter(|bound| !is_assignable(db, default, *bound)).map(|bound| {
            format!(
                "The default `{}` is not assignable to the bound `{}`",
                inferrer.display(default),
                inferrer.display(bound)
            )
        }),
    }?;
    Some(TypeDiagnostic {
        range: default_expr.range(),
        rule: Rule::InvalidTypeVariable,
        message: problem,
    })
}

fn listed(inferrer: &Inferrer<'_>, types: &[Type]) -> String {
    let shown: Vec<String> = types.iter().map(|ty| format!("`{}`", inferrer.display(*ty))).collect();
    shown.join(", ")
}

/// The first problem of a generic class's parameter list with defaults.
pub(super) fn check_class_parameters(db: &Db, class: ClassId, range: TextRange) -> Option<TypeDiagnostic> {
    let info = db.class_info(class);
    let params = &info.type_params;
    let mut with_default: Option<usize> = None;
    let mut problem = None;
    for (position, param) in params.iter().enumerate() {
        let var = db.typevar(*param);
        let Some(default) = var.default else {
            if let Some(earlier) = with_default {
                problem = Some(format!(
                    "Type parameter `{}` has no default but follows `{}`, which has one: move it before, or give it a default",
                    var.name,
                    db.typevar(params[earlier]).name
                ));
                break;
            }
            continue;
        };
        with_default.get_or_insert(position);
        if var.kind == TypeVarKind::TypeVar
            && position > 0
            && db.typevar(params[position - 1]).kind == TypeVarKind::TypeVarTuple
        {
            problem = Some(format!(
                "Type parameter `{}` follows a `TypeVarTuple` and cannot have a default: the tuple would take its argument",
                var.name
            ));
            break;
        }
        let mut mentioned = Vec::new();
        collect_typevars(db, default, &mut mentioned);
        if let Some(outside) = mentioned.iter().find(|used| !params[..position].contains(used)) {
            problem = Some(format!(
                "The default of type parameter `{}` uses `{}`, which is not a parameter of class `{}` listed before it",
                var.name,
                db.typevar(*outside).name,
                info.name
            ));
            break;
        }
    }
    Some(TypeDiagnostic {
        range,
        rule: Rule::InvalidTypeVariable,
        message: problem?,
    })
}
