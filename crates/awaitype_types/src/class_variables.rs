//! Attributes a class body declares `ClassVar`. Such an attribute belongs to the class: the
//! typing spec forbids assigning it through an instance, since that would create an instance
//! attribute hiding the class's value for that one object only. For the same reason it does not
//! provide a protocol's instance attribute, and a protocol's `ClassVar` member must be found on
//! the class object.

use awaitype_semantic::DefinitionKind;

use crate::db::Db;
use crate::infer::Inferrer;
use crate::ty::ClassId;

impl Db {
    /// The class declaring `name` as a `ClassVar`, if the declaration `class` sees is one: the
    /// first class of its MRO whose body declares `name` decides.
    pub(crate) fn class_var_owner(&self, class: ClassId, name: &str) -> Option<ClassId> {
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
            let mut inferrer = Inferrer::silent(self, entry.class.file, body);
            let class_var = scope_data.all_definitions[symbol.index()].iter().any(|definition| {
                matches!(index.definition(*definition).kind, DefinitionKind::AnnotatedAssignment(ann)
                    if crate::dataclass::is_class_var(self, &mut inferrer, &ann.annotation))
            });
            return class_var.then_some(entry.class);
        }
        None
    }

    /// Whether `name`, as `class` sees it, is declared `ClassVar` (`X: ClassVar[int]`).
    pub(crate) fn is_declared_class_var(&self, class: ClassId, name: &str) -> bool {
        self.class_var_owner(class, name).is_some()
    }
}
