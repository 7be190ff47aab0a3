//! What `@final` and `@override` promise about a method's place in the class hierarchy:
//! `override-of-final-method` when a class redefines a method a base marked `@final` (a method
//! counts as final when any of its definitions carries the decorator, as the typing spec says to
//! treat a correctly placed `@final` as present on every overload), and
//! `invalid-explicit-override` when a method marked `@override` overrides nothing: no base
//! defines the name, so a rename in the base went unnoticed. A class with a base of unknown type
//! may inherit anything, so it is not asked the second question.

use awaitype_diagnostics::Rule;
use awaitype_semantic::DefinitionKind;
use ruff_python_ast::{Stmt, StmtClassDef};

use super::overload_definitions::definition_groups;
use crate::db::{Db, FileId};
use crate::infer::TypeDiagnostic;
use crate::ty::{ClassId, FunctionId};

pub(super) fn check_final_and_override(
    db: &Db,
    file: FileId,
    class: &'static StmtClassDef,
    body: &'static [Stmt],
) -> Vec<TypeDiagnostic> {
    let index = db.index(file);
    let mut diagnostics = Vec::new();
    let Some(definition) = index.definition_of_node(class) else {
        return diagnostics;
    };
    let class_id = ClassId { file, definition };
    let info = db.class_info(class_id);
    if info.is_cyclic {
        return diagnostics;
    }
    for group in definition_groups(db, file, body) {
        let name = group[0].node.name.as_str();
        // The nearest base that defines the name is the one overridden.
        let overridden = info
            .mro
            .iter()
            .skip(1)
            .find(|base| db.own_class_member(base.class, name).is_some());
        if let Some(base) = overridden
            && is_final_method(db, base.class, name)
        {
            diagnostics.push(TypeDiagnostic {
                range: group[0].node.name.range,
                rule: Rule::OverrideOfFinalMethod,
                message: format!(
                    "Method `{}.{name}` overrides `{}.{name}`, which is marked `@final`: rename this method \
                     or remove `@final` from the base",
                    db.class_name(class_id),
                    db.class_name(base.class)
                ),
            });
        }
        if overridden.is_none() && !info.has_dynamic_base {
            for definition in group.iter().filter(|definition| definition.flags.override_) {
                diagnostics.push(TypeDiagnostic {
                    range: definition.node.name.range,
                    rule: Rule::InvalidExplicitOverride,
                    message: format!(
                        "Method `{}.{name}` is marked `@override`, but no base class defines `{name}`: \
                         rename it to the method it should override or remove `@override`",
                        db.class_name(class_id)
                    ),
                });
            }
        }
    }
    diagnostics
}

/// Whether a definition of `name` in the body of `class` is decorated with `@final`.
fn is_final_method(db: &Db, class: ClassId, name: &str) -> bool {
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
        matches!(index.definition(*definition).kind, DefinitionKind::Function(_))
            && db
                .function_flags(FunctionId {
                    file: class.file,
                    definition: *definition,
                })
                .final_
    })
}
