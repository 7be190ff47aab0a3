//! Explicit type aliases that are defined by themselves (`type A = A`, `type A = B` with
//! `type B = A`, `X: TypeAlias = Union["X", int]`): such an alias has no meaning, unlike a
//! recursive alias whose self-references sit inside a class's type arguments
//! (`Json = int | list["Json"]`), which describes a nested structure.
//!
//! An alias's *direct references* are the aliases its value names outside of any class's type
//! arguments: the value itself, the members of a union (`|`, `Union`, `Optional`), the type of
//! `Annotated`, the text of a string, and the head of a subscripted alias (`type A[T] = T | A[str]`
//! refers to `A` itself). An alias is circular when following direct references leads back to it.
//! The search is bounded (the aliases met, and how deeply a value nests), so it terminates on any
//! input.

use awaitype_semantic::{DefinitionId, DefinitionKind, ScopeId};
use ruff_python_ast::{Expr, Operator};

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::ty::{SpecialForm, TypeKind};

/// How many aliases one search follows at most.
const MAX_ALIASES: usize = 64;
/// How deeply a value is walked.
const MAX_DEPTH: u32 = 32;

/// Whether the alias `definition` of `file` refers to itself through direct references.
pub(super) fn is_circular_alias(db: &Db, file: FileId, definition: DefinitionId) -> bool {
    let start = (file, definition);
    let mut seen = vec![start];
    let mut pending = vec![start];
    while let Some((file, definition)) = pending.pop() {
        for next in direct_references(db, file, definition) {
            if next == start {
                return true;
            }
            if !seen.contains(&next) && seen.len() < MAX_ALIASES {
                seen.push(next);
                pending.push(next);
            }
        }
    }
    false
}

/// The value expression of an alias definition and the scope it is evaluated in.
pub(crate) fn alias_value(db: &Db, file: FileId, definition: DefinitionId) -> Option<(&'static Expr, ScopeId)> {
    let index = db.index(file);
    let def = index.definition(definition);
    match def.kind {
        DefinitionKind::Assignment {
            target: Expr::Name(_),
            value,
            ..
        } => {
            let mut inferrer = Inferrer::silent(db, file, def.scope);
            match inferrer.type_alias_type_call(value) {
                Some(call) => crate::infer::type_alias_type_arguments(&mut inferrer, call)
                    .0
                    .map(|value| (value, def.scope)),
                None => Some((value, def.scope)),
            }
        }
        DefinitionKind::AnnotatedAssignment(ann) => ann.value.as_deref().map(|value| (value, def.scope)),
        DefinitionKind::TypeAlias(alias) => {
            let scope = alias
                .type_params
                .as_deref()
                .and_then(|params| index.scope_of_node(params))
                .unwrap_or(def.scope);
            Some((&*alias.value, scope))
        }
        _ => None,
    }
}

fn direct_references(db: &Db, file: FileId, definition: DefinitionId) -> Vec<(FileId, DefinitionId)> {
    let Some((value, scope)) = alias_value(db, file, definition) else {
        return Vec::new();
    };
    let mut inferrer = Inferrer::silent(db, file, scope);
    let mut out = Vec::new();
    collect(&mut inferrer, value, 0, &mut out);
    out
}

fn collect(inferrer: &mut Inferrer<'_>, expr: &'static Expr, depth: u32, out: &mut Vec<(FileId, DefinitionId)>) {
    if depth > MAX_DEPTH {
        return;
    }
    match expr {
        Expr::Name(_) | Expr::Attribute(_) => {
            if let Some(target) = alias_named_by(inferrer, expr) {
                out.push(target);
            }
        }
        Expr::BinOp(binop) if binop.op == Operator::BitOr => {
            collect(inferrer, &binop.left, depth + 1, out);
            collect(inferrer, &binop.right, depth + 1, out);
        }
        Expr::StringLiteral(string) => {
            let module = inferrer.db.module(inferrer.file);
            if let Some(parsed) = module.string_annotation(string.value.to_str().trim()) {
                collect(inferrer, parsed.expr(), depth + 1, out);
            }
        }
        Expr::Subscript(sub) => {
            let head = inferrer.infer_expression(&sub.value);
            let elements: Vec<&'static Expr> = match &*sub.slice {
                Expr::Tuple(tuple) => tuple.elts.iter().collect(),
                other => vec![other],
            };
            match inferrer.db.kind(head) {
                TypeKind::SpecialForm(SpecialForm::Union | SpecialForm::Optional) => {
                    for element in elements {
                        collect(inferrer, element, depth + 1, out);
                    }
                }
                TypeKind::SpecialForm(SpecialForm::Annotated) => {
                    if let Some(first) = elements.first() {
                        collect(inferrer, first, depth + 1, out);
                    }
                }
                _ => {
                    if let Some(target) = alias_named_by(inferrer, &sub.value) {
                        out.push(target);
                    }
                }
            }
        }
        _ => {}
    }
}

/// The alias definition a name refers to, if it is one: a `type` statement, an explicit
/// `TypeAlias`, a `TypeAliasType(...)` or an assignment that may be an implicit alias.
pub(crate) fn alias_named_by(inferrer: &mut Inferrer<'_>, expr: &Expr) -> Option<(FileId, DefinitionId)> {
    let (file, definition) = inferrer.definition_named_by(expr)?;
    let kind = inferrer.db.index(file).definition(definition).kind;
    match kind {
        DefinitionKind::TypeAlias(_)
        | DefinitionKind::Assignment {
            target: Expr::Name(_), ..
        } => Some((file, definition)),
        DefinitionKind::AnnotatedAssignment(ann) if ann.value.is_some() => {
            let scope = inferrer.db.index(file).definition(definition).scope;
            let mut owner = Inferrer::silent(inferrer.db, file, scope);
            owner
                .is_type_alias_annotation(&ann.annotation)
                .then_some((file, definition))
        }
        _ => None,
    }
}
