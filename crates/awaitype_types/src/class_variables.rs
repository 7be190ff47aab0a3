//! Which class-body attributes are declared `ClassVar`. A `ClassVar` lives on the class object
//! and cannot be assigned through an instance, so it does not provide a protocol's instance
//! attribute; a protocol's `ClassVar` member in turn must be found on the class object.

use awaitype_semantic::DefinitionKind;
use ruff_python_ast::Expr;

use crate::db::Db;
use crate::infer::Inferrer;
use crate::ty::{ClassId, SpecialForm, TypeKind};

impl Db {
    /// Whether `name`, as `class` sees it, is declared `ClassVar` (`X: ClassVar[int]`): the first
    /// class of the MRO whose body declares `name` decides.
    pub(crate) fn is_declared_class_var(&self, class: ClassId, name: &str) -> bool {
        let mro = self.class_info(class).mro.clone();
        for entry in mro.iter() {
            let info = self.class_info(entry.class);
            let Some(body) = self.class_body_scope(entry.class, &info) else {
                continue;
            };
            let index = self.index(entry.class.file);
            let scope_data = index.scope(body);
            let Some(symbol) = scope_data.symbol(name) else {
                continue;
            };
            if !scope_data.symbol_data(symbol).flags.declared {
                continue;
            }
            return scope_data.all_definitions[symbol.index()].iter().any(|definition| {
                let DefinitionKind::AnnotatedAssignment(ann) = index.definition(*definition).kind else {
                    return false;
                };
                let head = match &*ann.annotation {
                    Expr::Subscript(subscript) => &*subscript.value,
                    other => other,
                };
                if !matches!(head, Expr::Name(_) | Expr::Attribute(_)) {
                    return false;
                }
                let mut inferrer = Inferrer::silent(self, entry.class.file, body);
                matches!(
                    self.kind(inferrer.infer_expression(head)),
                    TypeKind::SpecialForm(SpecialForm::ClassVar)
                )
            });
        }
        false
    }
}
