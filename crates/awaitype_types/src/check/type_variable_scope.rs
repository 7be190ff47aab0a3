//! `invalid-type-variable` for a type variable used where no scope binds it. A legacy type
//! variable (`T = TypeVar("T")`) means something only inside a generic function whose signature
//! mentions it, or inside a generic class that it parameterizes (its body and its methods). A
//! variable annotation elsewhere (at module level, in a function that is not generic in it, in
//! a class body that does not declare it) names a type that nothing can ever solve. The other
//! way round, a class statement cannot make a class generic in a variable an enclosing function
//! or class already binds (the two would be confused), and an explicit `TypeAlias` in a class
//! body cannot take the class's variables as its own parameters.
//!
//! PEP 695 parameters are not checked here: their names are scoped like any other name, so a use
//! outside their scope is already an unresolved reference.

use awaitype_diagnostics::Rule;
use awaitype_semantic::{DefinitionKind, ScopeId, ScopeKind};
use ruff_python_ast::{StmtClassDef, StmtFunctionDef, TypeParams};
use ruff_text_size::TextRange;

use crate::class::collect_typevars;
use crate::db::{Db, FileId};
use crate::infer::TypeDiagnostic;
use crate::ty::{ClassId, FunctionId, Type, TypeVarId};

/// The legacy type variables that `scope` binds: those of each enclosing function's signature,
/// and the parameters of a class whose body is `scope` or whose method encloses `scope` (a class
/// nested directly in another class does not see the outer class's parameters).
fn bound_type_variables(db: &Db, file: FileId, scope: ScopeId) -> Vec<TypeVarId> {
    let index = db.index(file);
    let mut vars = Vec::new();
    // Whether the scope last walked (type-parameter scopes aside) is a function, or the start.
    let mut reached_through_function = true;
    let mut current = Some(scope);
    while let Some(id) = current {
        let data = index.scope(id);
        match data.kind {
            ScopeKind::Function(node) => {
                if let Some(definition) = index.definition_of_node(node) {
                    let signature = db.declared_signature(FunctionId { file, definition });
                    for parameter in &signature.parameters {
                        collect_typevars(db, parameter.ty, &mut vars);
                    }
                    collect_typevars(db, signature.return_type, &mut vars);
                }
                reached_through_function = true;
            }
            ScopeKind::Class(node) => {
                if reached_through_function && let Some(definition) = index.definition_of_node(node) {
                    vars.extend(db.class_info(ClassId { file, definition }).type_params.iter().copied());
                }
                reached_through_function = false;
            }
            ScopeKind::Module => break,
            ScopeKind::Lambda(_) | ScopeKind::Comprehension(_) | ScopeKind::TypeParams => {}
        }
        current = data.parent;
    }
    vars
}

/// The legacy (`TypeVar(...)`-declared) type variables `ty` mentions.
fn legacy_type_variables(db: &Db, ty: Type) -> Vec<TypeVarId> {
    let mut vars = Vec::new();
    collect_typevars(db, ty, &mut vars);
    vars.retain(|var| is_legacy(db, *var));
    vars
}

fn is_legacy(db: &Db, var: TypeVarId) -> bool {
    match var {
        TypeVarId::Definition { file, definition } => {
            matches!(
                db.index(file).definition(definition).kind,
                DefinitionKind::Assignment { .. }
            )
        }
        TypeVarId::SelfOf(_) => false,
    }
}

/// A variable annotation (`x: list[T]`), or a class specialized to be called (`list[T]()`), in
/// `scope` that mentions a type variable no enclosing generic function or class binds.
pub(crate) fn check_annotation(
    db: &Db,
    file: FileId,
    scope: ScopeId,
    declared: Type,
    range: TextRange,
) -> Option<TypeDiagnostic> {
    let used = legacy_type_variables(db, declared);
    if used.is_empty() {
        return None;
    }
    let bound = bound_type_variables(db, file, scope);
    let unbound = used.into_iter().find(|var| !bound.contains(var))?;
    Some(TypeDiagnostic {
        range,
        rule: Rule::InvalidTypeVariable,
        message: format!(
            "Type variable `{}` is not bound here: no enclosing generic function or class is generic in it; use a concrete type, or make the function or class generic in it",
            db.typevar(unbound).name
        ),
    })
}

/// An explicit `TypeAlias` whose value, in `scope`, uses a type variable that an enclosing
/// class or function already binds: an alias's type variables are its own parameters.
pub(super) fn check_type_alias_value(
    db: &Db,
    file: FileId,
    scope: ScopeId,
    value: Type,
    range: TextRange,
) -> Option<TypeDiagnostic> {
    let used = legacy_type_variables(db, value);
    if used.is_empty() {
        return None;
    }
    let bound = bound_type_variables(db, file, scope);
    let taken = used.into_iter().find(|var| bound.contains(var))?;
    Some(TypeDiagnostic {
        range,
        rule: Rule::InvalidTypeVariable,
        message: format!(
            "A type alias cannot use type variable `{}`: an enclosing function or class already binds it; declare the alias outside, or use another type variable",
            db.typevar(taken).name
        ),
    })
}

/// A class statement whose class would be generic in a type variable that an enclosing generic
/// function or class already binds, and the problems of its PEP 695 parameters.
pub(super) fn check_class_parameters(db: &Db, class: ClassId, node: &'static StmtClassDef) -> Vec<TypeDiagnostic> {
    let scope = db.index(class.file).definition(class.definition).scope;
    let mut problems = check_pep695_parameters(db, class.file, scope, node.type_params.as_deref());
    let info = db.class_info(class);
    if info.type_params.is_empty() || scope == ScopeId::MODULE {
        return problems;
    }
    let bound = bound_type_variables(db, class.file, scope);
    if let Some(taken) = info
        .type_params
        .iter()
        .find(|var| is_legacy(db, **var) && bound.contains(var))
    {
        problems.push(TypeDiagnostic {
            range: node.name.range,
            rule: Rule::InvalidTypeVariable,
            message: format!(
                "Class `{}` cannot be generic in type variable `{}`: an enclosing function or class already binds it; use another type variable",
                info.name,
                db.typevar(*taken).name
            ),
        });
    }
    problems
}

/// The problems of a generic function's PEP 695 parameters.
pub(super) fn check_function_parameters(
    db: &Db,
    function: FunctionId,
    node: &'static StmtFunctionDef,
) -> Vec<TypeDiagnostic> {
    let scope = db.index(function.file).definition(function.definition).scope;
    check_pep695_parameters(db, function.file, scope, node.type_params.as_deref())
}

/// PEP 695 parameters declared by a statement in `scope`: one named like a type variable an
/// enclosing class or function binds would hide it (the inner and outer `T` would be confused),
/// and a bound or constraint cannot mention a type variable (it is fixed when declared).
fn check_pep695_parameters(
    db: &Db,
    file: FileId,
    scope: ScopeId,
    params: Option<&'static TypeParams>,
) -> Vec<TypeDiagnostic> {
    let Some(params) = params else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let outer = bound_type_variables(db, file, scope);
    for param in &params.type_params {
        let name = param.name();
        if outer.iter().any(|var| db.typevar(*var).name == name.id) {
            problems.push(TypeDiagnostic {
                range: name.range,
                rule: Rule::InvalidTypeVariable,
                message: format!(
                    "Type parameter `{}` has the name of a type parameter of an enclosing class or function, which it would hide: rename it",
                    name.id
                ),
            });
        }
        // A bound that mentions a type variable: `check/type_params.rs` (`check_bounds`).
    }
    problems
}
