//! Recursive type aliases: `Json = int | str | list["Json"] | dict[str, "Json"]`.
//!
//! While an alias's value is evaluated, a name (or a subscript `Tree[T]`) that refers to that
//! same alias does not ask for the alias's value, which is being computed: it becomes an
//! [`TypeKind::AliasReference`] that remembers which alias it names and with which type
//! arguments. The alias's value is then a finite type that mentions itself by name, and a
//! reference is expanded only when a rule needs to look inside it, one level at a time (the
//! alias's value with its parameters replaced by the reference's arguments), so no expansion
//! ever runs away.
//!
//! Most of the checker never meets a reference: the places that take a type apart (member
//! lookup, iteration, narrowing, calls) see a value's type only after [`expand_alias_reference`]
//! has expanded a reference at its top. Assignability (`relation.rs`, which is coinductive, so a
//! pair of recursive types met again is assumed to fit), type-variable solving, substitution and
//! display keep it as it is; display shows the alias's name.
//!
//! An alias that stands for itself directly (`X = Union["X", int]`, reported by
//! `check/alias_cycles.rs`) has no meaning: a reference in such a direct position becomes
//! `Unknown` (see [`without_direct_self_references`]).

use awaitype_semantic::{DefinitionId, DefinitionKind};
use ruff_python_ast::Expr;

use crate::db::{Db, FileId};
use crate::subst::Substitution;
use crate::ty::{Type, TypeKind};

/// A reference to the alias `definition` of `file`, with these type arguments.
pub(crate) fn alias_reference(db: &Db, file: FileId, definition: DefinitionId, args: Vec<Type>) -> Type {
    db.intern(TypeKind::AliasReference {
        file,
        definition,
        args: args.into_boxed_slice(),
    })
}

/// `ty` with an alias reference at its top (the type itself, or a member of the union it is)
/// replaced by the alias's value (its parameters replaced by the reference's arguments), once;
/// any other type is returned as it is. The value's own references, inside class type
/// arguments, stay references.
pub fn expand_alias_reference(db: &Db, ty: Type) -> Type {
    if !has_top_reference(db, ty) {
        return ty;
    }
    // Aliases that refer to each other directly (`A = B | int`, `B = list[A] | str`) expand to
    // further references at the top: each is expanded in turn, once. One met again is circular
    // (`X = Y | int`, `Y = X | str`, reported where declared) and stands for `Unknown`.
    let mut expanded: Vec<Type> = Vec::new();
    let mut current = ty;
    while has_top_reference(db, current) {
        let members: Vec<Type> = match db.kind(current) {
            TypeKind::Union(members) => members.to_vec(),
            _ => vec![current],
        };
        let next: Vec<Type> = members
            .into_iter()
            .map(|member| {
                if !is_reference(db, member) {
                    member
                } else if expanded.contains(&member) || expanded.len() >= MAX_TOP_EXPANSIONS {
                    Type::UNKNOWN
                } else {
                    expanded.push(member);
                    expand_once(db, member)
                }
            })
            .collect();
        current = crate::relation::union(db, next);
    }
    current
}

/// How many references one expansion replaces at most (aliases referring to each other directly
/// in a chain longer than this are `Unknown` past it).
const MAX_TOP_EXPANSIONS: usize = 16;

/// Whether `ty` is a reference or a union with one.
fn has_top_reference(db: &Db, ty: Type) -> bool {
    match db.kind(ty) {
        TypeKind::AliasReference { .. } => true,
        TypeKind::Union(members) => members.iter().any(|member| is_reference(db, *member)),
        _ => false,
    }
}

fn is_reference(db: &Db, ty: Type) -> bool {
    matches!(db.kind(ty), TypeKind::AliasReference { .. })
}

/// A reference replaced by the alias's value; any other type as it is.
fn expand_once(db: &Db, ty: Type) -> Type {
    let TypeKind::AliasReference { file, definition, args } = db.kind(ty) else {
        return ty;
    };
    let alias = db.type_alias_value(*file, *definition);
    let args = db.fill_type_arguments(&alias.params, args.to_vec());
    let mut substitution = Substitution::new();
    for (param, arg) in alias.params.iter().zip(args) {
        substitution.insert(*param, arg);
    }
    substitution.apply(db, alias.ty)
}

/// An alias's value with its references to itself in direct positions (the value itself, or a
/// member of the union it is) replaced by `Unknown`: `X = Union["X", int]` is circular, not
/// recursive.
pub(crate) fn without_direct_self_references(db: &Db, file: FileId, definition: DefinitionId, ty: Type) -> Type {
    let is_self = |ty: Type| matches!(db.kind(ty), TypeKind::AliasReference { file: f, definition: d, .. } if *f == file && *d == definition);
    match db.kind(ty) {
        _ if is_self(ty) => Type::UNKNOWN,
        TypeKind::Union(members) if members.iter().any(|member| is_self(*member)) => {
            let members: Vec<Type> = members
                .iter()
                .map(|member| if is_self(*member) { Type::UNKNOWN } else { *member })
                .collect();
            crate::relation::union(db, members)
        }
        _ => ty,
    }
}

/// The name an alias reference shows: the alias's variable (or `type` statement) name.
pub(crate) fn alias_name(db: &Db, file: FileId, definition: DefinitionId) -> String {
    let index = db.index(file);
    let def = index.definition(definition);
    if let DefinitionKind::TypeAlias(alias) = def.kind
        && let Expr::Name(name) = &*alias.name
    {
        return name.id.to_string();
    }
    index.scope(def.symbol_scope).symbol_data(def.symbol).name.to_string()
}
