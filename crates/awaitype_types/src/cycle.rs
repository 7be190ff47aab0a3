//! Cycles among the type queries, resolved by salsa's fixed-point iteration. Python code and
//! stubs are full of cycles: a variable updated from itself in a loop, a recursive function's
//! inferred return type, classes whose bases mention themselves through aliases, modules that
//! import each other, recursive aliases.
//!
//! A query that meets itself starts from an initial value (for the type a definition binds:
//! `Never`, the type of no value at all; for the others the value that stands for "unknown"),
//! and every query on the cycle is computed again from the previous round's values until the
//! cycle's head computes the value it started the round with. Types only grow from round to
//! round (a loop's variable collects the types each iteration assigns), so most cycles settle in
//! two or three rounds. A round whose type holds the previous round's type inside it (a type
//! argument, a tuple element: `x = [x]` in a loop, `A = list["B"] | int` with `B = list["A"]`) is a recursive
//! structure, not growth: the inner occurrences become `Unknown`, which settles the next round.
//! To bound the rest:
//! - after [`WIDEN_AFTER`] rounds a type is widened: literals are promoted (`Literal[0, 1, 2]`
//!   becomes `int`), fixed-length tuples become `tuple[E, ...]` and deep nesting `Unknown`,
//!   which settles counters, accumulators and tuples grown by concatenation;
//! - after [`MAX_ROUNDS`] rounds the query gives its fallback (`Unknown` for types), which is
//!   documented as the answer to a cycle that does not settle.
//!
//! The answer depends only on the cycle, not on which of its queries was asked first or on
//! which thread: salsa makes every other thread that meets the cycle wait for its result.

use crate::db::{Db, TypeDb};
use crate::relation::{union, widen_for_inference};
use crate::ty::{ClassType, Type, TypeKind};

/// Rounds after which the types of a cycle that has not settled are widened: literals are
/// promoted to their classes, fixed-length tuples become `tuple[E, ...]`, and nesting deeper
/// than [`MAX_NESTING`] becomes `Unknown`.
pub(crate) const WIDEN_AFTER: u32 = 1;
/// Rounds after which a cycle that has not settled gives its query's fallback.
pub(crate) const MAX_ROUNDS: u32 = 4;
/// How deeply the types of an unsettled cycle may nest (`tuple[int, tuple[int, ...]]` is 2).
const MAX_NESTING: u32 = 3;

/// The next round's value of a query that is not a type: the computed value, or the fallback
/// once the rounds are spent.
pub(crate) fn next_round<V>(cycle: &salsa::Cycle, value: V, fallback: impl FnOnce() -> V) -> V {
    if cycle.iteration() < MAX_ROUNDS {
        value
    } else {
        fallback()
    }
}

/// The next round's value of a type query: what this round computed, with the previous round's
/// type cut where it is nested inside, widened after [`WIDEN_AFTER`] rounds, and `Unknown` once
/// the rounds are spent.
pub(crate) fn next_type_round(db: &dyn TypeDb, cycle: &salsa::Cycle, previous: Type, value: Type) -> Type {
    let db: &Db = db.types();
    let iteration = cycle.iteration();
    if iteration >= MAX_ROUNDS {
        return Type::UNKNOWN;
    }
    let value = cut_nested(db, value, previous);
    if iteration >= WIDEN_AFTER && value != previous {
        let promoted = widen_for_inference(db, value);
        map_nested(db, promoted, 0, &|_, depth| depth >= MAX_NESTING)
    } else {
        value
    }
}

/// `value` with each occurrence of `previous` inside a type argument or a tuple element (at any
/// depth) replaced by `Unknown`. Top-level union members are not nested: `int | previous` stays.
pub(crate) fn cut_nested(db: &Db, value: Type, previous: Type) -> Type {
    if previous.is_never() || previous.is_unknown() || value == previous {
        return value;
    }
    map_nested(db, value, 0, &|inner, depth| depth > 0 && inner == previous)
}

/// Nesting deeper than this is left as it is (the round limit still bounds the cycle).
const MAX_WALK_DEPTH: u32 = 32;

/// `ty` with each component for which `cut(component, depth)` holds replaced by `Unknown`. The
/// depth counts type arguments and tuple elements, not union members.
fn map_nested(db: &Db, ty: Type, depth: u32, cut: &dyn Fn(Type, u32) -> bool) -> Type {
    if cut(ty, depth) {
        return Type::UNKNOWN;
    }
    if depth > MAX_WALK_DEPTH {
        return ty;
    }
    let inner = |element: &Type| map_nested(db, *element, depth + 1, cut);
    let in_class = |class: &ClassType| ClassType {
        class: class.class,
        args: class.args.iter().map(inner).collect(),
    };
    let replaced = match db.kind(ty) {
        TypeKind::Instance(class) if !class.args.is_empty() => TypeKind::Instance(in_class(class)),
        TypeKind::ClassLiteral(class) if !class.args.is_empty() => TypeKind::ClassLiteral(in_class(class)),
        TypeKind::SubclassOf(class) if !class.args.is_empty() => TypeKind::SubclassOf(in_class(class)),
        TypeKind::Tuple(elements) => TypeKind::Tuple(elements.iter().map(inner).collect()),
        TypeKind::Union(members) => {
            let members = members.clone();
            return union(db, members.iter().map(|member| map_nested(db, *member, depth, cut)));
        }
        _ => return ty,
    };
    db.intern(replaced)
}
