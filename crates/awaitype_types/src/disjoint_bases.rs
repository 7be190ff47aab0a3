//! PEP 800 disjoint bases: classes whose instances have a memory layout of their own, so no class
//! can inherit from two of them unless one derives from the other (the runtime raises "multiple
//! bases have instance lay-out conflict"). A class is a disjoint base when it is decorated with
//! `@disjoint_base` (typeshed marks the builtins written in C so) or its body gives a non-empty
//! `__slots__`. A class definition is valid only if the disjoint bases among its ancestors form
//! one chain: then the most derived of them, which comes first in the MRO, derives from all the
//! others. The decorator is meant for nominal classes: a `TypedDict` or a protocol has no
//! instance layout of its own, so decorating one is reported.

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtClassDef;
use ruff_text_size::Ranged;

use crate::db::{Db, DefinitionKey};
use crate::infer::{Inferrer, TypeDiagnostic};
use crate::ty::{ClassId, TypeKind};

/// Slot names that add no layout of their own: they only restore what `__slots__` removed.
const LAYOUT_FREE_SLOTS: &[&str] = &["__dict__", "__weakref__"];

impl Db {
    /// Whether a class is a disjoint base (`@disjoint_base`, or a non-empty `__slots__`). A
    /// query: class statements of other modules ask it of their ancestors.
    pub(crate) fn is_disjoint_base(&self, class: ClassId) -> bool {
        disjoint_base_query(self, self.definition_key(class.file, class.definition))
    }

    fn compute_is_disjoint_base(&self, class: ClassId) -> bool {
        let Some(node) = self.class_statement(class, &self.class_info(class)) else {
            return false;
        };
        self.has_disjoint_base_decorator(class, node).is_some() || has_layout_slots(self, class)
    }

    /// The `@disjoint_base` decorator of a class statement (from `typing` or
    /// `typing_extensions`, recognized by identity), if it has one.
    fn has_disjoint_base_decorator(
        &self,
        class: ClassId,
        node: &'static StmtClassDef,
    ) -> Option<&'static ruff_python_ast::Decorator> {
        let scope = self.index(class.file).definition(class.definition).scope;
        let mut inferrer = Inferrer::silent(self, class.file, scope);
        node.decorator_list.iter().find(|decorator| {
            let ty = inferrer.infer_expression(&decorator.expression);
            matches!(self.kind(ty), TypeKind::Function(function)
                if self.is_typing_function(function.id, "disjoint_base"))
        })
    }
}

/// Whether a class body's `__slots__` lists a slot that takes room in the instance.
fn has_layout_slots(db: &Db, class: ClassId) -> bool {
    matches!(db.own_slots(class), crate::slots::OwnSlots::Names(names)
        if names.iter().any(|name| !LAYOUT_FREE_SLOTS.contains(&name.as_str())))
}

#[salsa::tracked(returns(copy), cycle_fn = disjoint_next_round, cycle_initial = not_disjoint)]
fn disjoint_base_query<'db>(db: &'db dyn crate::db::TypeDb, key: DefinitionKey<'db>) -> bool {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| db.compute_is_disjoint_base(class))
}

fn not_disjoint(_db: &dyn crate::db::TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> bool {
    false
}

fn disjoint_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &bool,
    value: bool,
    _key: DefinitionKey<'_>,
) -> bool {
    crate::cycle::next_round(cycle, value, || false)
}

/// The statement rules of PEP 800 for one class statement: its disjoint bases must form one
/// chain (`invalid-base`), and `@disjoint_base` may not decorate a `TypedDict` or a protocol.
pub(crate) fn check_disjoint_bases(db: &Db, class: ClassId, node: &'static StmtClassDef) -> Vec<TypeDiagnostic> {
    let mut diagnostics = Vec::new();
    let info = db.class_info(class);
    if let Some(decorator) = db.has_disjoint_base_decorator(class, node) {
        let kind = if info.is_typed_dict {
            Some(("a `TypedDict`", Rule::InvalidTypedDict))
        } else if info.is_protocol {
            Some(("a protocol", Rule::InvalidProtocol))
        } else {
            None
        };
        if let Some((kind, rule)) = kind {
            diagnostics.push(TypeDiagnostic {
                range: decorator.range(),
                rule,
                message: format!(
                    "`@disjoint_base` cannot decorate `{}`: it is {kind}, which has no instance layout of its own; remove the decorator",
                    node.name
                ),
            });
        }
    }
    // With one base, the class's ancestors are that base's: a conflict is reported there.
    let listed_bases = node.arguments.as_ref().map_or(0, |arguments| arguments.args.len());
    if listed_bases < 2 || info.has_dynamic_base || info.is_cyclic {
        return diagnostics;
    }
    let mut disjoint = info.mro.iter().filter(|entry| db.is_disjoint_base(entry.class));
    let Some(most_derived) = disjoint.next() else {
        return diagnostics;
    };
    let chain = &db.class_info(most_derived.class).mro;
    if let Some(other) = disjoint.find(|entry| !chain.iter().any(|ancestor| ancestor.class == entry.class)) {
        diagnostics.push(TypeDiagnostic {
            range: node.name.range(),
            rule: Rule::InvalidBase,
            message: format!(
                "Class `{}` cannot derive from both `{}` and `{}`: each has an instance layout of its own (a disjoint base) and neither derives from the other",
                node.name,
                db.class_name(most_derived.class),
                db.class_name(other.class)
            ),
        });
    }
    diagnostics
}
