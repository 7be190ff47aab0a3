//! `invalid-type-form` on `**kwargs: Unpack[X]` definitions. A TypedDict is the only type that
//! gives each keyword its own type, so `X` must be one (a type variable bound to a TypedDict is
//! not: its keys are unknown until a call solves it). And since each of the TypedDict's keys
//! becomes a keyword parameter, no other parameter that takes keywords may have a key's name
//! (a positional-only parameter may: it never takes a keyword).

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, StmtFunctionDef};
use ruff_text_size::Ranged;

use crate::db::{Db, FileId};
use crate::infer::{Inferrer, TypeDiagnostic};
use crate::ty::{SpecialForm, TypeKind};

pub(super) fn check_unpacked_kwargs(db: &Db, file: FileId, function: &'static StmtFunctionDef) -> Vec<TypeDiagnostic> {
    let Some(kwarg) = function.parameters.kwarg.as_deref() else {
        return Vec::new();
    };
    let Some(Expr::Subscript(subscript)) = kwarg.annotation.as_deref() else {
        return Vec::new();
    };
    let index = db.index(file);
    let scope = function
        .type_params
        .as_deref()
        .and_then(|params| index.scope_of_node(params))
        .or_else(|| {
            index
                .definition_of_node(function)
                .map(|definition| index.definition(definition).scope)
        });
    let Some(scope) = scope else {
        return Vec::new();
    };
    let mut inferrer = Inferrer::silent(db, file, scope);
    let callee = inferrer.infer_expression(&subscript.value);
    if !matches!(db.kind(callee), TypeKind::SpecialForm(SpecialForm::Unpack)) {
        return Vec::new();
    }
    let unpacked = inferrer.type_expression(&subscript.slice);
    let instance = match db.kind(unpacked) {
        TypeKind::Instance(instance) if db.is_typed_dict(instance.class) => instance.clone(),
        _ if unpacked.is_dynamic() => return Vec::new(),
        _ => {
            return vec![TypeDiagnostic {
                range: subscript.slice.range(),
                rule: Rule::InvalidTypeForm,
                message: format!(
                    "`**{}: Unpack[...]` needs a TypedDict, found `{}`; annotate `**{}` with the value type instead, or unpack a TypedDict class",
                    kwarg.name,
                    crate::display::display(db, unpacked),
                    kwarg.name
                ),
            }];
        }
    };
    let keys = db.typed_dict_keys(&instance);
    function
        .parameters
        .args
        .iter()
        .chain(&function.parameters.kwonlyargs)
        .filter(|parameter| keys.iter().any(|key| key.name == parameter.parameter.name.id))
        .map(|parameter| TypeDiagnostic {
            range: parameter.parameter.name.range(),
            rule: Rule::InvalidTypeForm,
            message: format!(
                "Parameter `{}` has the name of a key of `{}`, which `**{}` takes as a keyword too; rename the parameter or make it positional-only",
                parameter.parameter.name,
                crate::display::display(db, unpacked),
                kwarg.name
            ),
        })
        .collect()
}
