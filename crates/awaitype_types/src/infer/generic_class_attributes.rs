//! An attribute declared in a generic class's body with a type that mentions the class's type
//! parameters (`label: T`) belongs to the instances: each instance has its own `T`. Read or
//! written through the class object (`Node.label`, `Node[int].label`), there is no instance to
//! give `T` a value (type arguments are erased at runtime, so `Node[int]` is just `Node`), and
//! the typing spec makes such an access an error. `ClassVar`s cannot mention type variables, and
//! methods are bound, so only plain variable declarations are concerned.

use awaitype_semantic::DefinitionKind;

use crate::class::collect_typevars;
use crate::infer::Inferrer;
use crate::ty::{Type, TypeKind};

impl Inferrer<'_> {
    /// Why reading or writing `name` on the class object `value` is an error, if it is: the
    /// name of the type variable and of the class declaring the attribute.
    pub(crate) fn generic_attribute_on_class(&self, value: Type, name: &str) -> Option<String> {
        let db = self.db;
        let TypeKind::ClassLiteral(class_type) = db.kind(value) else {
            return None;
        };
        // Only a generic class, or a subclass of one, declares such attributes.
        let info = db.class_info(class_type.class);
        if info.type_params.is_empty() && info.mro.iter().all(|entry| entry.args.is_empty()) {
            return None;
        }
        let (owner, _, definitions) = db.declaring_class_body(class_type.class, name)?;
        let params = db.class_info(owner).type_params.clone();
        if params.is_empty() || db.is_declared_class_var(owner, name) {
            return None;
        }
        let index = db.index(owner.file);
        let mut mentioned = Vec::new();
        for definition in &definitions {
            if !matches!(
                index.definition(*definition).kind,
                DefinitionKind::AnnotatedAssignment(_)
            ) {
                return None;
            }
            if let Some(declared) = db.declared_type(owner.file, *definition) {
                collect_typevars(db, declared, &mut mentioned);
            }
        }
        let var = mentioned.into_iter().find(|var| params.contains(var))?;
        Some(format!(
            "Attribute `{name}` of generic class `{}` has a type that mentions its type variable `{}`: it exists only on instances, access it through an instance",
            db.class_name(owner),
            db.typevar(var).name
        ))
    }
}
