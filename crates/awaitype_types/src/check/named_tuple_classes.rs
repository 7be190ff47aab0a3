//! `invalid-named-tuple` for class statements around named tuples: a `NamedTuple` class cannot
//! list other bases (`Generic` aside), since the runtime builds it from `tuple` alone; and a
//! subclass of a named tuple cannot redeclare one of its fields, which are read-only properties
//! of the tuple's positions.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, StmtClassDef};
use ruff_text_size::Ranged;

use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::ty::ClassId;

pub(super) fn check_named_tuple_class(db: &Db, class: ClassId, node: &'static StmtClassDef) -> Vec<TypeDiagnostic> {
    let mut diagnostics = Vec::new();
    let Some(named_tuple) = db.known_class("typing", "NamedTuple") else {
        return diagnostics;
    };
    let info = db.class_info(class);
    if info.bases.iter().any(|base| base.class == named_tuple) {
        let generic = db.known_class("typing", "Generic");
        if let Some(other) = info
            .bases
            .iter()
            .find(|base| base.class != named_tuple && Some(base.class) != generic)
        {
            diagnostics.push(TypeDiagnostic {
                range: node.name.range(),
                rule: Rule::InvalidNamedTuple,
                message: format!(
                    "Named tuple class `{}` cannot also inherit from `{}`: a `NamedTuple` class takes no other base than `Generic`",
                    node.name,
                    db.class_name(other.class)
                ),
            });
        }
        return diagnostics;
    }
    if db.tuple_elements(class).is_none() {
        return diagnostics;
    }
    // The nearest named tuple class among the bases owns the fields.
    let Some(owner) = info.mro.iter().skip(1).find(|entry| {
        db.class_info(entry.class)
            .bases
            .iter()
            .any(|base| base.class == named_tuple)
    }) else {
        return diagnostics;
    };
    let Some(constructor) = db.synthesized_constructor(owner.class) else {
        return diagnostics;
    };
    for ann in crate::dataclass::field_declarations(db, class.file, &node.body) {
        let Expr::Name(target) = &*ann.target else { continue };
        let is_field = constructor
            .parameters
            .iter()
            .any(|parameter| parameter.name.as_ref().is_some_and(|name| *name == target.id));
        if is_field {
            diagnostics.push(TypeDiagnostic {
                range: target.range(),
                rule: Rule::InvalidNamedTuple,
                message: format!(
                    "Class `{}` cannot redeclare field `{}` of named tuple `{}`: named tuple fields cannot be overridden",
                    node.name,
                    target.id,
                    db.class_name(owner.class)
                ),
            });
        }
    }
    diagnostics
}
