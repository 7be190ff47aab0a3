//! `invalid-overload`: an overloaded function's implementation must be consistent with each of
//! its overloads: what an overload promises to return must be something the implementation may
//! return (when both are annotated). Reported at the implementation, once per overload that does
//! not fit. Generic and decorated overloads are not compared (that needs solving, or the
//! decorated types): no report is better than a wrong one.
//!
//! The typing spec also asks that the implementation accept every call an overload accepts.
//! Comparing parameters as whole callables was tried and left out: it reported correct code in
//! starlette (`type[str]` against a `Callable[[Any], Any]` parameter) where class-to-callable
//! assignability is not precise enough yet. `overload_parameters.rs` compares the parameters
//! one by one, and only those of plain data types.

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtFunctionDef;
use ruff_text_size::Ranged;

use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::relation::is_assignable;
use crate::ty::{FunctionId, Signature, Type, TypeKind};

pub(super) fn check_overload_implementation(db: &Db, id: FunctionId, node: &StmtFunctionDef) -> Vec<TypeDiagnostic> {
    // Only a function whose name is defined more than once in its scope can follow overloads.
    let index = db.index(id.file);
    let definition = index.definition(id.definition);
    if index.scope(definition.symbol_scope).all_definitions[definition.symbol.index()].len() < 2 {
        return Vec::new();
    }
    let flags = db.function_flags(id);
    if flags.overload {
        return Vec::new();
    }
    let TypeKind::Overloaded(overloads) = db.kind(db.definition_type(id.file, id.definition)).clone() else {
        return Vec::new();
    };
    // Other decorators change the signatures that must be consistent; comparing the undecorated
    // ones could report what is fine, so such functions are left alone.
    let decorated = |id: FunctionId| db.function_flags(id).has_other_decorators;
    if decorated(id)
        || overloads
            .iter()
            .any(|overload| matches!(db.kind(*overload), TypeKind::Function(function) if decorated(function.id)))
    {
        return Vec::new();
    }
    let implementation = db.declared_signature(id);
    let implementation_returns = node.returns.is_some().then_some(implementation.return_type);
    let mut problems = Vec::new();
    for (position, overload) in overloads.iter().enumerate() {
        let TypeKind::Function(function) = db.kind(*overload) else {
            continue;
        };
        let Some(overload_node) = db.function_node(function.id) else {
            continue;
        };
        let signature = db.declared_signature(function.id);
        // Generic signatures would have to be solved against each other first: not compared.
        let generic = |signature: &Signature| crate::subst::contains_typevars(db, callable(db, signature));
        if generic(&implementation) || generic(&signature) {
            continue;
        }
        let ordinal = position + 1;
        if let Some((parameter, expected)) =
            super::overload_parameters::narrower_implementation_parameter(db, &signature, &implementation)
        {
            let name = parameter
                .name
                .as_ref()
                .map_or_else(|| "*".to_string(), ToString::to_string);
            problems.push(TypeDiagnostic {
                range: node.name.range(),
                rule: Rule::InvalidOverload,
                message: format!(
                    "Overload {ordinal} of `{}` accepts `{}` for parameter `{name}`, but the implementation's parameter only accepts `{}`; widen the implementation's parameter type",
                    node.name,
                    crate::display::display(db, parameter.ty),
                    crate::display::display(db, expected)
                ),
            });
        }
        if let Some(returns) = implementation_returns
            && overload_node.returns.is_some()
            && !is_assignable(db, signature.return_type, returns)
        {
            problems.push(TypeDiagnostic {
                range: node.name.range(),
                rule: Rule::InvalidOverload,
                message: format!(
                    "Overload {ordinal} of `{}` returns `{}`, which the implementation's return type `{}` does not allow",
                    node.name,
                    crate::display::display(db, signature.return_type),
                    crate::display::display(db, returns)
                ),
            });
        }
    }
    problems
}

/// A signature as a callable type returning `Any`.
fn callable(db: &Db, signature: &Signature) -> Type {
    let mut signature = signature.clone();
    signature.return_type = Type::ANY;
    db.intern(TypeKind::Callable(Box::new(signature)))
}
