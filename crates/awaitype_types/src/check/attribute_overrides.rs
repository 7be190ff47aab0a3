//! `invalid-attribute-override`: a mutable attribute is both read and written through the base
//! class, so a subclass may not change its type, not even to a narrower one. Code holding the
//! base may store any value of the base's type in it (`base.x = object()`), which breaks the
//! subclass's promise; a wider type breaks the base's readers. Attributes are invariant.
//!
//! Only explicit redeclarations are compared: the base declares the attribute with an
//! annotation in its class body, and the subclass re-declares it in its own with another one.
//! An undeclared assignment in the subclass keeps the base's type (see `infer/member.rs`), so it
//! changes nothing. TypedDicts and named tuples have rules of their own for their fields, and a
//! frozen dataclass's fields cannot be assigned, so they are not asked.

use awaitype_diagnostics::Rule;
use awaitype_semantic::DefinitionKind;
use ruff_python_ast::{Expr, Stmt, StmtClassDef};

use crate::db::{Db, FileId};
use crate::infer::TypeDiagnostic;
use crate::relation::is_assignable;
use crate::ty::ClassId;

pub(super) fn check_attribute_overrides(db: &Db, file: FileId, class: &'static StmtClassDef) -> Vec<TypeDiagnostic> {
    let index = db.index(file);
    let mut diagnostics = Vec::new();
    let Some(definition) = index.definition_of_node(class) else {
        return diagnostics;
    };
    let class_id = ClassId { file, definition };
    let info = db.class_info(class_id);
    if info.is_cyclic || info.has_dynamic_base || db.is_typed_dict(class_id) || db.tuple_elements(class_id).is_some() {
        return diagnostics;
    }
    for stmt in &class.body {
        let Stmt::AnnAssign(assignment) = stmt else { continue };
        let Expr::Name(target) = assignment.target.as_ref() else {
            continue;
        };
        if !index.is_reachable(stmt) {
            continue;
        }
        let name = target.id.as_str();
        if name.starts_with("__") || db.frozen_field_owner(class_id, name).is_some() {
            continue;
        }
        let Some(base) = info
            .mro
            .iter()
            .skip(1)
            .find(|base| db.own_class_member(base.class, name).is_some())
        else {
            continue;
        };
        if !declared_in_body(db, base.class, name) || !declared_in_body(db, class_id, name) {
            continue;
        }
        let (Some(own), Some(inherited)) = (
            db.own_class_member(class_id, name),
            db.own_class_member(base.class, name),
        ) else {
            continue;
        };
        let inherited = db.specialize_member(inherited, base);
        if is_assignable(db, own, inherited) && is_assignable(db, inherited, own) {
            continue;
        }
        let show = |ty| crate::display::display(db, ty);
        let base_name = db.class_name(base.class);
        diagnostics.push(TypeDiagnostic {
            range: target.range,
            rule: Rule::InvalidAttributeOverride,
            message: format!(
                "Attribute `{}.{name}` is declared `{}`, but `{base_name}.{name}` is declared `{}`: a mutable attribute \
                 keeps its type in subclasses, since code holding a `{base_name}` may assign any `{}` to it; \
                 declare it `{}` too",
                db.class_name(class_id),
                show(own),
                show(inherited),
                show(inherited),
                show(inherited)
            ),
        });
    }
    diagnostics
}

/// Whether the body of `class` declares `name` with an annotated assignment.
fn declared_in_body(db: &Db, class: ClassId, name: &str) -> bool {
    let info = db.class_info(class);
    let Some(scope) = db.class_body_scope(class, &info) else {
        return false;
    };
    let index = db.index(class.file);
    let scope_data = index.scope(scope);
    let Some(symbol) = scope_data.symbol(name) else {
        return false;
    };
    scope_data.all_definitions[symbol.index()].iter().any(|definition| {
        matches!(
            index.definition(*definition).kind,
            DefinitionKind::AnnotatedAssignment(_)
        )
    })
}
