//! Enum literal types (`Literal[Color.RED]`): the type of one member of an enum. Reading a
//! member (`Color.RED`) gives its literal type, which is a subtype of the enum's instance type.
//! An enum that does not derive from `enum.Flag` is the union of its members' literals, so
//! narrowing may split it into them (`c is Color.RED` leaves the other members), overload
//! evaluation may try each member in turn, and a union of all of its members is the enum
//! itself. `Flag` enums are left whole: their members combine into values no member names.

use std::sync::Arc;

use ruff_python_ast::name::Name;

use crate::db::{Db, DefinitionKey, TypeDb};
use crate::ty::{ClassId, ClassType, Type, TypeKind};

impl Db {
    /// The type of the member `name` of the enum `class`.
    pub fn enum_literal(&self, class: ClassId, name: &str) -> Type {
        self.intern(TypeKind::EnumLiteral {
            class,
            member: name.into(),
        })
    }

    /// The members of an enum class, in the order of its body.
    pub fn enum_member_names(&self, class: ClassId) -> Arc<[Name]> {
        if !self.is_enum_class(class) {
            return Arc::from([]);
        }
        enum_members_query(self, self.definition_key(class.file, class.definition))
    }

    /// The member literals a value of `ty` may be when `ty` is an enum instance type that is
    /// the union of them (not a `Flag`, at least one member); `None` for any other type.
    pub fn expanded_enum(&self, ty: Type) -> Option<Vec<Type>> {
        let TypeKind::Instance(instance) = self.kind(ty) else {
            return None;
        };
        let class = instance.class;
        if !self.is_enum_class(class) || self.is_flag_enum(class) {
            return None;
        }
        let names = self.enum_member_names(class);
        if names.is_empty() {
            return None;
        }
        Some(names.iter().map(|name| self.enum_literal(class, name)).collect())
    }

    /// Whether an enum class derives from `enum.Flag`.
    fn is_flag_enum(&self, class: ClassId) -> bool {
        let Some(flag) = self.known_class("enum", "Flag") else {
            return false;
        };
        self.class_info(class).mro.iter().any(|entry| entry.class == flag)
    }
}

/// Replaces, in a union's members, every complete set of one enum's member literals by the
/// enum's instance type (`Literal[A.X, A.Y]` is `A` when `X` and `Y` are all of `A`'s members).
pub(crate) fn collapse_complete_enums(db: &Db, members: &mut Vec<Type>) {
    let mut classes: Vec<ClassId> = Vec::new();
    for member in members.iter() {
        if let TypeKind::EnumLiteral { class, .. } = db.kind(*member)
            && !classes.contains(class)
        {
            classes.push(*class);
        }
    }
    for class in classes {
        let Some(literals) = db.expanded_enum(db.intern(TypeKind::Instance(ClassType::plain(class)))) else {
            continue;
        };
        if !literals.iter().all(|literal| members.contains(literal)) {
            continue;
        }
        let instance = db.intern(TypeKind::Instance(ClassType::plain(class)));
        let first = members.iter().position(|m| literals.contains(m));
        if let Some(first) = first {
            members[first] = instance;
        }
        members.retain(|m| !literals.contains(m));
    }
}

#[salsa::tracked(returns(clone), cycle_fn = members_next_round, cycle_initial = no_members)]
fn enum_members_query<'db>(db: &'db dyn TypeDb, key: DefinitionKey<'db>) -> Arc<[Name]> {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| compute_enum_members(db, class).into())
}

fn no_members(_db: &dyn TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> Arc<[Name]> {
    Arc::from([])
}

fn members_next_round(
    _db: &dyn TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Arc<[Name]>,
    value: Arc<[Name]>,
    _key: DefinitionKey<'_>,
) -> Arc<[Name]> {
    crate::cycle::next_round(cycle, value, || Arc::from([]))
}

fn compute_enum_members(db: &Db, class: ClassId) -> Vec<Name> {
    let info = db.class_info(class);
    // `Enum("Color", "RED GREEN")`: the members are the names the call gives.
    if !info.from_statement
        && let Some(functional) = db.functional_class(class)
        && matches!(functional.kind, crate::functional_class::FunctionalKind::Enum { .. })
    {
        return functional.fields.iter().map(|field| field.name.clone()).collect();
    }
    let Some(scope) = db.class_body_scope(class, &info) else {
        // `Enum("Color", "RED GREEN")`: the members its call names.
        return match db.functional_class(class) {
            Some(functional) if matches!(functional.kind, crate::functional_class::FunctionalKind::Enum { .. }) => {
                functional.fields.iter().map(|field| field.name.clone()).collect()
            }
            _ => Vec::new(),
        };
    };
    let scope_data = db.index(class.file).scope(scope);
    // An alias (`AMBER = YELLOW`) reads as the member it names and is not counted again.
    let names_itself = |name: &Name| {
        db.own_class_member(class, name).is_some_and(|ty| {
            matches!(db.kind(ty), TypeKind::EnumLiteral { class: owner, member } if *owner == class && **member == **name)
        })
    };
    scope_data
        .symbols
        .iter()
        .filter(|symbol| names_itself(&symbol.name))
        .map(|symbol| symbol.name.clone())
        .collect()
}
