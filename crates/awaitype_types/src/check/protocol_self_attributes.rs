//! `invalid-protocol`: a protocol's members are what its class body declares (the typing spec).
//! An attribute that one of its methods only assigns through `self` would be part of no
//! protocol's interface, so such an assignment is reported where it is made.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, ExprAttribute};
use ruff_text_size::Ranged;

use crate::db::{Db, FileId};
use crate::infer::TypeDiagnostic;
use crate::ty::ClassId;
use awaitype_semantic::{ScopeId, ScopeKind};

/// `self.name = ...` (annotated or not) in a method of a protocol written in source, where no
/// class body of the protocol's MRO binds or declares `name`.
pub(super) fn check_protocol_self_assignment(
    db: &Db,
    file: FileId,
    scope: ScopeId,
    target: &ExprAttribute,
) -> Option<TypeDiagnostic> {
    let index = db.index(file);
    let ScopeKind::Function(function) = index.scope(scope).kind else {
        return None;
    };
    let ScopeKind::Class(class_node) = index.scope(index.scope(scope).parent?).kind else {
        return None;
    };
    let Expr::Name(receiver) = &*target.value else {
        return None;
    };
    let first = function
        .parameters
        .posonlyargs
        .iter()
        .chain(&function.parameters.args)
        .next()?;
    if first.parameter.name.as_str() != receiver.id.as_str() || db.file_data(file).is_stub() {
        return None;
    }
    let class = ClassId {
        file,
        definition: index.definition_of_node(class_node)?,
    };
    let info = db.class_info(class);
    if !info.is_protocol || info.has_dynamic_base {
        return None;
    }
    let name = target.attr.as_str();
    let in_some_body = info.mro.iter().any(|entry| {
        let entry_info = db.class_info(entry.class);
        db.class_body_scope(entry.class, &entry_info).is_some_and(|body| {
            let body_index = db.index(entry.class.file);
            body_index.scope(body).symbol(name).is_some()
        })
    });
    (!in_some_body).then(|| TypeDiagnostic {
        range: target.range(),
        rule: Rule::InvalidProtocol,
        message: format!(
            "Protocol `{}` cannot gain the attribute `{name}` by assigning it through `{}`: declare it in the class body (`{name}: T`) to make it a member",
            class_node.name, receiver.id
        ),
    })
}
