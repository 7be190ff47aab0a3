//! Whether an attribute of a class can be assigned through an instance: a `@property` without a
//! setter cannot. Used both to reject such assignments and by protocol matching, where a plain
//! protocol attribute promises that it can be written.

use awaitype_semantic::DefinitionKind;
use ruff_python_ast::Expr;

use crate::db::Db;
use crate::ty::{ClassId, ClassType, FunctionId};

impl Db {
    /// If `name` on `class` is a `@property` without a setter, the name of the class that
    /// defines it.
    pub(crate) fn read_only_property_owner(&self, class: &ClassType, name: &str) -> Option<String> {
        let owner = self.class_member_owner(class, name)?;
        let info = self.class_info(owner.class);
        let scope = self.class_body_scope(owner.class, &info)?;
        let index = self.index(owner.class.file);
        let scope_data = index.scope(scope);
        let symbol = scope_data.symbol(name)?;
        let mut is_property = false;
        for definition in &scope_data.all_definitions[symbol.index()] {
            let DefinitionKind::Function(node) = index.definition(*definition).kind else {
                return None;
            };
            let flags = self.function_flags(FunctionId {
                file: owner.class.file,
                definition: *definition,
            });
            if flags.property {
                is_property = true;
            }
            let has_setter = node
                .decorator_list
                .iter()
                .any(|d| matches!(&d.expression, Expr::Attribute(a) if a.attr.as_str() == "setter"));
            if has_setter {
                return None;
            }
        }
        is_property.then(|| info.name.to_string())
    }
}

impl Db {
    /// Whether `name` is a field of the named tuple `class` (fields of a tuple are immutable).
    pub(crate) fn is_named_tuple_field(&self, class: ClassId, name: &str) -> bool {
        self.tuple_elements(class).is_some()
            && self.synthesized_constructor(class).is_some_and(|signature| {
                signature
                    .parameters
                    .iter()
                    .any(|parameter| parameter.name.as_ref().is_some_and(|field| field.as_str() == name))
            })
    }

    /// Whether `name` cannot be assigned through an instance of `class`: a property without a
    /// setter, a `Final` attribute, a field of a frozen dataclass or of a named tuple.
    pub(crate) fn attribute_is_read_only(&self, class: &ClassType, name: &str) -> bool {
        self.read_only_property_owner(class, name).is_some()
            || self.final_attribute(class.class, name).is_some()
            || self.frozen_field_owner(class.class, name).is_some()
            || self.is_named_tuple_field(class.class, name)
    }
}
