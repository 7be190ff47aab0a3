//! Declared variance against usage, on a class statement (`invalid-type-variable` and
//! `invalid-protocol`).
//!
//! A base class's argument is a position of the base's parameter's variance: in
//! `class C(Inv[T_co])` the covariant `T_co` fills an invariant parameter, so `C[int]` would be a
//! `C[object]` while its `Inv[int]` base is not an `Inv[object]`. Positions compose through
//! nested arguments (`Contra[Co[T_co]]` is a contravariant position, `Contra[Contra[T_co]]` a
//! covariant one). An invariant variable fits anywhere.
//!
//! A protocol's members are its whole interface, so the variance of its type variables follows
//! from them (see `variance.rs`), and the typing spec asks for a warning when the declared
//! variance differs: a covariant variable used in an input, a contravariant one in an output, or
//! an invariant one that could be covariant or contravariant.

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtClassDef;

use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::ty::{ClassId, TypeKind, TypeVarId};
use crate::typevar::{TypeVarKind, Variance};
use crate::variance::{Usage, visit_positions};

/// A position's variance in words.
pub(super) fn position_name(polarity: Usage) -> &'static str {
    match (polarity.output, polarity.input) {
        (true, true) => "an invariant",
        (false, true) => "a contravariant",
        _ => "a covariant",
    }
}

/// Whether a variable declared with `variance` may stand in a position of `polarity`.
pub(super) fn fits(variance: Variance, polarity: Usage) -> bool {
    match variance {
        Variance::Covariant => !polarity.input,
        Variance::Contravariant => !polarity.output,
        Variance::Invariant | Variance::Inferred => true,
    }
}

/// Type variables of declared variance that a base's arguments use where that variance does
/// not fit; one diagnostic per variable and base.
pub(super) fn check_base_variance(db: &Db, class: ClassId, node: &StmtClassDef) -> Vec<TypeDiagnostic> {
    let info = db.class_info(class);
    let mut problems = Vec::new();
    for base in &info.bases {
        let usages = db.parameter_usages(base.class);
        let mut misplaced: Vec<(TypeVarId, Usage)> = Vec::new();
        for (index, arg) in base.args.iter().enumerate() {
            let usage = usages.get(index).copied().unwrap_or(Usage::BOTH);
            visit_positions(db, *arg, Usage::OUTPUT.compose(usage), 0, &mut |id, polarity| {
                if !fits(db.typevar(id).variance, polarity) && !misplaced.iter().any(|(seen, _)| *seen == id) {
                    misplaced.push((id, polarity));
                }
            });
        }
        for (id, polarity) in misplaced {
            let variable = db.typevar(id);
            let declared = match variable.variance {
                Variance::Covariant => "covariant",
                _ => "contravariant",
            };
            let base_type = crate::display::display(db, db.intern(TypeKind::Instance(base.clone())));
            problems.push(TypeDiagnostic {
                range: node.name.range,
                rule: Rule::InvalidTypeVariable,
                message: format!(
                    "Type variable `{}` is {declared} but base class `{base_type}` uses it in {} position: use a type variable whose variance fits, or an invariant one",
                    variable.name,
                    position_name(polarity)
                ),
            });
        }
    }
    problems
}

/// A protocol's type variables whose declared variance is not the one its members give them.
pub(super) fn check_protocol_variance(db: &Db, class: ClassId, node: &StmtClassDef) -> Vec<TypeDiagnostic> {
    let info = db.class_info(class);
    if !info.is_protocol || !info.from_statement || info.has_dynamic_base {
        return Vec::new();
    }
    let usages = db.inferred_usages(class);
    let mut problems = Vec::new();
    for (param, usage) in info.type_params.iter().zip(usages.iter()) {
        let variable = db.typevar(*param);
        // Only type variables can declare a variance that matters here: a `ParamSpec` is
        // invariant as declared on every supported version, and nothing can be written instead.
        if variable.kind != TypeVarKind::TypeVar || variable.variance == Variance::Inferred {
            continue;
        }
        let expected = usage.variance();
        let mismatch = match variable.variance {
            Variance::Invariant => expected != Variance::Invariant,
            declared => !fits(declared, *usage),
        };
        if !mismatch {
            continue;
        }
        let word = |variance| match variance {
            Variance::Covariant => "covariant",
            Variance::Contravariant => "contravariant",
            _ => "invariant",
        };
        let fix = match expected {
            Variance::Covariant => "declare it with `covariant=True`",
            Variance::Contravariant => "declare it with `contravariant=True`",
            _ => "declare it invariant",
        };
        problems.push(TypeDiagnostic {
            range: node.name.range,
            rule: Rule::InvalidProtocol,
            message: format!(
                "Type variable `{}` of protocol `{}` is declared {} but its members use it as {}: {fix}",
                variable.name,
                node.name,
                word(variable.variance),
                word(expected)
            ),
        });
    }
    problems
}
