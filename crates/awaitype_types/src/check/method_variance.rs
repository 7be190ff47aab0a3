//! `invalid-type-variable`: a class's type variable declared covariant (or contravariant) used
//! by a method where that variance does not hold. A covariant variable makes `C[int]` a
//! `C[object]`, which is only sound when no method takes its values as input (`def push(self,
//! x: T_co)` would accept any object through the `C[object]` view); a contravariant one must
//! not be returned. This holds for every kind of variable with a declared variance: a
//! `TypeVarTuple` (`*args: *Ts_co`) and a `ParamSpec` (`-> Callable[P_co, None]` takes the
//! parameters as input of the returned callable). The constructor (`__init__`, `__new__`) runs
//! before anyone holds a wider view, and the receiver is the object itself, so neither counts.
//! Protocols are checked as a whole by `variance.rs`.
//!
//! Only a use in the opposite direction is reported, not one in an invariant position
//! (`-> list[T_co]`): read-only views commonly return such copies, the widely used checkers
//! accept them, and the method cannot be called to put a wrong value into the object.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, Stmt, StmtClassDef};

use super::variance::{fits, position_name};
use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::ty::{ClassId, FunctionId, TypeVarId};
use crate::typevar::Variance;
use crate::variance::{Usage, visit_positions};

/// One diagnostic per method and misplaced variable.
pub(super) fn check_method_variance(db: &Db, class: ClassId, node: &'static StmtClassDef) -> Vec<TypeDiagnostic> {
    let info = db.class_info(class);
    let declared: Vec<TypeVarId> = info
        .type_params
        .iter()
        .copied()
        .filter(|param| {
            matches!(
                db.typevar(*param).variance,
                Variance::Covariant | Variance::Contravariant
            )
        })
        .collect();
    let mut problems = Vec::new();
    if declared.is_empty() || info.is_protocol {
        return problems;
    }
    let index = db.index(class.file);
    for statement in &node.body {
        let Stmt::FunctionDef(function) = statement else {
            continue;
        };
        if matches!(function.name.as_str(), "__init__" | "__new__" | "__init_subclass__") {
            continue;
        }
        let Some(definition) = index.definition_of_node(function) else {
            continue;
        };
        let signature = db.function_signature(FunctionId {
            file: class.file,
            definition,
        });
        let is_static = function
            .decorator_list
            .iter()
            .any(|decorator| matches!(&decorator.expression, Expr::Name(name) if name.id.as_str() == "staticmethod"));
        let skip = usize::from(!is_static);
        let mut misplaced: Vec<(TypeVarId, Usage)> = Vec::new();
        let mut note = |id: TypeVarId, polarity: Usage| {
            let invariant_position = polarity.input && polarity.output;
            if declared.contains(&id)
                && !invariant_position
                && !fits(db.typevar(id).variance, polarity)
                && !misplaced.iter().any(|(seen, _)| *seen == id)
            {
                misplaced.push((id, polarity));
            }
        };
        for parameter in signature.parameters.iter().skip(skip) {
            visit_positions(db, parameter.ty, Usage::INPUT, 0, &mut note);
        }
        if let Some(tail) = signature.param_spec {
            note(tail, Usage::INPUT);
        }
        visit_positions(db, signature.return_type, Usage::OUTPUT, 0, &mut note);
        for (id, polarity) in misplaced {
            let variable = db.typevar(id);
            let declared = if variable.variance == Variance::Covariant {
                "covariant"
            } else {
                "contravariant"
            };
            problems.push(TypeDiagnostic {
                range: function.name.range,
                rule: Rule::InvalidTypeVariable,
                message: format!(
                    "Type variable `{}` of class `{}` is {declared} but method `{}` uses it in {} position: use an invariant type variable, or one whose variance fits",
                    variable.name,
                    node.name,
                    function.name,
                    position_name(polarity)
                ),
            });
        }
    }
    problems
}
