//! `invalid-newtype`: `N = NewType("N", base)` declarations the typing spec rejects, and
//! `invalid-base`: classes that derive from what is no class at runtime.
//!
//! `NewType` takes the name of the variable it is assigned to and a proper class (or another
//! `NewType`): not a union, a literal, `Any`, a protocol, a TypedDict, nor a generic type with
//! type variables. The object it returns is a function-like callable, not a class, so it cannot
//! be subclassed; neither can the `TypeAliasType` object a `type` statement or a
//! `TypeAliasType(...)` call makes.

use awaitype_diagnostics::Rule;
use awaitype_semantic::DefinitionKind;
use ruff_python_ast::{Expr, StmtClassDef};
use ruff_text_size::Ranged;

use crate::infer::Inferrer;
use crate::subst::contains_typevars;
use crate::ty::{KnownInstance, Type, TypeKind};

/// The problems of `target = value` as a `NewType(...)` declaration (nothing for other values).
pub(super) fn check_newtype_declaration(inferrer: &mut Inferrer<'_>, target: Option<&Expr>, value: &'static Expr) {
    let db = inferrer.db;
    let Some(Expr::Name(target)) = target else { return };
    let Some(definition) = inferrer.index.definition_of_node(target) else {
        return;
    };
    let file = inferrer.file;
    let Expr::Call(call) = value else { return };
    if !matches!(
        db.kind(db.definition_type(file, definition)),
        TypeKind::KnownInstance(KnownInstance::NewType { .. })
    ) {
        return;
    }
    if let Some(Expr::StringLiteral(name)) = call.arguments.args.first()
        && name.value.to_str() != target.id.as_str()
    {
        let message = format!(
            "The name given to `NewType` is `{}`, but it is assigned to `{}`: the two must match",
            name.value.to_str(),
            target.id
        );
        inferrer.report(name.range, Rule::InvalidNewType, message);
    }
    let Some(base_expr) = call.arguments.args.get(1) else {
        return;
    };
    let base = db.newtype_base(file, definition);
    let problem = match db.kind(base) {
        TypeKind::Any => Some("`Any`".to_string()),
        TypeKind::Union(_) => Some("a union".to_string()),
        TypeKind::IntLiteral(_) | TypeKind::BoolLiteral(_) | TypeKind::StrLiteral(_) | TypeKind::BytesLiteral(_) => {
            Some("a literal type".to_string())
        }
        _ if contains_typevars(db, base) => Some("a generic type with type variables".to_string()),
        TypeKind::Instance(class) if db.class_info(class.class).is_protocol => Some("a protocol".to_string()),
        TypeKind::Instance(class) if db.is_typed_dict(class.class) => Some("a TypedDict".to_string()),
        _ => None,
    };
    if let Some(problem) = problem {
        let message = format!(
            "The base of a `NewType` must be a proper class or another `NewType`, not {problem} (`{}`)",
            inferrer.display(base)
        );
        inferrer.report(base_expr.range(), Rule::InvalidNewType, message);
    }
}

/// Bases that are `NewType`s or `TypeAliasType` objects rather than classes.
pub(super) fn check_non_class_bases(inferrer: &mut Inferrer<'_>, class: &StmtClassDef, bases: &[Type]) {
    let db = inferrer.db;
    let Some(arguments) = &class.arguments else { return };
    for (base, expr) in bases.iter().zip(&arguments.args) {
        let what = match db.kind(*base) {
            TypeKind::KnownInstance(KnownInstance::NewType { .. }) => "a `NewType`, which is not a class",
            TypeKind::KnownInstance(KnownInstance::TypeAlias { file, definition })
                if !matches!(
                    db.index(*file).definition(*definition).kind,
                    DefinitionKind::AnnotatedAssignment(_)
                ) =>
            {
                "a `TypeAliasType` object, not a class: derive from the class the alias names instead"
            }
            _ => continue,
        };
        let message = format!(
            "Class `{}` cannot derive from `{}`: it is {what}",
            class.name,
            expr_text(expr)
        );
        inferrer.report(expr.range(), Rule::InvalidBase, message);
    }
}

fn expr_text(expr: &Expr) -> String {
    match expr {
        Expr::Name(name) => name.id.to_string(),
        Expr::Attribute(attribute) => format!("{}.{}", expr_text(&attribute.value), attribute.attr),
        _ => "this base".to_string(),
    }
}
