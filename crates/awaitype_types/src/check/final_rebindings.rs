//! `invalid-assignment` for names declared `Final`: the typing spec binds such a name once, by
//! its declaration. Any other binding of the same symbol in the same scope (an assignment,
//! augmented assignment, `for` or `with` target, walrus, import, or a `global` statement's
//! assignment from a function) rebinds it, and a class body assigning a name that a base class
//! declares `Final` overrides it. Name-mangled (`__x`) class attributes are private to their
//! class, so a subclass's `__x` is another attribute.
//!
//! A second `Final` declaration is left alone: branches that each declare the constant once
//! (`if sys.platform == ...`) are the common case, and this rule is about rebinding.

use awaitype_diagnostics::Rule;
use awaitype_semantic::{DefinitionKind, ScopeId, ScopeKind};

use crate::db::{Db, FileId};
use crate::final_attributes::annotation_is_final;
use crate::infer::TypeDiagnostic;
use crate::ty::ClassId;

pub(super) fn check_final_rebindings(db: &Db, file: FileId, scope: ScopeId) -> Vec<TypeDiagnostic> {
    let index = db.index(file);
    let scope_data = index.scope(scope);
    let mut diagnostics = Vec::new();
    for (position, definitions) in scope_data.all_definitions.iter().enumerate() {
        // Only a symbol with an annotated definition can be `Final`: a cheap filter before any
        // annotation is evaluated.
        let finals: Vec<bool> = definitions
            .iter()
            .map(|&definition| {
                let def = index.definition(definition);
                match def.kind {
                    DefinitionKind::AnnotatedAssignment(ann) => {
                        annotation_is_final(db, file, def.scope, &ann.annotation)
                    }
                    _ => false,
                }
            })
            .collect();
        if !finals.contains(&true) {
            continue;
        }
        let name = scope_data.symbols[position].name.as_str();
        for (&definition, &is_final) in definitions.iter().zip(&finals) {
            let def = index.definition(definition);
            // `self.x = ...` in a method: the attribute assignment check decides those.
            if is_final || binds_through_attribute(&def.kind) {
                continue;
            }
            diagnostics.push(TypeDiagnostic {
                range: def.range,
                rule: Rule::InvalidAssignment,
                message: format!(
                    "Cannot assign to `{name}`: it is declared `Final`, so its declaration is its only binding; \
                     use another name or drop `Final`"
                ),
            });
        }
    }
    if let ScopeKind::Class(class) = scope_data.kind {
        check_final_overrides(db, file, scope, class, &mut diagnostics);
    }
    diagnostics
}

/// A class body binding a name that a base class declares `Final`.
fn check_final_overrides(
    db: &Db,
    file: FileId,
    scope: ScopeId,
    class: &'static ruff_python_ast::StmtClassDef,
    diagnostics: &mut Vec<TypeDiagnostic>,
) {
    let index = db.index(file);
    let Some(definition) = index.definition_of_node(class) else {
        return;
    };
    let class_id = ClassId { file, definition };
    let info = db.class_info(class_id);
    if info.is_cyclic {
        return;
    }
    let scope_data = index.scope(scope);
    for (position, definitions) in scope_data.all_definitions.iter().enumerate() {
        let Some(&first) = definitions
            .iter()
            .find(|&&definition| !binds_through_attribute(&index.definition(definition).kind))
        else {
            continue;
        };
        let name = scope_data.symbols[position].name.as_str();
        if name.starts_with("__") && !name.ends_with("__") {
            continue;
        }
        let Some(inherited) = info
            .mro
            .iter()
            .skip(1)
            .find_map(|base| db.final_attribute(base.class, name))
        else {
            continue;
        };
        diagnostics.push(TypeDiagnostic {
            range: index.definition(first).range,
            rule: Rule::InvalidAssignment,
            message: format!(
                "Cannot override `{name}`: it is declared `Final` in `{}`, so subclasses cannot rebind it",
                db.class_name(inherited.owner)
            ),
        });
    }
}

/// Whether a definition binds an attribute (`self.x = ...`, `self.x += ...`, `self.x: T = ...`)
/// rather than the name itself.
fn binds_through_attribute(kind: &DefinitionKind) -> bool {
    let target = match kind {
        DefinitionKind::Assignment { target, .. } => *target,
        DefinitionKind::AnnotatedAssignment(ann) => &ann.target,
        DefinitionKind::AugmentedAssignment(aug) => &aug.target,
        _ => return false,
    };
    matches!(target, ruff_python_ast::Expr::Attribute(_))
}
