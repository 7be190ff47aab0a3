//! Attributes a class body declares `ClassVar`. Such an attribute belongs to the class: the
//! typing spec forbids assigning it through an instance, since that would create an instance
//! attribute hiding the class's value for that one object only. For the same reason it does not
//! provide a protocol's instance attribute, and a protocol's `ClassVar` member must be found on
//! the class object.

use awaitype_semantic::{DefinitionId, DefinitionKind, ScopeId};

use crate::db::Db;
use crate::infer::Inferrer;
use crate::ty::ClassId;

impl Db {
    /// The class whose body holds the declaration of `name` that `class` sees (the first class
    /// of its MRO whose body declares `name`), with that body's scope and the definitions of
    /// `name` there. Qualifiers (`ClassVar`, `Final`) are read from this declaration.
    pub(crate) fn declaring_class_body(
        &self,
        class: ClassId,
        name: &str,
    ) -> Option<(ClassId, ScopeId, Vec<DefinitionId>)> {
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
            return Some((entry.class, body, scope_data.all_definitions[symbol.index()].to_vec()));
        }
        None
    }

    /// The class declaring `name` as a `ClassVar`, if the declaration `class` sees is one.
    pub(crate) fn class_var_owner(&self, class: ClassId, name: &str) -> Option<ClassId> {
        let (owner, body, definitions) = self.declaring_class_body(class, name)?;
        let index = self.index(owner.file);
        let mut inferrer = Inferrer::silent(self, owner.file, body);
        let class_var = definitions.iter().any(|definition| {
            matches!(index.definition(*definition).kind, DefinitionKind::AnnotatedAssignment(ann)
                if crate::dataclass::is_class_var(self, &mut inferrer, &ann.annotation))
        });
        class_var.then_some(owner)
    }

    /// Whether `name`, as `class` sees it, is declared `ClassVar` (`X: ClassVar[int]`).
    pub(crate) fn is_declared_class_var(&self, class: ClassId, name: &str) -> bool {
        self.class_var_owner(class, name).is_some()
    }
}
