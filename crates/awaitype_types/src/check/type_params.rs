//! Type parameter declarations: PEP 695 brackets (of classes, functions and type aliases) and a
//! class's `Generic[...]` / `Protocol[...]` bases.
//!
//! A PEP 695 parameter's bound is a type expression and its constraints a literal tuple of at
//! least two (one constraint would just be a bound); neither may mention a type variable (they
//! are fixed where the parameter is declared). Such a class already declares its parameters, so
//! listing them again in `Generic[...]` or `Protocol[...]` is an error (it fails at runtime).
//! In `Generic[...]`/`Protocol[...]` each type variable appears once.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, StmtClassDef, TypeParam};
use ruff_text_size::Ranged;

use crate::infer::{Inferrer, TypeDiagnostic};
use crate::ty::{KnownInstance, SpecialForm, TypeKind};

/// The problems of a class's PEP 695 parameters (their bounds and constraints are inferred here,
/// reporting, in the parameters' own scope) and of its `Generic[...]`/`Protocol[...]` bases.
pub(super) fn check_class_type_params(
    inferrer: &mut Inferrer<'_>,
    class: &'static StmtClassDef,
) -> Vec<TypeDiagnostic> {
    let mut problems = check_bounds(inferrer, class.type_params.as_deref());
    let params_scope = class
        .type_params
        .as_deref()
        .and_then(|params| inferrer.index.scope_of_node(params));
    let Some(arguments) = &class.arguments else {
        return problems;
    };
    let base_scope = params_scope.unwrap_or(inferrer.scope);
    inferrer.in_scope(base_scope, |inferrer| {
        for base in &arguments.args {
            let Expr::Subscript(subscript) = base else { continue };
            let head = inferrer.infer_expression(&subscript.value);
            let form = match inferrer.db.kind(head) {
                TypeKind::SpecialForm(form @ (SpecialForm::Generic | SpecialForm::Protocol)) => *form,
                _ => continue,
            };
            let name = if form == SpecialForm::Generic { "Generic" } else { "Protocol" };
            if class.type_params.is_some() {
                problems.push(TypeDiagnostic {
                    range: base.range(),
                    rule: Rule::InvalidTypeVariable,
                    message: format!(
                        "Class `{}` declares its type parameters with `[...]` and cannot list them again in `{name}[...]`: remove the subscript",
                        class.name
                    ),
                });
                continue;
            }
            check_duplicates(inferrer, &subscript.slice, name, &mut problems);
        }
    });
    problems
}

/// The bounds and constraints of PEP 695 parameters (of a class, function or type alias),
/// inferred reporting in the parameters' own scope.
pub(super) fn check_bounds(
    inferrer: &mut Inferrer<'_>,
    params: Option<&'static ruff_python_ast::TypeParams>,
) -> Vec<TypeDiagnostic> {
    let mut problems = Vec::new();
    let Some(params) = params else { return problems };
    let Some(scope) = inferrer.index.scope_of_node(params) else {
        return problems;
    };
    inferrer.in_scope(scope, |inferrer| {
        for param in &params.type_params {
            if let TypeParam::TypeVar(var) = param
                && let Some(bound) = var.bound.as_deref()
            {
                check_bound(inferrer, bound, &mut problems);
            }
        }
    });
    problems
}

/// A bound (`T: int`) or constraints (`T: (int, str)`) of a PEP 695 parameter.
fn check_bound(inferrer: &mut Inferrer<'_>, bound: &'static Expr, problems: &mut Vec<TypeDiagnostic>) {
    let (parts, what): (Vec<&'static Expr>, &str) = match bound {
        Expr::Tuple(tuple) => {
            if tuple.elts.len() < 2 {
                problems.push(TypeDiagnostic {
                    range: bound.range(),
                    rule: Rule::InvalidTypeVariable,
                    message: "A constrained type parameter needs at least two constraints: a single one is a bound (`T: int`)".to_string(),
                });
            }
            (tuple.elts.iter().collect(), "constraint")
        }
        other => (vec![other], "bound"),
    };
    for part in parts {
        let ty = inferrer.type_expression(part);
        if crate::subst::contains_typevars(inferrer.db, ty) {
            problems.push(TypeDiagnostic {
                range: part.range(),
                rule: Rule::InvalidTypeVariable,
                message: format!(
                    "The {what} of a type parameter cannot be generic: `{}` mentions a type variable",
                    inferrer.display(ty)
                ),
            });
        }
    }
}

/// A type variable listed twice in `Generic[...]` or `Protocol[...]`.
fn check_duplicates(inferrer: &mut Inferrer<'_>, slice: &'static Expr, name: &str, problems: &mut Vec<TypeDiagnostic>) {
    let elements: Vec<&'static Expr> = match slice {
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        other => vec![other],
    };
    let mut seen = Vec::new();
    for element in elements {
        let ty = inferrer.infer_expression(element);
        let TypeKind::KnownInstance(KnownInstance::TypeVar(var)) = inferrer.db.kind(ty) else {
            continue;
        };
        if seen.contains(var) {
            let var_name = inferrer.db.typevar(*var).name.clone();
            problems.push(TypeDiagnostic {
                range: element.range(),
                rule: Rule::InvalidTypeVariable,
                message: format!(
                    "Type variable `{var_name}` appears more than once in `{name}[...]`: each type parameter is listed once"
                ),
            });
        } else {
            seen.push(*var);
        }
    }
}

/// Two bases that inherit one generic class with different type arguments
/// (`class C(Parent[T1, T2], Grandparent[T2, T1])` where `Parent[T1, T2]` is a
/// `Grandparent[T1, T2]`): the class would be two different specializations of it at once.
/// Arguments that are `Any` or unknown agree with anything.
pub(super) fn check_base_arguments_agree(
    db: &crate::db::Db,
    class: crate::ty::ClassId,
    node: &StmtClassDef,
) -> Option<TypeDiagnostic> {
    let info = db.class_info(class);
    if info.has_dynamic_base || info.bases.len() < 2 {
        return None;
    }
    let mut seen: Vec<(crate::ty::ClassType, &crate::ty::ClassType)> = Vec::new();
    for base in &info.bases {
        for entry in db.mro_of(base) {
            if entry.args.is_empty() {
                continue;
            }
            if let Some((earlier, earlier_base)) = seen.iter().find(|(seen, _)| seen.class == entry.class) {
                let agree = earlier
                    .args
                    .iter()
                    .zip(entry.args.iter())
                    .all(|(a, b)| a == b || a.is_dynamic() || b.is_dynamic());
                if !agree {
                    let show = |class_type: &crate::ty::ClassType| {
                        crate::display::display(db, db.intern(TypeKind::Instance(class_type.clone())))
                    };
                    return Some(TypeDiagnostic {
                        range: node.name.range,
                        rule: Rule::InvalidTypeVariable,
                        message: format!(
                            "Bases `{}` and `{}` of class `{}` inherit `{}` and `{}`: the type arguments must agree",
                            show(earlier_base),
                            show(base),
                            node.name,
                            show(earlier),
                            show(&entry)
                        ),
                    });
                }
                continue;
            }
            seen.push((entry, base));
        }
    }
    None
}
