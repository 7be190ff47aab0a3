//! Which aliases an alias's value names, and whether one alias leads to another through them:
//! what makes aliases that refer to each other (`Expr = int | list["Call"]`, `Call =
//! tuple[str, "Expr"]`) recursive types rather than a cycle of queries (see `alias_reference.rs`).
//!
//! The references are read from the value's syntax (names, strings, subscripts, unions, lists
//! and tuples), one query per alias, and the search for a path is bounded, so it ends on any input.

use std::sync::Arc;

use awaitype_semantic::DefinitionId;
use ruff_python_ast::Expr;

use crate::check::alias_cycles::{alias_named_by, alias_value};
use crate::db::{Db, FileId};
use crate::infer::Inferrer;

/// How many aliases one search follows at most.
const MAX_ALIASES: usize = 64;
/// How deeply a value is walked.
const MAX_DEPTH: u32 = 32;

/// Whether following the aliases named by values leads from the alias `from` to `target`.
pub(crate) fn alias_leads_to(db: &Db, from: (FileId, DefinitionId), target: (FileId, DefinitionId)) -> bool {
    let mut seen = vec![from];
    let mut pending = vec![from];
    while let Some((file, definition)) = pending.pop() {
        for next in alias_references(db, file, definition).iter() {
            if *next == target {
                return true;
            }
            if !seen.contains(next) && seen.len() < MAX_ALIASES {
                seen.push(*next);
                pending.push(*next);
            }
        }
    }
    false
}

/// The aliases the value of the alias `definition` of `file` names anywhere in it.
fn alias_references(db: &Db, file: FileId, definition: DefinitionId) -> Arc<[(FileId, DefinitionId)]> {
    references_query(db, db.definition_key(file, definition))
}

/// A salsa query.
#[salsa::tracked(returns(clone), cycle_fn = references_next_round, cycle_initial = no_references)]
fn references_query<'db>(
    db: &'db dyn crate::db::TypeDb,
    key: crate::db::DefinitionKey<'db>,
) -> Arc<[(FileId, DefinitionId)]> {
    let (file, definition) = (key.file(db), key.definition(db));
    let db = db.types();
    let Some((value, scope)) = alias_value(db, file, definition) else {
        return Arc::from([]);
    };
    let mut inferrer = Inferrer::silent(db, file, scope);
    let mut out = Vec::new();
    collect(&mut inferrer, value, 0, &mut out);
    Arc::from(out)
}

fn no_references(
    _db: &dyn crate::db::TypeDb,
    _id: salsa::Id,
    _key: crate::db::DefinitionKey<'_>,
) -> Arc<[(FileId, DefinitionId)]> {
    Arc::from([])
}

fn references_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Arc<[(FileId, DefinitionId)]>,
    value: Arc<[(FileId, DefinitionId)]>,
    _key: crate::db::DefinitionKey<'_>,
) -> Arc<[(FileId, DefinitionId)]> {
    crate::cycle::next_round(cycle, value, || Arc::from([]))
}

fn collect(inferrer: &mut Inferrer<'_>, expr: &'static Expr, depth: u32, out: &mut Vec<(FileId, DefinitionId)>) {
    if depth > MAX_DEPTH || out.len() >= MAX_ALIASES {
        return;
    }
    match expr {
        Expr::Name(_) | Expr::Attribute(_) => {
            if let Some(target) = alias_named_by(inferrer, expr)
                && !out.contains(&target)
            {
                out.push(target);
            }
        }
        Expr::BinOp(binop) => {
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
            collect(inferrer, &sub.value, depth + 1, out);
            collect(inferrer, &sub.slice, depth + 1, out);
        }
        Expr::Tuple(tuple) => {
            for element in &tuple.elts {
                collect(inferrer, element, depth + 1, out);
            }
        }
        Expr::List(list) => {
            for element in &list.elts {
                collect(inferrer, element, depth + 1, out);
            }
        }
        Expr::Starred(starred) => collect(inferrer, &starred.value, depth + 1, out),
        _ => {}
    }
}
