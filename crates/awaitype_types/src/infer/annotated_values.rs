//! `Annotated` used as a value rather than in a type expression. At runtime `Annotated[int, ""]`
//! is an alias object (typeshed types `_SpecialForm.__getitem__` as returning `object`), not the
//! class `int`: it is not a `type`, and the typing spec asks that calling it, or `Annotated`
//! itself, or an alias whose value is an `Annotated[...]`, be an error.

use awaitype_semantic::DefinitionKind;
use ruff_python_ast::Expr;

use crate::db::FileId;
use crate::infer::Inferrer;
use crate::ty::{KnownInstance, SpecialForm, Type, TypeKind};
use awaitype_semantic::DefinitionId;

impl Inferrer<'_> {
    /// The value of `Annotated[...]`: an `object` as far as the stubs say.
    pub(super) fn annotated_form_value(&self) -> Type {
        self.db.known_instance("builtins", "object", &[])
    }

    /// Whether the alias `definition` of `file` is `X: TypeAlias = Annotated[...]`.
    pub(super) fn is_annotated_alias(&self, file: FileId, definition: DefinitionId) -> bool {
        let db = self.db;
        let index = db.index(file);
        let def = index.definition(definition);
        let DefinitionKind::AnnotatedAssignment(assignment) = def.kind else {
            return false;
        };
        let Some(Expr::Subscript(subscript)) = assignment.value.as_deref() else {
            return false;
        };
        let callee = Inferrer::silent(db, file, def.scope).infer_expression(&subscript.value);
        matches!(db.kind(callee), TypeKind::SpecialForm(SpecialForm::Annotated))
    }

    /// Whether a value of type `ty` is surely not a class object: an instance of a class that
    /// is neither a metaclass nor a protocol, a literal, `None`, a tuple, or an alias of an
    /// `Annotated[...]` form. Other special objects (aliases of classes, type variables, special
    /// forms) are given the benefit of the doubt.
    pub(super) fn is_surely_not_class_object(&self, ty: Type) -> bool {
        let db = self.db;
        match db.kind(ty) {
            TypeKind::None
            | TypeKind::IntLiteral(_)
            | TypeKind::BoolLiteral(_)
            | TypeKind::StrLiteral(_)
            | TypeKind::BytesLiteral(_)
            | TypeKind::Tuple(_) => true,
            TypeKind::Instance(instance) => {
                let info = db.class_info(instance.class);
                let type_class = db.known_class("builtins", "type");
                !info.has_dynamic_base
                    && !info.is_protocol
                    && type_class.is_some_and(|type_class| !db.is_subclass(instance.class, type_class))
            }
            TypeKind::KnownInstance(KnownInstance::TypeAlias { file, definition }) => {
                self.is_annotated_alias(*file, *definition)
            }
            _ => false,
        }
    }
}
