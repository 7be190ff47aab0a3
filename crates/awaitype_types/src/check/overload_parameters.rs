//! The parameter half of `invalid-overload`'s consistency rule: every call an overload accepts
//! must also be accepted by the implementation, so each argument type an overload's parameter
//! allows must be allowed by the implementation's parameter that receives the same argument.
//!
//! Only parameters whose types are plain data types (instances of classes, literals, `None`,
//! tuples and unions of those) are compared. Types that involve callables or class objects
//! are left alone: class-to-callable assignability is not precise enough yet, and reporting
//! correct code is worse than missing a mistake.

use crate::db::Db;
use crate::relation::is_assignable;
use crate::ty::{Parameter, ParameterKind as Kind, Signature, Type, TypeKind};

/// The first parameter of `overload` whose accepted types the implementation's matching
/// parameter does not accept, with the implementation's parameter type.
pub(super) fn narrower_implementation_parameter<'a>(
    db: &Db,
    overload: &'a Signature,
    implementation: &Signature,
) -> Option<(&'a Parameter, Type)> {
    let positional = |signature: &Signature| -> usize {
        signature
            .parameters
            .iter()
            .take_while(|p| matches!(p.kind, Kind::PositionalOnly | Kind::PositionalOrKeyword))
            .count()
    };
    let overload_positional = positional(overload);
    let implementation_positional = positional(implementation);
    overload
        .parameters
        .iter()
        .enumerate()
        .find_map(|(position, parameter)| {
            if !parameter.annotated {
                return None;
            }
            let receiver = match parameter.kind {
                Kind::PositionalOnly | Kind::PositionalOrKeyword if position < overload_positional => {
                    if position < implementation_positional {
                        Some(&implementation.parameters[position])
                    } else {
                        implementation.parameters.iter().find(|p| p.kind == Kind::VarArgs)
                    }
                }
                Kind::KeywordOnly => implementation
                    .parameters
                    .iter()
                    .find(|p| {
                        p.name == parameter.name && matches!(p.kind, Kind::KeywordOnly | Kind::PositionalOrKeyword)
                    })
                    .or_else(|| implementation.parameters.iter().find(|p| p.kind == Kind::KwArgs)),
                _ => None,
            }?;
            let expected = receiver.ty;
            (receiver.annotated
                && is_plain_data_type(db, parameter.ty, 0)
                && is_plain_data_type(db, expected, 0)
                && !is_assignable(db, parameter.ty, expected))
            .then_some((parameter, expected))
        })
}

/// Instances, literals, `None`, tuples and unions of those (no callables, class objects,
/// type variables or gradual types), to a small depth.
fn is_plain_data_type(db: &Db, ty: Type, depth: u32) -> bool {
    if depth > 4 {
        return false;
    }
    match db.kind(ty) {
        TypeKind::None
        | TypeKind::IntLiteral(_)
        | TypeKind::BoolLiteral(_)
        | TypeKind::StrLiteral(_)
        | TypeKind::BytesLiteral(_) => true,
        TypeKind::Instance(class) => {
            !db.class_info(class.class).is_protocol
                && class.args.iter().all(|arg| is_plain_data_type(db, *arg, depth + 1))
        }
        TypeKind::Tuple(items) | TypeKind::Union(items) => {
            items.iter().all(|item| is_plain_data_type(db, *item, depth + 1))
        }
        _ => false,
    }
}
