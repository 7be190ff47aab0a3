//! `invalid-protocol`: a class that lists `Protocol` among its bases is a protocol, and every
//! other base it lists must be a protocol too (the typing spec): a protocol cannot inherit an
//! implementation from an ordinary class.

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtClassDef;
use ruff_text_size::Ranged;

use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::ty::{ClassId, SpecialForm, TypeKind};

pub(super) fn check_protocol_bases(db: &Db, class: ClassId, node: &StmtClassDef) -> Option<TypeDiagnostic> {
    let info = db.class_info(class);
    if !info.is_protocol || info.has_dynamic_base {
        return None;
    }
    let object = db.known_class("builtins", "object");
    let offending = info.bases.iter().find(|base| {
        let base_info = db.class_info(base.class);
        !base_info.is_protocol && Some(base.class) != object
    })?;
    let base_name = db.class_name(offending.class);
    Some(TypeDiagnostic {
        range: node.name.range(),
        rule: Rule::InvalidProtocol,
        message: format!(
            "Protocol class `{}` cannot inherit from `{base_name}`, which is not a protocol: every base of a protocol must be a protocol",
            node.name
        ),
    })
}

/// `class P(Protocol[T], Generic[T])`: `Protocol[T]` is already the shorthand for
/// `Protocol, Generic[T]`, so the type parameters would be declared twice.
pub(super) fn check_protocol_shorthand_with_generic(
    db: &Db,
    node: &StmtClassDef,
    subscript_heads: &[Option<crate::ty::Type>],
) -> Option<TypeDiagnostic> {
    let is_form = |form: SpecialForm| {
        subscript_heads
            .iter()
            .flatten()
            .any(|head| matches!(db.kind(*head), TypeKind::SpecialForm(f) if *f == form))
    };
    (is_form(SpecialForm::Protocol) && is_form(SpecialForm::Generic)).then(|| TypeDiagnostic {
        range: node.name.range(),
        rule: Rule::InvalidProtocol,
        message: format!(
            "Class `{}` lists both `Protocol[...]` and `Generic[...]`: `Protocol[...]` already declares the type parameters; drop `Generic[...]`",
            node.name
        ),
    })
}
