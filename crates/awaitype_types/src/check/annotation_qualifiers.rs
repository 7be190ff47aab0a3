//! Where the `ClassVar` and `Final` qualifiers may appear. They qualify a variable, not a type,
//! so the typing spec allows them only as the outermost form of a variable's annotation (looking
//! through `Annotated`), each with at most one type argument. `ClassVar` further needs a class
//! body and a type without type variables (the variable is shared by every specialization), and
//! neither qualifier fits a TypedDict key or a named tuple field, whose runtime forbids them.
//! A parameter, a return type, a type alias's value, or any position nested inside another
//! type form is never a variable's outermost annotation.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, Operator, StmtAnnAssign};
use ruff_text_size::{Ranged, TextRange};

use crate::infer::{Inferrer, TypeDiagnostic};
use crate::ty::{ClassId, SpecialForm, TypeKind};

/// How deep the search for a nested qualifier goes: annotations are shallow, and the bound keeps
/// a pathological one cheap (no unbounded recursion on user input).
const MAX_NESTING: u32 = 32;

/// Where an annotated assignment is, as far as its qualifiers care.
pub(super) struct VariableSite {
    /// The class whose body declares the variable (the target is a plain name there).
    pub class: Option<ClassId>,
    /// Whether the class is a TypedDict, a named tuple, or a dataclass (`ClassVar[Final[T]]`).
    pub class_kind: ClassKind,
    /// Whether the class's methods assign the declared name through `self` (or the class is a
    /// protocol, whose implementations bind it).
    pub bound_by_methods: bool,
    /// Whether the statement is directly in a method named `__init__`.
    pub in_init: bool,
    /// Whether the file is a stub (declarations without values are the norm there).
    pub is_stub: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ClassKind {
    Plain,
    Dataclass,
    TypedDict,
    NamedTuple,
}

/// The `ClassVar`/`Final` problems of a variable's annotation.
pub(super) fn check_variable(
    inferrer: &mut Inferrer<'_>,
    ann: &'static StmtAnnAssign,
    site: &VariableSite,
) -> Vec<TypeDiagnostic> {
    let mut problems = Vec::new();
    let (qualifiers, rest) = outer_qualifiers(inferrer, &ann.annotation, &mut problems);
    if let Some(rest) = rest {
        nested_qualifiers(inferrer, rest, &mut problems, 0);
    }
    if qualifiers.is_empty() {
        return problems;
    }
    let class_var = qualifiers.iter().find(|q| q.form == SpecialForm::ClassVar);
    let final_ = qualifiers.iter().find(|q| q.form == SpecialForm::Final);
    if let (Some(class_var), Some(final_)) = (class_var, final_) {
        let dataclass_class_var =
            site.class_kind == ClassKind::Dataclass && qualifiers[0].form == SpecialForm::ClassVar;
        if !dataclass_class_var {
            let range = if qualifiers[0].form == SpecialForm::ClassVar {
                final_.range
            } else {
                class_var.range
            };
            problems.push(problem(
                range,
                "`ClassVar` and `Final` cannot be combined: a `Final` declared in a class body is already a class variable",
            ));
        }
    }
    for qualifier in &qualifiers {
        let name = qualifier_name(qualifier.form);
        match site.class_kind {
            ClassKind::TypedDict if site.class.is_some() => {
                problems.push(problem(
                    qualifier.range,
                    &format!("`{name}` is not allowed in a TypedDict key's annotation"),
                ));
                return problems;
            }
            ClassKind::NamedTuple if site.class.is_some() => {
                problems.push(problem(
                    qualifier.range,
                    &format!("`{name}` is not allowed in a named tuple field's annotation"),
                ));
                return problems;
            }
            _ => {}
        }
    }
    if let Some(class_var) = class_var {
        check_class_var(inferrer, ann, site, class_var, &mut problems);
    }
    if let Some(final_) = final_ {
        check_final(ann, site, final_, &mut problems);
    }
    problems
}

/// `ClassVar` needs a plain name in a class body, and a type without type variables.
fn check_class_var(
    inferrer: &mut Inferrer<'_>,
    ann: &'static StmtAnnAssign,
    site: &VariableSite,
    class_var: &Qualifier,
    problems: &mut Vec<TypeDiagnostic>,
) {
    if site.class.is_none() || !matches!(&*ann.target, Expr::Name(_)) {
        problems.push(problem(
            class_var.range,
            "`ClassVar` is only allowed on a variable declared in a class body",
        ));
        return;
    }
    if let Some(argument) = class_var.argument {
        let ty = inferrer.type_expression(argument);
        if crate::subst::contains_typevars(inferrer.db, ty) {
            problems.push(problem(
                argument.range(),
                "A `ClassVar` type cannot contain type variables: the variable is shared by every specialization of the class",
            ));
        }
    }
}

/// `Final` needs a value, except in a class body (where `__init__` may bind it) and in stubs;
/// an instance attribute is declared `Final` only in `__init__`.
fn check_final(
    ann: &'static StmtAnnAssign,
    site: &VariableSite,
    final_: &Qualifier,
    problems: &mut Vec<TypeDiagnostic>,
) {
    if matches!(&*ann.target, Expr::Attribute(_)) && !site.in_init {
        problems.push(problem(
            final_.range,
            "`Final` on an instance attribute is only allowed in `__init__`, which binds it once per instance",
        ));
        return;
    }
    if ann.value.is_some() || site.is_stub {
        return;
    }
    if site.class.is_none() {
        if matches!(&*ann.target, Expr::Name(_)) {
            problems.push(problem(
                ann.target.range(),
                "A `Final` variable outside a class body must be assigned a value where it is declared",
            ));
        }
    } else if site.class_kind != ClassKind::Dataclass {
        if final_.argument.is_none() {
            problems.push(problem(
                final_.range,
                "A `Final` declaration without a value needs a type argument: write `Final[T]`",
            ));
        } else if !site.bound_by_methods {
            problems.push(problem(
                ann.target.range(),
                "A `Final` attribute declared without a value must be assigned in `__init__`",
            ));
        }
    }
}

/// The `ClassVar`/`Final` problems of a parameter's or return's annotation, or of a type
/// alias's value: no qualifier fits there.
pub(super) fn check_non_variable(inferrer: &mut Inferrer<'_>, annotation: &'static Expr) -> Vec<TypeDiagnostic> {
    let mut problems = Vec::new();
    nested_qualifiers(inferrer, annotation, &mut problems, 0);
    problems
}

/// A `ClassVar`/`Final` qualifier at the outermost level: its head's range and its type
/// argument (none when bare).
struct Qualifier {
    form: SpecialForm,
    range: TextRange,
    argument: Option<&'static Expr>,
}

/// The qualifier forms an annotation starts with (through `Annotated` and the TypedDict
/// qualifiers), and the type under them, if any. Reports a qualifier with other than one
/// argument.
fn outer_qualifiers(
    inferrer: &mut Inferrer<'_>,
    annotation: &'static Expr,
    problems: &mut Vec<TypeDiagnostic>,
) -> (Vec<Qualifier>, Option<&'static Expr>) {
    let mut qualifiers = Vec::new();
    let mut current = annotation;
    for _ in 0..MAX_NESTING {
        let (head, slice) = match current {
            Expr::Subscript(sub) => (&*sub.value, Some(&*sub.slice)),
            Expr::Name(_) | Expr::Attribute(_) => (current, None),
            _ => return (qualifiers, Some(current)),
        };
        let Some(form) = special_form(inferrer, head) else {
            return (qualifiers, Some(current));
        };
        match (form, slice) {
            (SpecialForm::ClassVar | SpecialForm::Final, None) => {
                qualifiers.push(Qualifier {
                    form,
                    range: head.range(),
                    argument: None,
                });
                return (qualifiers, None);
            }
            (SpecialForm::ClassVar | SpecialForm::Final, Some(slice)) => {
                let first = match slice {
                    Expr::Tuple(tuple) => {
                        if tuple.elts.len() != 1 {
                            let name = qualifier_name(form);
                            problems.push(problem(
                                slice.range(),
                                &format!("`{name}` takes exactly one type argument, got {}", tuple.elts.len()),
                            ));
                        }
                        tuple.elts.first()
                    }
                    other => Some(other),
                };
                qualifiers.push(Qualifier {
                    form,
                    range: head.range(),
                    argument: first,
                });
                match first {
                    Some(first) => current = first,
                    None => return (qualifiers, None),
                }
            }
            (
                SpecialForm::Annotated | SpecialForm::Required | SpecialForm::NotRequired | SpecialForm::ReadOnly,
                Some(slice),
            ) => {
                current = match slice {
                    Expr::Tuple(tuple) => match tuple.elts.first() {
                        Some(first) => first,
                        None => return (qualifiers, None),
                    },
                    other => other,
                };
            }
            _ => return (qualifiers, Some(current)),
        }
    }
    (qualifiers, None)
}

/// Reports every `ClassVar`/`Final` inside a type expression (none may be there).
fn nested_qualifiers(inferrer: &mut Inferrer<'_>, expr: &'static Expr, problems: &mut Vec<TypeDiagnostic>, depth: u32) {
    if depth > MAX_NESTING {
        return;
    }
    match expr {
        Expr::Name(_) | Expr::Attribute(_) => {
            if let Some(form @ (SpecialForm::ClassVar | SpecialForm::Final)) = special_form(inferrer, expr) {
                report_misplaced(form, expr.range(), problems);
            }
        }
        Expr::Subscript(sub) => {
            match special_form(inferrer, &sub.value) {
                Some(form @ (SpecialForm::ClassVar | SpecialForm::Final)) => {
                    report_misplaced(form, sub.value.range(), problems);
                    return;
                }
                // Literal values and `Annotated` metadata are not type expressions.
                Some(SpecialForm::Literal) => return,
                Some(SpecialForm::Annotated) => {
                    if let Expr::Tuple(tuple) = &*sub.slice
                        && let Some(first) = tuple.elts.first()
                    {
                        nested_qualifiers(inferrer, first, problems, depth + 1);
                    }
                    return;
                }
                _ => {}
            }
            nested_qualifiers(inferrer, &sub.slice, problems, depth + 1);
        }
        Expr::Tuple(tuple) => {
            for element in &tuple.elts {
                nested_qualifiers(inferrer, element, problems, depth + 1);
            }
        }
        Expr::List(list) => {
            for element in &list.elts {
                nested_qualifiers(inferrer, element, problems, depth + 1);
            }
        }
        Expr::BinOp(binop) if binop.op == Operator::BitOr => {
            nested_qualifiers(inferrer, &binop.left, problems, depth + 1);
            nested_qualifiers(inferrer, &binop.right, problems, depth + 1);
        }
        _ => {}
    }
}

fn report_misplaced(form: SpecialForm, range: TextRange, problems: &mut Vec<TypeDiagnostic>) {
    let name = qualifier_name(form);
    problems.push(problem(
        range,
        &format!("`{name}` is only allowed as the outermost form of a variable's annotation"),
    ));
}

/// The qualifier's name as users write it after `from typing import ...`.
fn qualifier_name(form: SpecialForm) -> &'static str {
    match form {
        SpecialForm::ClassVar => "ClassVar",
        _ => "Final",
    }
}

fn special_form(inferrer: &mut Inferrer<'_>, head: &'static Expr) -> Option<SpecialForm> {
    if !matches!(head, Expr::Name(_) | Expr::Attribute(_)) {
        return None;
    }
    match inferrer.db.kind(inferrer.infer_expression(head)) {
        TypeKind::SpecialForm(form) => Some(*form),
        _ => None,
    }
}

fn problem(range: TextRange, message: &str) -> TypeDiagnostic {
    TypeDiagnostic {
        range,
        rule: Rule::InvalidTypeForm,
        message: message.to_string(),
    }
}
