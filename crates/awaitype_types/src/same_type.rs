//! Whether two types are the same type for `assert_type`, up to the order of union members.
//!
//! A union is a set: `int | str` and `str | int` are one type, wherever the union appears
//! (`list[int | str]` is `list[str | int]`). Types are interned as written, so two spellings of
//! one union are distinct values; this comparison walks both types together and matches union
//! members as sets. Everything else must agree exactly (no subtyping, no gradual matching).

use crate::db::Db;
use crate::ty::{Type, TypeKind};

/// Deep enough for any type written by hand; deeper types are compared by identity only.
const MAX_DEPTH: u32 = 32;

/// Unions are matched member by member (a quadratic step): larger ones, which no hand-written
/// assertion has, are compared by identity only.
const MAX_UNION_MEMBERS: usize = 64;

/// `left` and `right` are the same type, union members compared as sets.
pub(crate) fn same_type_ignoring_union_order(db: &Db, left: Type, right: Type) -> bool {
    same(db, left, right, 0)
}

fn same(db: &Db, left: Type, right: Type, depth: u32) -> bool {
    if left == right {
        return true;
    }
    if depth > MAX_DEPTH {
        return false;
    }
    match (db.kind(left), db.kind(right)) {
        (TypeKind::Union(lefts), TypeKind::Union(rights))
            if lefts.len() <= MAX_UNION_MEMBERS && rights.len() <= MAX_UNION_MEMBERS =>
        {
            let (lefts, rights) = (lefts.clone(), rights.clone());
            let covers = |from: &[Type], into: &[Type]| {
                from.iter()
                    .all(|member| into.iter().any(|other| same(db, *member, *other, depth + 1)))
            };
            covers(&lefts, &rights) && covers(&rights, &lefts)
        }
        (TypeKind::Instance(l), TypeKind::Instance(r))
        | (TypeKind::ClassLiteral(l), TypeKind::ClassLiteral(r))
        | (TypeKind::SubclassOf(l), TypeKind::SubclassOf(r)) => {
            let (l, r) = (l.clone(), r.clone());
            l.class == r.class && all_same(db, &l.args, &r.args, depth)
        }
        (TypeKind::Tuple(lefts), TypeKind::Tuple(rights)) => {
            let (lefts, rights) = (lefts.clone(), rights.clone());
            all_same(db, &lefts, &rights, depth)
        }
        (TypeKind::Unpacked(l), TypeKind::Unpacked(r)) => {
            let (l, r) = (*l, *r);
            same(db, l, r, depth + 1)
        }
        _ => false,
    }
}

fn all_same(db: &Db, lefts: &[Type], rights: &[Type], depth: u32) -> bool {
    lefts.len() == rights.len() && lefts.iter().zip(rights).all(|(l, r)| same(db, *l, *r, depth + 1))
}
