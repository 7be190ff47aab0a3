//! A generic function used as a value (`g(ident)`, `f: Callable[[int], int] = ident`,
//! `run_sync(fn, *args)`) stands for every instantiation of its type parameters. Where a callable
//! of a known signature is expected, the function's own type variables are solved from that
//! signature's parameters (what the caller will pass), then from its return type, before the
//! two signatures are compared or matched: `def ident(x: T) -> T` is a `(int) -> int`.
//!
//! Only a function's *own* type variables are instantiated: those of the class a method was
//! bound to, or that the receiver carries, belong to the surrounding code and stay as they are.
//! A variable nothing determines becomes `Unknown`, which keeps the comparison gradual rather
//! than wrong.

use crate::db::Db;
use crate::subst::{Substitution, solve};
use crate::ty::{Parameter, ParameterKind as Kind, Signature, Type, TypeKind, TypeVarId};
use crate::typevar::TypeVarKind;
use crate::typevars_of;

/// `signature` (the signature of the value `value`) with the value's own type variables solved
/// against `expected`. Values that are not generic functions are returned unchanged.
pub(crate) fn instantiate_for(db: &Db, value: Type, signature: Signature, expected: &Signature) -> Signature {
    let free = own_type_variables(db, value, &signature);
    if free.is_empty() {
        return signature;
    }
    let mut solution = Substitution::new();
    for (own, wanted) in parameter_pairs(&signature, expected) {
        solve(db, own.ty, wanted.ty, &mut solution);
    }
    if typevars_of(db, expected.return_type).is_empty() {
        solve(db, signature.return_type, expected.return_type, &mut solution);
    }
    // A legacy type variable is one object however many functions use it: one the expected
    // signature mentions too is the caller's to solve, and stays as it is when unsolved here.
    let expected_callable = db.intern(TypeKind::Callable(Box::new(expected.clone())));
    let shared = typevars_of(db, expected_callable);
    let mut instantiation = Substitution::new();
    for var in free {
        let solved = solution
            .get(var)
            .filter(|ty| !matches!(db.kind(*ty), TypeKind::TypeVar(other) if *other == var));
        match solved {
            Some(ty) => instantiation.insert(var, ty),
            // An unsolved `ParamSpec` or `TypeVarTuple` already stands for any parameters.
            None if db.typevar(var).kind == TypeVarKind::TypeVar && !shared.contains(&var) => {
                instantiation.insert(var, Type::UNKNOWN);
            }
            None => {}
        }
    }
    instantiation.apply_signature(db, &signature, 0)
}

/// The expected signature as a generic function value is compared with: a variable the value
/// solved for itself that the expected signature still mentions unsolved is the same legacy
/// type variable used by two functions, not a constraint between them, and is taken as
/// anything there. `None` when nothing is shared. While a call is solved (`only_result`), a
/// variable its parameters mention is the caller's to solve from the value's parameters and is
/// kept; one only its result mentions is decided by the value alone.
pub(crate) fn expected_for(
    db: &Db,
    value: Type,
    signature: &Signature,
    expected: &Signature,
    only_result: bool,
) -> Option<Signature> {
    let free = own_type_variables(db, value, signature);
    if free.is_empty() {
        return None;
    }
    let expected_callable = db.intern(TypeKind::Callable(Box::new(expected.clone())));
    let in_parameters = |var: &TypeVarId| {
        expected
            .parameters
            .iter()
            .any(|parameter| typevars_of(db, parameter.ty).contains(var))
    };
    let shared: Vec<TypeVarId> = typevars_of(db, expected_callable)
        .into_iter()
        .filter(|var| free.contains(var) && db.typevar(*var).kind == TypeVarKind::TypeVar)
        .filter(|var| !only_result || !in_parameters(var))
        .collect();
    if shared.is_empty() {
        return None;
    }
    let mut anything = Substitution::new();
    for var in shared {
        anything.insert(var, Type::UNKNOWN);
    }
    Some(anything.apply_signature(db, expected, 0))
}

/// The type variables `value`'s signature mentions that the value itself is generic over.
fn own_type_variables(db: &Db, value: Type, signature: &Signature) -> Vec<TypeVarId> {
    let outer: Vec<TypeVarId> = match db.kind(value) {
        TypeKind::Function(function) => match db.defining_class(function.id) {
            Some(class) => db.class_info(class).type_params.to_vec(),
            None => Vec::new(),
        },
        TypeKind::BoundMethod { receiver, .. } => typevars_of(db, *receiver),
        _ => return Vec::new(),
    };
    let callable = db.intern(TypeKind::Callable(Box::new(signature.clone())));
    let mut own = typevars_of(db, callable);
    own.retain(|var| !outer.contains(var));
    own
}

/// The value's parameters paired with the expected signature's parameters that calls through
/// it will fill: positional ones by position (extra ones reach the value's `*args`), keyword-only
/// ones by name (or the value's `**kwargs`).
fn parameter_pairs<'a>(own: &'a Signature, expected: &'a Signature) -> Vec<(&'a Parameter, &'a Parameter)> {
    let positional = |p: &&Parameter| matches!(p.kind, Kind::PositionalOnly | Kind::PositionalOrKeyword);
    let own_positional: Vec<&Parameter> = own.parameters.iter().filter(positional).collect();
    let own_varargs = own.parameters.iter().find(|p| p.kind == Kind::VarArgs);
    let own_kwargs = own.parameters.iter().find(|p| p.kind == Kind::KwArgs);
    let mut pairs = Vec::new();
    for (index, wanted) in expected.parameters.iter().filter(positional).enumerate() {
        if let Some(own) = own_positional.get(index).copied().or(own_varargs) {
            pairs.push((own, wanted));
        }
    }
    for wanted in expected.parameters.iter() {
        match wanted.kind {
            Kind::KeywordOnly => {
                let by_name = own
                    .parameters
                    .iter()
                    .find(|p| p.kind != Kind::PositionalOnly && p.name.is_some() && p.name == wanted.name);
                if let Some(own) = by_name.or(own_kwargs) {
                    pairs.push((own, wanted));
                }
            }
            Kind::VarArgs => pairs.extend(own_varargs.map(|own| (own, wanted))),
            Kind::KwArgs => pairs.extend(own_kwargs.map(|own| (own, wanted))),
            _ => {}
        }
    }
    pairs
}
