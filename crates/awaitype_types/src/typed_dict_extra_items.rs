//! PEP 728: closed TypedDicts and `extra_items`. A TypedDict class may say what keys beyond its
//! own a value can have: `closed=True` (none), `extra_items=T` (any other key, with a value of
//! type `T`, possibly `ReadOnly[T]`), or nothing, which keeps the default: a value may have any
//! other keys with values of any type, as if `extra_items=ReadOnly[object]`, except that dict
//! displays and constructor calls may not name unknown keys.
//!
//! A subclass inherits what its nearest TypedDict base declares, unless it declares its own.

use ruff_python_ast::{Expr, Keyword};

use crate::db::Db;
use crate::infer::Inferrer;
use crate::ty::{ClassId, ClassType, Type};

/// What a TypedDict class's keyword arguments say about extra keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct DeclaredExtraItems {
    /// `closed=True` / `closed=False`; `None` when not given or not a boolean literal.
    pub closed: Option<bool>,
    /// `closed=` was given something other than `True` or `False`.
    pub closed_invalid: bool,
    /// `extra_items=T`: the type and whether it is `ReadOnly`.
    pub items: Option<(Type, bool)>,
    /// `extra_items=` was wrapped in `Required[...]` or `NotRequired[...]`.
    pub items_qualified: bool,
}

/// The extra keys a TypedDict type allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExtraItems {
    /// Neither closed nor with `extra_items`: any key, any value (read-only `object`).
    Open,
    /// Extra keys of this value type (`Never` for a closed TypedDict), and whether read-only.
    Items(Type, bool),
}

impl ExtraItems {
    /// The value type and read-only flag extra keys have, treating the open default as
    /// `ReadOnly[object]`.
    pub(crate) fn as_items(self, db: &Db) -> (Type, bool) {
        match self {
            ExtraItems::Open => (db.known_instance("builtins", "object", &[]), true),
            ExtraItems::Items(ty, read_only) => (ty, read_only),
        }
    }

    /// The value type unknown keys are allowed to have in a display or constructor call.
    pub(crate) fn value_type(self) -> Option<Type> {
        match self {
            ExtraItems::Open => None,
            ExtraItems::Items(ty, _) => (!ty.is_never()).then_some(ty),
        }
    }
}

impl Db {
    /// What the keywords of a TypedDict class's definition declare about extra keys.
    pub(crate) fn declared_extra_items(&self, class: ClassId) -> DeclaredExtraItems {
        declared_extra_items_query(self, self.definition_key(class.file, class.definition))
    }

    /// The extra keys a TypedDict instance type allows: its own declaration, else its nearest
    /// TypedDict base's (`closed=False` stops the search: the class is open).
    pub(crate) fn typed_dict_extra_items(&self, instance: &ClassType) -> ExtraItems {
        for entry in self.mro_of(instance) {
            if !self.is_typed_dict(entry.class) {
                continue;
            }
            let declared = self.declared_extra_items(entry.class);
            if let Some((ty, read_only)) = declared.items {
                let substitution = crate::subst::Substitution::for_class(self, &entry);
                return ExtraItems::Items(substitution.apply(self, ty), read_only);
            }
            match declared.closed {
                Some(true) => return ExtraItems::Items(Type::NEVER, false),
                Some(false) => return ExtraItems::Open,
                None => {}
            }
        }
        ExtraItems::Open
    }
}

impl Db {
    /// The item a key that `instance` does not declare is, when its extra items allow such keys:
    /// optional, of the extra items' type and read-only flag.
    pub(crate) fn typed_dict_extra_field(&self, instance: &ClassType, key: &str) -> Option<crate::FunctionalField> {
        match self.typed_dict_extra_items(instance) {
            ExtraItems::Items(ty, read_only) if !ty.is_never() => Some(crate::FunctionalField {
                name: ruff_python_ast::name::Name::new(key),
                ty,
                optional: true,
                read_only,
            }),
            _ => None,
        }
    }
}

/// The keywords of the class statement or functional call that defines `class`.
fn defining_keywords(db: &Db, class: ClassId) -> Option<&'static [Keyword]> {
    let info = db.class_info(class);
    if let Some(node) = db.class_statement(class, &info) {
        return node.arguments.as_deref().map(|arguments| &*arguments.keywords);
    }
    let index = db.index(class.file);
    match index.definition(class.definition).kind {
        awaitype_semantic::DefinitionKind::Assignment {
            value: Expr::Call(call),
            ..
        } => Some(&call.arguments.keywords),
        _ => None,
    }
}

fn compute_declared_extra_items(db: &Db, class: ClassId) -> DeclaredExtraItems {
    let mut declared = DeclaredExtraItems::default();
    if !db.is_typed_dict(class) {
        return declared;
    }
    let Some(keywords) = defining_keywords(db, class) else {
        return declared;
    };
    let scope = db.index(class.file).definition(class.definition).scope;
    let mut inferrer = Inferrer::silent(db, class.file, scope);
    for keyword in keywords {
        match keyword.arg.as_ref().map(|arg| arg.as_str()) {
            Some("closed") => match &keyword.value {
                Expr::BooleanLiteral(literal) => declared.closed = Some(literal.value),
                _ => declared.closed_invalid = true,
            },
            Some("extra_items") => {
                let (ty, required, read_only) = inferrer.typed_dict_value_type(&keyword.value);
                declared.items = Some((ty, read_only));
                declared.items_qualified = required.is_some();
            }
            _ => {}
        }
    }
    declared
}

/// A salsa query, so the keyword's type expression is evaluated once per class.
#[salsa::tracked(returns(copy), cycle_fn = extra_items_next_round, cycle_initial = no_declaration)]
fn declared_extra_items_query<'db>(
    db: &'db dyn crate::db::TypeDb,
    key: crate::db::DefinitionKey<'db>,
) -> DeclaredExtraItems {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| compute_declared_extra_items(db, class))
}

fn no_declaration(
    _db: &dyn crate::db::TypeDb,
    _id: salsa::Id,
    _key: crate::db::DefinitionKey<'_>,
) -> DeclaredExtraItems {
    DeclaredExtraItems::default()
}

fn extra_items_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &DeclaredExtraItems,
    value: DeclaredExtraItems,
    _key: crate::db::DefinitionKey<'_>,
) -> DeclaredExtraItems {
    crate::cycle::next_round(cycle, value, DeclaredExtraItems::default)
}
