//! `invalid-protocol`: a class that lists `Protocol` among its bases is a protocol, and every
//! other base it lists must be a protocol too (the typing spec): a protocol cannot inherit an
//! implementation from an ordinary class.

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtClassDef;
use ruff_text_size::Ranged;

use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::ty::ClassId;

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
