//! Checking: the statement rules, one scope at a time. A scope's check walks its reachable
//! statements with one reporting inferrer, so each expression is inferred once and its
//! expression-level diagnostics come with the statement-level ones (a value shared with the
//! definitions it binds is inferred once for both: see `infer/values.rs`). A file's check starts
//! at its module scope and follows the function and class bodies each scope reached.
//!
//! A scope's check is not a query of its own: a session memoizes whole files (see the checker's
//! `file_check.rs`). Per-scope memos were measured: on the standard library they made the first
//! re-check after an edit 20 ms slower (more memos to verify) and saved nothing, because every
//! scope of an edited file reads its re-parsed index and is walked again anyway, and other files
//! already reuse their results through the definition queries, which an edit inside a body leaves
//! unchanged.

pub(crate) mod alias_cycles;
mod annotation_qualifiers;
mod attribute_overrides;
mod final_methods;
mod final_rebindings;
mod generator_annotations;
mod init_receiver;
mod method_variance;
mod named_tuple_classes;
mod newtypes;
mod overload_consistency;
mod overload_definitions;
mod overload_parameters;
mod overrides;
mod param_spec_components;
mod param_spec_declarations;
mod parameters;
mod protocol_bases;
mod protocol_self_attributes;
mod self_type;
mod statements;
mod type_aliases;
mod type_guards;
mod type_params;
mod type_var_tuple_params;
pub(crate) mod type_variable_scope;
mod type_variables;
mod typed_dict_classes;
mod typed_dict_extra_items_classes;
mod typevar_defaults;
mod unpacked_kwargs_definitions;
mod variance;

use awaitype_semantic::ScopeId;

use crate::db::{Db, FileId};
use crate::infer::TypeDiagnostic;

/// What checking one scope found.
struct ScopeCheck {
    diagnostics: Vec<TypeDiagnostic>,
    /// The function and class bodies the scope's reachable statements define, to be checked
    /// next.
    nested: Vec<ScopeId>,
}

impl Db {
    /// The diagnostics of every reachable scope of a file: its module scope, then the function
    /// and class bodies each checked scope reached.
    pub fn check_file_scopes(&self, file: FileId) -> Vec<TypeDiagnostic> {
        let mut diagnostics = Vec::new();
        let mut pending = vec![ScopeId::MODULE];
        while let Some(scope) = pending.pop() {
            let check = crate::db::grow(|| statements::check_scope(self, file, scope));
            diagnostics.extend(check.diagnostics);
            pending.extend(check.nested.iter().rev());
        }
        diagnostics
    }
}
