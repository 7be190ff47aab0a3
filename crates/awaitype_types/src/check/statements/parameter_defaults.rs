//! A parameter's default value must fit the parameter's annotation: `def f(x: int = "a")` makes
//! every call that leaves `x` out pass a `str`. Reported as `invalid-assignment`, since the
//! default is assigned to the parameter. `...` is left alone (the conventional placeholder of
//! stubs, overloads and protocols), and so are annotations that mention a type variable (which
//! the default cannot be checked against before a call solves it).

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::ScopeChecker;
use crate::FunctionId;
use crate::relation::is_assignable;

impl ScopeChecker<'_> {
    pub(super) fn check_parameter_defaults(&mut self, id: FunctionId, function: &'static StmtFunctionDef) {
        let db = self.db;
        if db.file_data(self.file).is_stub() {
            return;
        }
        let signature = db.declared_signature(id);
        for parameter in function.parameters.iter_non_variadic_params() {
            let Some(default) = parameter.default.as_deref() else {
                continue;
            };
            if parameter.parameter.annotation.is_none() || matches!(default, Expr::EllipsisLiteral(_)) {
                continue;
            }
            let name = parameter.parameter.name.as_str();
            let Some(declared) = signature
                .parameters
                .iter()
                .find(|p| p.name.as_ref().is_some_and(|n| n.as_str() == name))
                .map(|p| p.ty)
            else {
                continue;
            };
            if declared.is_dynamic() || crate::subst::contains_typevars(db, declared) {
                continue;
            }
            let value = self.infer(default);
            let value = self.value_in_context(value, default, declared);
            if value.is_dynamic() || is_assignable(db, value, declared) {
                continue;
            }
            // A `None` default does not make the parameter optional: the annotation must say so.
            let hint = if value.is_none() {
                format!("; annotate it `{} | None`", self.display(declared))
            } else {
                String::new()
            };
            let message = format!(
                "Default value of type `{}` is not assignable to parameter `{name}` of type `{}`{hint}",
                self.display(value),
                self.display(declared)
            );
            self.report(default.range(), Rule::InvalidAssignment, message);
        }
    }
}
