//! `invalid-type-form` for misused `P.args` / `P.kwargs` of a `ParamSpec` `P`. They stand for the
//! positional and keyword halves of one parameter list, so the typing spec allows them only
//! together, as `*args: P.args, **kwargs: P.kwargs` (with nothing keyword-only in between, as
//! the list's keyword part must come last), and only where `P` has a meaning: in a function
//! whose signature or enclosing function or class binds `P`. Anywhere else (another parameter, a
//! variable annotation) the halves mean nothing.

use awaitype_diagnostics::Rule;
use awaitype_semantic::{ScopeId, ScopeKind};
use ruff_python_ast::{Expr, StmtFunctionDef, TypeParam};
use ruff_text_size::Ranged;

use crate::infer::{Inferrer, TypeDiagnostic};
use crate::ty::TypeVarId;

/// Which half of a `ParamSpec` an annotation names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Half {
    Args,
    Kwargs,
}

/// `P.args` or `P.kwargs` for a `ParamSpec` `P`.
fn component_of(inferrer: &mut Inferrer<'_>, annotation: &'static Expr) -> Option<(TypeVarId, Half)> {
    let Expr::Attribute(attribute) = annotation else {
        return None;
    };
    let half = match attribute.attr.as_str() {
        "args" => Half::Args,
        "kwargs" => Half::Kwargs,
        _ => return None,
    };
    inferrer.param_spec_of(&attribute.value).map(|var| (var, half))
}

fn problem(node: &impl Ranged, message: impl Into<String>) -> TypeDiagnostic {
    TypeDiagnostic {
        range: node.range(),
        rule: Rule::InvalidTypeForm,
        message: message.into(),
    }
}

/// A variable annotated `P.args` or `P.kwargs`.
pub(super) fn check_variable_annotation(
    inferrer: &mut Inferrer<'_>,
    annotation: &'static Expr,
) -> Option<TypeDiagnostic> {
    component_of(inferrer, annotation).map(|_| {
        problem(
            annotation,
            "`P.args` and `P.kwargs` only annotate `*args` and `**kwargs` parameters, not variables",
        )
    })
}

/// The `P.args` / `P.kwargs` problems of a function's parameters; `enclosing` is the scope the
/// `def` statement is in.
pub(super) fn check_function_components(
    inferrer: &mut Inferrer<'_>,
    function: &'static StmtFunctionDef,
    enclosing: ScopeId,
) -> Vec<TypeDiagnostic> {
    let parameters = &function.parameters;
    let mut problems = Vec::new();
    for parameter in parameters.iter_non_variadic_params() {
        if let Some(annotation) = parameter.parameter.annotation.as_deref()
            && component_of(inferrer, annotation).is_some()
        {
            problems.push(problem(
                annotation,
                "`P.args` and `P.kwargs` only annotate `*args` and `**kwargs`: use `*args: P.args, **kwargs: P.kwargs`",
            ));
        }
    }
    let args = parameters
        .vararg
        .as_deref()
        .and_then(|p| p.annotation.as_deref())
        .map(|a| (a, component_of(inferrer, a)));
    let kwargs = parameters
        .kwarg
        .as_deref()
        .and_then(|p| p.annotation.as_deref())
        .map(|a| (a, component_of(inferrer, a)));
    let args_var = match args {
        Some((annotation, Some((var, half)))) => {
            if half != Half::Args {
                problems.push(problem(annotation, "`*args` takes `P.args`, not `P.kwargs`"));
            }
            Some((annotation, var))
        }
        _ => None,
    };
    let kwargs_var = match kwargs {
        Some((annotation, Some((var, half)))) => {
            if half != Half::Kwargs {
                problems.push(problem(annotation, "`**kwargs` takes `P.kwargs`, not `P.args`"));
            }
            Some((annotation, var))
        }
        _ => None,
    };
    match (args_var, kwargs_var) {
        (Some((_, a)), Some((annotation, k))) if a != k => {
            problems.push(problem(
                annotation,
                "`*args` and `**kwargs` must use the same `ParamSpec`",
            ));
        }
        (Some((annotation, _)), None) => problems.push(problem(
            kwargs.map_or(annotation, |(a, _)| a),
            "`*args: P.args` needs `**kwargs: P.kwargs` as well",
        )),
        (None, Some((annotation, _))) => problems.push(problem(
            args.map_or(annotation, |(a, _)| a),
            "`**kwargs: P.kwargs` needs `*args: P.args` as well",
        )),
        _ => {}
    }
    if let Some((annotation, var)) = args_var.or(kwargs_var) {
        if args_var.is_some() && !parameters.kwonlyargs.is_empty() {
            problems.push(problem(
                &parameters.kwonlyargs[0].parameter.name,
                "No keyword-only parameter may come between `*args: P.args` and `**kwargs: P.kwargs`",
            ));
        }
        if !binds_param_spec(inferrer, function, enclosing, var) {
            problems.push(problem(
                annotation,
                "This `ParamSpec` has no meaning here: use it in the function's other parameters (`f: Callable[P, R]`) or in an enclosing function or generic class",
            ));
        }
    }
    problems
}

/// Whether `var` is bound where `function` is: by another of its parameters or its return
/// annotation, by an enclosing function's signature, or by an enclosing class or PEP 695 list.
fn binds_param_spec(
    inferrer: &mut Inferrer<'_>,
    function: &'static StmtFunctionDef,
    enclosing: ScopeId,
    var: TypeVarId,
) -> bool {
    if signature_mentions(inferrer, function, var, true) {
        return true;
    }
    let db = inferrer.db;
    let file = inferrer.file;
    let index = db.index(file);
    for scope in index.parent_scopes(enclosing) {
        match index.scope(scope).kind {
            ScopeKind::Function(node) if signature_mentions(inferrer, node, var, false) => return true,
            ScopeKind::Class(node) => {
                if let Some(definition) = index.definition_of_node(node) {
                    let class = crate::ty::ClassId { file, definition };
                    if db.class_info(class).type_params.contains(&var) {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether a `def`'s type parameters or annotations name `var` (leaving out `*args`/`**kwargs`
/// when `skip_variadic`, as those are what is being checked).
fn signature_mentions(
    inferrer: &mut Inferrer<'_>,
    function: &'static StmtFunctionDef,
    var: TypeVarId,
    skip_variadic: bool,
) -> bool {
    let name = inferrer.db.typevar(var).name.clone();
    if let Some(params) = function.type_params.as_deref()
        && params
            .iter()
            .any(|param| matches!(param, TypeParam::ParamSpec(p) if p.name.id == name))
    {
        return true;
    }
    let parameters = &function.parameters;
    let variadic = [parameters.vararg.as_deref(), parameters.kwarg.as_deref()]
        .into_iter()
        .flatten()
        .filter(|_| !skip_variadic)
        .filter_map(|p| p.annotation.as_deref());
    let annotations: Vec<&'static Expr> = parameters
        .iter_non_variadic_params()
        .filter_map(|p| p.parameter.annotation.as_deref())
        .chain(variadic)
        .chain(function.returns.as_deref())
        .collect();
    annotations
        .into_iter()
        .any(|annotation| mentions(inferrer, annotation, var, &name))
}

/// Whether an annotation names `var` anywhere inside it.
fn mentions(inferrer: &mut Inferrer<'_>, expr: &'static Expr, var: TypeVarId, name: &str) -> bool {
    let mut stack = vec![expr];
    while let Some(expr) = stack.pop() {
        match expr {
            Expr::Name(n) if n.id.as_str() == name && inferrer.param_spec_of(expr) == Some(var) => return true,
            // A string annotation is not looked into: assume it may name the variable.
            Expr::StringLiteral(text) if text.value.to_str().contains(name) => return true,
            Expr::Subscript(sub) => {
                stack.push(&sub.value);
                stack.push(&sub.slice);
            }
            Expr::Tuple(tuple) => stack.extend(tuple.elts.iter()),
            Expr::List(list) => stack.extend(list.elts.iter()),
            Expr::BinOp(binop) => {
                stack.push(&binop.left);
                stack.push(&binop.right);
            }
            Expr::Attribute(attribute) => stack.push(&attribute.value),
            _ => {}
        }
    }
    false
}
