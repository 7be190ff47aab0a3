//! `invalid-type-form` for `Self` in a method that has nothing to bind it to. `Self` stands for
//! the class of the receiver, so it is meaningless where there is no receiver (a static method),
//! where the receiver is a class whose instances are classes (a metaclass: `Self` would mean the
//! metaclass's instances, which is not what its methods receive), and where the receiver's type
//! is already a type variable of the user's own (`def m(self: T) -> Self`: two names for the same
//! thing, and which one wins is undefined). `Self` outside any class is reported where the type
//! expression is read (`infer/type_expr.rs`).

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtFunctionDef;
use ruff_text_size::TextRange;

use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::subst::Substitution;
use crate::ty::{ClassId, FunctionId, Type, TypeKind, TypeVarId};

/// One annotation of a method: where it is, its type, and whether it annotates the receiver.
pub(super) struct MethodAnnotation {
    pub range: TextRange,
    pub ty: Type,
    pub is_receiver: bool,
}

/// Reports each annotation of a method of `class` that mentions `Self` where `Self` has no
/// meaning.
pub(super) fn check_self_in_method(
    db: &Db,
    class: ClassId,
    id: FunctionId,
    function: &StmtFunctionDef,
    annotations: &[MethodAnnotation],
) -> Vec<TypeDiagnostic> {
    let mentioning: Vec<&MethodAnnotation> = annotations
        .iter()
        .filter(|annotation| mentions_self(db, class, annotation.ty))
        .collect();
    if mentioning.is_empty() {
        return Vec::new();
    }
    let Some(reason) = why_self_is_invalid(db, class, id, function, annotations) else {
        return Vec::new();
    };
    mentioning
        .into_iter()
        .map(|annotation| TypeDiagnostic {
            range: annotation.range,
            rule: Rule::InvalidTypeForm,
            message: format!("`Self` cannot be used {reason}"),
        })
        .collect()
}

fn why_self_is_invalid(
    db: &Db,
    class: ClassId,
    id: FunctionId,
    function: &StmtFunctionDef,
    annotations: &[MethodAnnotation],
) -> Option<&'static str> {
    if db.function_flags(id).staticmethod && function.name.as_str() != "__new__" {
        return Some("in a static method: it has no `self` or `cls` to bind `Self`; name the class instead");
    }
    if db
        .known_class("builtins", "type")
        .is_some_and(|type_class| class != type_class && db.is_subclass(class, type_class))
    {
        return Some("in a metaclass: its instances are classes; use a type variable bound to the metaclass instead");
    }
    let receiver_is_own_typevar = annotations.iter().any(|annotation| {
        annotation.is_receiver
            && matches!(
                db.kind(annotation.ty),
                TypeKind::TypeVar(TypeVarId::Definition { .. })
                    | TypeKind::SubclassOfTypeVar(TypeVarId::Definition { .. })
            )
    });
    receiver_is_own_typevar.then_some(
        "in a method whose receiver is annotated with a type variable: use that type variable instead of `Self`",
    )
}

/// Whether `ty` mentions the `Self` of `class` (replacing it changes the type).
fn mentions_self(db: &Db, class: ClassId, ty: Type) -> bool {
    let mut substitution = Substitution::new();
    substitution.insert(TypeVarId::SelfOf(class), Type::UNKNOWN);
    if matches!(db.kind(ty), TypeKind::SubclassOfTypeVar(TypeVarId::SelfOf(owner)) if *owner == class) {
        return true;
    }
    substitution.apply(db, ty) != ty
}

/// `class C(Self)`: a class statement is outside the class it defines, so `Self` names nothing.
pub(super) fn check_self_base(db: &Db, arguments: &[ruff_python_ast::Expr], bases: &[Type]) -> Vec<TypeDiagnostic> {
    arguments
        .iter()
        .zip(bases)
        .filter(|(_, base)| matches!(db.kind(**base), TypeKind::SpecialForm(crate::ty::SpecialForm::SelfType)))
        .map(|(argument, _)| TypeDiagnostic {
            range: ruff_text_size::Ranged::range(argument),
            rule: Rule::InvalidTypeForm,
            message: "`Self` cannot be a base class: it only has a meaning inside a class body".to_string(),
        })
        .collect()
}
