//! `__slots__`: a class whose body lists its instance attributes in `__slots__` gives its
//! instances no `__dict__`, so they can hold only the listed attributes (plus what the class
//! bodies of the MRO bind, such as properties). Read from the class statement: a string or a
//! display of string literals (a dict's keys); `@dataclass(slots=True)` makes the class's fields
//! its slots. The disjoint-base rules (`disjoint_bases.rs`) and the assignment check read it.

use std::sync::Arc;

use ruff_python_ast::name::Name;
use ruff_python_ast::{Expr, Stmt, StmtClassDef};

use crate::db::{Db, DefinitionKey};
use crate::ty::ClassId;

/// What a class's own body says about `__slots__`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OwnSlots {
    /// No `__slots__`: instances have a `__dict__` (unless a base says otherwise).
    Absent,
    /// `__slots__` is not a literal the checker can read.
    Unknown,
    /// The listed names (`slots=True` dataclasses: none listed, their fields are declared in the
    /// body, which the assignment check accepts anyway).
    Names(Arc<[Name]>),
}

impl Db {
    /// The `__slots__` of a class's own body. A query: assignments in other modules ask it of
    /// every class in an instance's MRO.
    pub(crate) fn own_slots(&self, class: ClassId) -> OwnSlots {
        own_slots_query(self, self.definition_key(class.file, class.definition))
    }

    fn compute_own_slots(&self, class: ClassId) -> OwnSlots {
        let Some(node) = self.class_statement(class, &self.class_info(class)) else {
            return OwnSlots::Absent;
        };
        match slots_value(node) {
            Some(value) => literal_slots(value).map_or(OwnSlots::Unknown, |names| OwnSlots::Names(names.into())),
            None if self.is_slotted_dataclass(class) => OwnSlots::Names(Arc::from([])),
            None => OwnSlots::Absent,
        }
    }

    /// Whether instances of `class` cannot take an attribute `name`: every class of its MRO
    /// but `object` lists readable `__slots__` (none of them `__dict__`), none lists `name`, and
    /// no class body of the MRO binds or declares it.
    pub(crate) fn slots_exclude(&self, class: ClassId, name: &str) -> bool {
        let info = self.class_info(class);
        if info.has_dynamic_base {
            return false;
        }
        let object = self.known_class("builtins", "object");
        let mut slotted = false;
        for entry in info.mro.iter().filter(|entry| Some(entry.class) != object) {
            let OwnSlots::Names(names) = self.own_slots(entry.class) else {
                return false;
            };
            if names
                .iter()
                .any(|slot| slot.as_str() == name || slot.as_str() == "__dict__")
            {
                return false;
            }
            let entry_info = self.class_info(entry.class);
            let in_body = self
                .class_body_scope(entry.class, &entry_info)
                .is_some_and(|body| self.index(entry.class.file).scope(body).symbol(name).is_some());
            if in_body {
                return false;
            }
            slotted = true;
        }
        slotted
    }
}

/// The value a class body assigns to `__slots__` (the last such statement at its top level).
pub(crate) fn slots_value(node: &StmtClassDef) -> Option<&Expr> {
    let is_slots = |target: &Expr| matches!(target, Expr::Name(n) if n.id.as_str() == "__slots__");
    node.body.iter().rev().find_map(|stmt| match stmt {
        Stmt::Assign(assign) if assign.targets.iter().any(is_slots) => Some(&*assign.value),
        Stmt::AnnAssign(ann) if is_slots(&ann.target) => ann.value.as_deref(),
        _ => None,
    })
}

/// The slot names of a `__slots__` value made of string literals, or `None` for anything else.
pub(crate) fn literal_slots(value: &Expr) -> Option<Vec<Name>> {
    let name = |element: &Expr| match element {
        Expr::StringLiteral(string) => Some(Name::new(string.value.to_str())),
        _ => None,
    };
    match value {
        Expr::StringLiteral(_) => name(value).map(|slot| vec![slot]),
        Expr::Tuple(tuple) => tuple.elts.iter().map(name).collect(),
        Expr::List(list) => list.elts.iter().map(name).collect(),
        Expr::Dict(dict) => dict.items.iter().map(|item| item.key.as_ref().and_then(name)).collect(),
        _ => None,
    }
}

#[salsa::tracked(returns(clone), cycle_fn = slots_next_round, cycle_initial = no_slots)]
fn own_slots_query<'db>(db: &'db dyn crate::db::TypeDb, key: DefinitionKey<'db>) -> OwnSlots {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| db.compute_own_slots(class))
}

fn no_slots(_db: &dyn crate::db::TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> OwnSlots {
    OwnSlots::Absent
}

fn slots_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &OwnSlots,
    value: OwnSlots,
    _key: DefinitionKey<'_>,
) -> OwnSlots {
    crate::cycle::next_round(cycle, value, || OwnSlots::Absent)
}
