//! Attributes a class body declares `Final` (`X: Final = 1`, `X: Final[int]`,
//! `X: ClassVar[Final[int]]`). The typing spec lets such an attribute be bound once: by its
//! declaration, or (when the declaration has no value) in the declaring class's `__init__`.
//! Every other assignment through the class, an instance, or a subclass instance is an error,
//! which the statement checker reports with what it finds here.

use awaitype_semantic::{DefinitionKind, ScopeId};
use ruff_python_ast::Expr;

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::ty::{ClassId, SpecialForm, TypeKind};

/// Where a `Final` attribute is declared, and whether that declaration already binds it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FinalAttribute {
    pub owner: ClassId,
    /// The class-body scope of `owner` (its `__init__` is nested directly in it).
    pub body: ScopeId,
    pub has_value: bool,
}

impl Db {
    /// The `Final` declaration of `name` that `class` sees: the first class of its MRO whose body
    /// declares `name` decides, so a subclass re-declaring it without `Final` hides it.
    pub(crate) fn final_attribute(&self, class: ClassId, name: &str) -> Option<FinalAttribute> {
        let (owner, body, definitions) = self.declaring_class_body(class, name)?;
        let index = self.index(owner.file);
        definitions.iter().find_map(|definition| {
            let DefinitionKind::AnnotatedAssignment(ann) = index.definition(*definition).kind else {
                return None;
            };
            annotation_is_final(self, owner.file, body, &ann.annotation).then(|| FinalAttribute {
                owner,
                body,
                has_value: ann.value.is_some(),
            })
        })
    }
}

/// Whether an annotation is `Final`, `Final[T]`, or wraps one in `ClassVar[...]` /
/// `Annotated[...]`.
pub(crate) fn annotation_is_final(db: &Db, file: FileId, scope: ScopeId, annotation: &'static Expr) -> bool {
    // Cheap syntactic filter first: only names and subscripts can spell a qualifier.
    if !matches!(annotation, Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_)) {
        return false;
    }
    let mut inferrer = Inferrer::silent(db, file, scope);
    let mut current = annotation;
    // Qualifiers nest at most a few levels; the bound keeps a pathological annotation cheap.
    for _ in 0..4 {
        let head = match current {
            Expr::Subscript(sub) => &*sub.value,
            other => other,
        };
        let form = match db.kind(inferrer.infer_expression(head)) {
            TypeKind::SpecialForm(form) => *form,
            _ => return false,
        };
        match (form, current) {
            (SpecialForm::Final, _) => return true,
            (SpecialForm::ClassVar | SpecialForm::Annotated, Expr::Subscript(sub)) => {
                current = match &*sub.slice {
                    Expr::Tuple(tuple) => match tuple.elts.first() {
                        Some(first) => first,
                        None => return false,
                    },
                    other => other,
                };
            }
            _ => return false,
        }
    }
    false
}
