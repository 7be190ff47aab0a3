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

use crate::class::collect_typevars;
use crate::infer::{Inferrer, TypeDiagnostic};
use crate::ty::{KnownInstance, SpecialForm, TypeKind, TypeVarId};

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
        check_generic_metaclass(inferrer, arguments, &mut problems);
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
            if let Some(listed) = check_listed_params(inferrer, &subscript.slice, name, &mut problems) {
                check_unlisted_params(inferrer, arguments, &listed, base, name, &mut problems);
            }
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

/// The arguments of `Generic[...]` or `Protocol[...]`: each must be a type variable (a
/// `TypeVarTuple` unpacked as `*Ts` or `Unpack[Ts]`), listed once. Returns the listed variables
/// (`None` when one element's type is unknown: the list may then hold anything).
fn check_listed_params(
    inferrer: &mut Inferrer<'_>,
    slice: &'static Expr,
    name: &str,
    problems: &mut Vec<TypeDiagnostic>,
) -> Option<Vec<TypeVarId>> {
    let elements: Vec<&'static Expr> = match slice {
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        other => vec![other],
    };
    let mut seen = Vec::new();
    let mut all_known = true;
    for element in elements {
        let var = match listed_type_variable(inferrer, element) {
            Listed::Variable(var) => var,
            Listed::Dynamic => {
                all_known = false;
                continue;
            }
            Listed::Other(ty) => {
                problems.push(TypeDiagnostic {
                    range: element.range(),
                    rule: Rule::InvalidTypeVariable,
                    message: format!(
                        "`{name}[...]` takes only type variables, got `{}`: list the class's type parameters",
                        inferrer.display(ty)
                    ),
                });
                continue;
            }
        };
        if seen.contains(&var) {
            let var_name = inferrer.db.typevar(var).name.clone();
            problems.push(TypeDiagnostic {
                range: element.range(),
                rule: Rule::InvalidTypeVariable,
                message: format!(
                    "Type variable `{var_name}` appears more than once in `{name}[...]`: each type parameter is listed once"
                ),
            });
        } else {
            seen.push(var);
        }
    }
    all_known.then_some(seen)
}

/// `metaclass=Meta[T]`: a metaclass cannot be specialized (generic metaclasses are not
/// supported by the type system), so the subscript is an error.
fn check_generic_metaclass(
    inferrer: &mut Inferrer<'_>,
    arguments: &'static ruff_python_ast::Arguments,
    problems: &mut Vec<TypeDiagnostic>,
) {
    let Some(keyword) = arguments
        .keywords
        .iter()
        .find(|keyword| keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == "metaclass"))
    else {
        return;
    };
    if !matches!(keyword.value, Expr::Subscript(_)) {
        return;
    }
    let meta = inferrer.infer_expression(&keyword.value);
    if let TypeKind::ClassLiteral(class_type) = inferrer.db.kind(meta)
        && !class_type.args.is_empty()
    {
        problems.push(TypeDiagnostic {
            range: keyword.value.range(),
            rule: Rule::InvalidBase,
            message: format!(
                "A metaclass cannot be generic, got `{}`: pass the metaclass without type arguments",
                inferrer.display(inferrer.db.intern(TypeKind::Instance(class_type.clone())))
            ),
        });
    }
}

/// What an element of `Generic[...]` names.
enum Listed {
    /// A type variable (`T`, `P`, `*Ts`, `Unpack[Ts]`).
    Variable(TypeVarId),
    /// Something of unknown type: given the benefit of the doubt.
    Dynamic,
    /// Any other type.
    Other(crate::ty::Type),
}

fn listed_type_variable(inferrer: &mut Inferrer<'_>, element: &'static Expr) -> Listed {
    let named = match element {
        Expr::Starred(starred) => &*starred.value,
        Expr::Subscript(sub) => {
            let head = inferrer.infer_expression(&sub.value);
            if !matches!(inferrer.db.kind(head), TypeKind::SpecialForm(SpecialForm::Unpack)) {
                return Listed::Other(inferrer.type_expression(element));
            }
            &*sub.slice
        }
        other => other,
    };
    let ty = inferrer.infer_expression(named);
    match inferrer.db.kind(ty) {
        TypeKind::KnownInstance(KnownInstance::TypeVar(var)) => Listed::Variable(*var),
        _ if ty.is_dynamic() => Listed::Dynamic,
        _ => Listed::Other(inferrer.type_expression(named)),
    }
}

/// A type variable that another base uses but `Generic[...]`/`Protocol[...]` does not list:
/// the subscript declares all of the class's parameters, so it cannot leave one out.
fn check_unlisted_params(
    inferrer: &mut Inferrer<'_>,
    arguments: &'static ruff_python_ast::Arguments,
    listed: &[TypeVarId],
    declaring_base: &'static Expr,
    name: &str,
    problems: &mut Vec<TypeDiagnostic>,
) {
    let mut used = Vec::new();
    for other in &arguments.args {
        if std::ptr::eq(other, declaring_base) || matches!(other, Expr::Starred(_)) {
            continue;
        }
        if let Expr::Subscript(subscript) = other {
            let head = inferrer.infer_expression(&subscript.value);
            if matches!(
                inferrer.db.kind(head),
                TypeKind::SpecialForm(SpecialForm::Generic | SpecialForm::Protocol)
            ) {
                continue;
            }
        }
        let ty = inferrer.type_expression(other);
        collect_typevars(inferrer.db, ty, &mut used);
    }
    let missing: Vec<String> = used
        .iter()
        .filter(|var| !listed.contains(var))
        .map(|var| format!("`{}`", inferrer.db.typevar(*var).name))
        .collect();
    if !missing.is_empty() {
        problems.push(TypeDiagnostic {
            range: declaring_base.range(),
            rule: Rule::InvalidTypeVariable,
            message: format!(
                "`{name}[...]` must list every type parameter of the class, but it leaves out {} used by another base",
                missing.join(", ")
            ),
        });
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
