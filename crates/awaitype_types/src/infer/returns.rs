//! Return types of unannotated functions, inferred from their `return` and `yield` statements:
//! what a user expects when they did not write an annotation.

use awaitype_semantic::ScopeKind;
use ruff_python_ast::Expr;

use crate::cycle::next_type_round;
use crate::db::DefinitionKey;
use crate::db::{Db, TypeDb, grow};
use crate::infer::Inferrer;
use crate::relation::{promote_literal_for_inference, union};
use crate::signature::coroutine_of;
use crate::signature::function_of;
use crate::ty::{FunctionId, Type};

pub(crate) fn inferred_return_type(db: &Db, id: FunctionId) -> Type {
    inferred_return_query(db, db.definition_key(id.file, id.definition))
}

/// A salsa query: a recursive function's return type is iterated to a fixed point from `Never`
/// (`fact(n)` returns `1` or `n * fact(n - 1)`: `int`).
#[salsa::tracked(returns(copy), cycle_fn = next_round_of_return, cycle_initial = initial_return)]
fn inferred_return_query<'db>(db: &'db dyn TypeDb, key: DefinitionKey<'db>) -> Type {
    let id = function_of(db, key);
    let db = db.types();
    grow(|| compute(db, id))
}

fn initial_return(_db: &dyn TypeDb, _id: salsa::Id, _function: DefinitionKey<'_>) -> Type {
    Type::NEVER
}

fn next_round_of_return(
    db: &dyn TypeDb,
    cycle: &salsa::Cycle,
    previous: &Type,
    value: Type,
    _function: DefinitionKey<'_>,
) -> Type {
    next_type_round(db, cycle, *previous, value)
}

fn compute(db: &Db, id: FunctionId) -> Type {
    let Some(node) = db.function_node(id) else {
        return Type::UNKNOWN;
    };
    if db.file_data(id.file).is_stub() {
        return Type::UNKNOWN;
    }
    let index = db.index(id.file);
    let Some(scope) = index.scope_of_node(node) else {
        return Type::UNKNOWN;
    };
    let ScopeKind::Function(_) = index.scope(scope).kind else {
        return Type::UNKNOWN;
    };
    let Some(info) = index.scope(scope).function.clone() else {
        return Type::UNKNOWN;
    };
    let mut inferrer = Inferrer::silent(db, id.file, scope);

    let mut returned: Vec<Type> = Vec::new();
    for ret in &info.returns {
        match &ret.value {
            Some(value) => returned.push(inferrer.infer_expression(value)),
            None => returned.push(Type::NONE),
        }
    }
    if info.falls_off_end && inferrer.all_swallow(&info.falls_off_end_if_swallowed) {
        returned.push(Type::NONE);
    }
    let result = union(db, returned.iter().copied());

    let is_generator = !info.yields.is_empty();
    if is_generator {
        let mut yielded = Vec::new();
        for expr in &info.yields {
            match expr {
                Expr::Yield(y) => yielded.push(match &y.value {
                    Some(value) => promote_literal_for_inference(db, inferrer.infer_expression(value)),
                    None => Type::NONE,
                }),
                Expr::YieldFrom(y) => {
                    let iterable = inferrer.infer_expression(&y.value);
                    yielded.push(inferrer.iterate(iterable, &y.value, false));
                }
                _ => {}
            }
        }
        let yield_type = union(db, yielded);
        return if node.is_async {
            db.known_instance("typing", "AsyncGenerator", &[yield_type, Type::ANY])
        } else {
            db.known_instance("typing", "Generator", &[yield_type, Type::ANY, result])
        };
    }
    if node.is_async {
        coroutine_of(db, result)
    } else {
        result
    }
}
