//! The one assignability relation ("can a value of type A be used where B is expected"), and the
//! union constructor it relies on. Every check (arguments, returns, assignments) and the
//! overload and type-variable machinery go through here.

use rustc_hash::FxHashMap;

use crate::db::Db;
use crate::subst::Substitution;
use crate::ty::{ClassId, ClassType, KnownInstance, Signature, Type, TypeKind};
use crate::typevar::Variance;

/// Builds a union: flattened, without duplicates, literals absorbed by their class, `Never`
/// dropped. A single member is returned as is; no members gives `Never`.
pub fn union(db: &Db, types: impl IntoIterator<Item = Type>) -> Type {
    let mut members: Vec<Type> = Vec::new();
    let mut has_literal = false;
    let mut push = |ty: Type, members: &mut Vec<Type>| {
        if ty.is_never() || members.contains(&ty) {
            return;
        }
        has_literal |= is_literal(db, ty);
        members.push(ty);
    };
    for ty in types {
        match db.kind(ty) {
            TypeKind::Union(items) => {
                for item in items {
                    push(*item, &mut members);
                }
            }
            _ => push(ty, &mut members),
        }
    }
    if has_literal && members.len() > 1 {
        absorb_literals(db, &mut members);
    }
    match members.len() {
        0 => Type::NEVER,
        1 => members[0],
        _ => db.intern(TypeKind::Union(members.into())),
    }
}

fn is_literal(db: &Db, ty: Type) -> bool {
    matches!(
        db.kind(ty),
        TypeKind::IntLiteral(_)
            | TypeKind::BoolLiteral(_)
            | TypeKind::StrLiteral(_)
            | TypeKind::BytesLiteral(_)
            | TypeKind::EnumLiteral { .. }
            | TypeKind::LiteralString
    )
}

/// Drops literals whose class is also a member (and string literals when `LiteralString` is
/// one), and turns `Literal[True] | Literal[False]` into
/// `bool`.
fn absorb_literals(db: &Db, members: &mut Vec<Type>) {
    let snapshot = members.clone();
    members.retain(|member| {
        let Some(class) = literal_class(db, *member) else {
            return true;
        };
        !snapshot.contains(&class)
    });
    // `LiteralString` holds every string literal.
    if snapshot.iter().any(|m| matches!(db.kind(*m), TypeKind::LiteralString)) {
        members.retain(|m| !matches!(db.kind(*m), TypeKind::StrLiteral(_)));
    }
    if members.contains(&Type::TRUE) && members.contains(&Type::FALSE) {
        let bool_ty = db.known_instance("builtins", "bool", &[]);
        if let Some(position) = members.iter().position(|m| *m == Type::TRUE) {
            members[position] = bool_ty;
        }
        members.retain(|m| *m != Type::FALSE);
    }
    crate::enum_literals::collapse_complete_enums(db, members);
}

/// A union with an `Unknown` or `Any` member: a gap in what is known. Operations on such a
/// union do not report the members that fail, since the value may well be something else.
pub fn has_dynamic_member(db: &Db, ty: Type) -> bool {
    matches!(db.kind(ty), TypeKind::Union(members) if members.iter().any(|m| m.is_dynamic()))
}

/// Whether a value of this type is always truthy (`Some(true)`), always falsy
/// (`Some(false)`), or could be either (`None`).
pub fn static_truthiness(db: &Db, ty: Type) -> Option<bool> {
    match db.kind(ty) {
        TypeKind::None => Some(false),
        TypeKind::IntLiteral(value) => Some(*value != 0),
        TypeKind::BoolLiteral(value) => Some(*value),
        TypeKind::StrLiteral(value) => Some(!value.is_empty()),
        TypeKind::BytesLiteral(value) => Some(!value.is_empty()),
        // `tuple[()]` is falsy; a tuple with fixed elements is truthy; `tuple[*Ts]` may be either.
        TypeKind::Tuple(_) => {
            let shape = crate::tuple_shape::shape_of(db, ty)?;
            if shape.min_len() > 0 {
                Some(true)
            } else {
                shape.variadic.is_none().then_some(false)
            }
        }
        TypeKind::Function(_) | TypeKind::BoundMethod { .. } | TypeKind::ClassLiteral(_) | TypeKind::Module(_) => {
            Some(true)
        }
        // An object whose class defines neither `__bool__` nor `__len__` is always true (the
        // widely used checkers assume no subclass adds them).
        TypeKind::Instance(class) => db.instances_always_true(class.class).then_some(true),
        TypeKind::Union(members) => {
            let first = static_truthiness(db, *members.first()?)?;
            members
                .iter()
                .all(|m| static_truthiness(db, *m) == Some(first))
                .then_some(first)
        }
        _ => None,
    }
}

/// The members of `ty` that can have the given truthiness (`None` drops out of `x or y`).
pub fn filter_by_truthiness(db: &Db, ty: Type, truthy: bool) -> Type {
    match db.kind(ty) {
        TypeKind::Union(members) => {
            let members = members.clone();
            union(
                db,
                members
                    .iter()
                    .copied()
                    .filter(|m| static_truthiness(db, *m) != Some(!truthy)),
            )
        }
        _ => ty,
    }
}

/// What calling a function declared to return `ty` evaluates to: a type guard (`TypeIs[int]`)
/// is a `bool` at runtime.
pub fn returned_value(db: &Db, ty: Type) -> Type {
    match db.kind(ty) {
        TypeKind::TypeGuard { .. } => db.known_instance("builtins", "bool", &[]),
        _ => ty,
    }
}

/// The class instance type a literal belongs to (`Literal[1]` → `int`).
pub fn literal_class(db: &Db, ty: Type) -> Option<Type> {
    let name = match db.kind(ty) {
        TypeKind::IntLiteral(_) => "int",
        TypeKind::BoolLiteral(_) => "bool",
        TypeKind::StrLiteral(_) | TypeKind::LiteralString => "str",
        TypeKind::BytesLiteral(_) => "bytes",
        TypeKind::EnumLiteral { class, .. } => return Some(db.intern(TypeKind::Instance(ClassType::plain(*class)))),
        _ => return None,
    };
    Some(db.known_instance("builtins", name, &[]))
}

/// Literal types widen to their class when they become a type argument (`[1]` is `list[int]`).
pub fn promote_literal_for_inference(db: &Db, ty: Type) -> Type {
    match db.kind(ty) {
        TypeKind::Union(items) => {
            let items = items.clone();
            union(db, items.iter().map(|t| promote_literal_for_inference(db, *t)))
        }
        TypeKind::Tuple(items) => {
            let items: Box<[Type]> = items.iter().map(|t| promote_literal_for_inference(db, *t)).collect();
            db.intern(TypeKind::Tuple(items))
        }
        _ => literal_class(db, ty).unwrap_or(ty),
    }
}

/// What a type is widened to where inference must stop distinguishing values (an operation that
/// would pair too many union members, a cycle that has not settled): literals become their
/// classes and fixed-length tuples become `tuple[E, ...]` over the union of their (widened)
/// elements.
pub fn widen_for_inference(db: &Db, ty: Type) -> Type {
    match db.kind(ty) {
        TypeKind::Union(items) => {
            let items = items.clone();
            union(db, items.iter().map(|t| widen_for_inference(db, *t)))
        }
        TypeKind::Tuple(_) => {
            let element = crate::tuple_shape::shape_of(db, ty)
                .map_or(Type::UNKNOWN, |shape| crate::tuple_shape::element_union(db, &shape));
            let element = widen_for_inference(db, element);
            let element = if element.is_never() { Type::UNKNOWN } else { element };
            db.known_instance("builtins", "tuple", &[element])
        }
        _ => literal_class(db, ty).unwrap_or(ty),
    }
}

/// The nominal instance type that stands for a non-instance type when looking up attributes or
/// checking against classes: literals → their class, tuples → `tuple[...]`, functions →
/// `types.FunctionType`, classes → their metaclass, `None` → `NoneType`.
pub fn fallback_instance(db: &Db, ty: Type) -> Option<ClassType> {
    let instance = match db.kind(ty) {
        TypeKind::Instance(ct) => return Some(ct.clone()),
        TypeKind::IntLiteral(_)
        | TypeKind::BoolLiteral(_)
        | TypeKind::StrLiteral(_)
        | TypeKind::BytesLiteral(_)
        | TypeKind::EnumLiteral { .. }
        | TypeKind::LiteralString => literal_class(db, ty)?,
        TypeKind::NewTypeInstance { file, definition } => {
            return fallback_instance(db, db.newtype_base(*file, *definition));
        }
        TypeKind::Sentinel { class, .. } => db.sentinel_instance(*class),
        // A type form object may be a class, a union, an alias...: only `object` is sure.
        TypeKind::TypeForm(_) => db.known_instance("builtins", "object", &[]),
        TypeKind::Tuple(_) => {
            let shape = crate::tuple_shape::shape_of(db, ty)?;
            db.known_instance("builtins", "tuple", &[crate::tuple_shape::element_union(db, &shape)])
        }
        TypeKind::None => {
            if let Some(class) = db.none_type_class() {
                db.intern(TypeKind::Instance(ClassType::plain(class)))
            } else {
                db.known_instance("builtins", "object", &[])
            }
        }
        TypeKind::Function(function) if db.function_flags(function.id).property => {
            db.known_instance("builtins", "property", &[])
        }
        TypeKind::Function(_) | TypeKind::Overloaded(_) => db.known_instance("types", "FunctionType", &[]),
        TypeKind::BoundMethod { .. } => db.known_instance("types", "MethodType", &[]),
        TypeKind::Callable(_) => db.known_instance("builtins", "object", &[]),
        TypeKind::Module(_) => db.known_instance("types", "ModuleType", &[]),
        TypeKind::TypeGuard { .. } => db.known_instance("builtins", "bool", &[]),
        TypeKind::ClassLiteral(ct) | TypeKind::SubclassOf(ct) => {
            let meta = db.class_info(ct.class).metaclass.clone();
            match meta {
                Some(meta) => db.intern(TypeKind::Instance(meta)),
                None => db.known_instance("builtins", "type", &[]),
            }
        }
        // The runtime objects behind typing constructs, so `Any | None` or `P.args` work.
        TypeKind::SpecialForm(_) => first_known(db, &[("typing", "_SpecialForm")]),
        TypeKind::KnownInstance(KnownInstance::TypeVar(var)) => match db.typevar(*var).kind {
            crate::typevar::TypeVarKind::TypeVar => first_known(db, &[("typing", "TypeVar")]),
            crate::typevar::TypeVarKind::ParamSpec => first_known(db, &[("typing", "ParamSpec")]),
            crate::typevar::TypeVarKind::TypeVarTuple => first_known(db, &[("typing", "TypeVarTuple")]),
        },
        TypeKind::KnownInstance(KnownInstance::TypeAlias { .. }) => first_known(
            db,
            &[("typing", "TypeAliasType"), ("typing_extensions", "TypeAliasType")],
        ),
        TypeKind::KnownInstance(_) => db.known_instance("builtins", "object", &[]),
        TypeKind::SubclassOfTypeVar(_) => db.known_instance("builtins", "type", &[]),
        TypeKind::TypeVar(var) => {
            let info = db.typevar(*var);
            match info.bound {
                Some(bound) => return fallback_instance(db, bound),
                None => db.known_instance("builtins", "object", &[]),
            }
        }
        _ => return None,
    };
    match db.kind(instance) {
        TypeKind::Instance(ct) => Some(ct.clone()),
        _ => None,
    }
}

/// An instance of the first of these classes that exists for the target version, else `object`.
fn first_known(db: &Db, candidates: &[(&'static str, &'static str)]) -> Type {
    candidates
        .iter()
        .find_map(|(module, name)| db.known_class(module, name))
        .map_or_else(
            || db.known_instance("builtins", "object", &[]),
            |class| db.intern(TypeKind::Instance(ClassType::plain(class))),
        )
}

/// Views `ty` as an instance of `class` (through its MRO), with the class's type arguments.
pub fn as_instance_of(db: &Db, ty: Type, class: ClassId) -> Option<ClassType> {
    let instance = fallback_instance(db, ty)?;
    if let Some(found) = db.upcast(&instance, class) {
        return Some(found);
    }
    let info = db.class_info(class);
    if info.is_protocol {
        return crate::protocol::structural_instance_of(db, ty, class);
    }
    None
}

/// Whether `actual` could plausibly be an instance of `formal`'s class (used to pick union
/// members when solving type variables).
pub fn could_match(db: &Db, formal: Type, actual: Type) -> bool {
    match db.kind(formal) {
        TypeKind::Instance(ct) => as_instance_of(db, actual, ct.class).is_some() || actual.is_dynamic(),
        TypeKind::SubclassOfTypeVar(_) => matches!(
            db.kind(actual),
            TypeKind::ClassLiteral(_) | TypeKind::SubclassOf(_) | TypeKind::Unknown | TypeKind::Any
        ),
        _ => is_assignable(db, actual, formal),
    }
}

/// Whether a value of type `from` may be used where `to` is expected.
pub fn is_assignable(db: &Db, from: Type, to: Type) -> bool {
    assignable(db, from, to, &mut Comparison::new())
}

/// How many comparisons may be open inside one another before the innermost is assumed to hold:
/// a last resort, documented here because past it the relation is not exact.
///
/// Types are finite (a recursive alias mentions itself by a reference, expanded one level at a
/// time), and a comparison that comes back to a pair it is already making assumes it (see
/// [`Comparison`]), so
/// a comparison ends by itself after about as many levels as its types nest, and is exact when
/// they nest less deeply than this. What reaches the bound is types nested more deeply, or a
/// comparison whose types keep growing as bases and bounds are expanded, never repeating a pair
/// (expansive inheritance with variance, e.g. `class N(C[C[N[N[T]]]])` with a contravariant `C`),
/// which no finite search answers. Either is assumed to hold, like a repeated pair: a mismatch is
/// reported only where one was found.
const MAX_OPEN_COMPARISONS: usize = 128;

/// The state of one [`is_assignable`] question while it is answered.
///
/// Assignability of recursive types is coinductive: a pair `(from, to)` met again while it is
/// still being compared further up is assumed to hold (the standard treatment of recursive
/// structural types: if nothing else fails, neither does it). Answers found along the way are
/// kept, so each pair is compared once per question however often it comes up (invariant type
/// arguments are compared both ways at every level, which would otherwise double the work per
/// level). A `false` is always kept: assumptions only turn answers into `true`, so it holds
/// without them. A `true` is kept only when it did not rest on assuming a pair that is still open
/// further up, which may yet turn out `false`.
struct Comparison {
    /// The pairs being compared, each with how many were open around it (its level).
    open: FxHashMap<(Type, Type), usize>,
    /// Final answers.
    known: FxHashMap<(Type, Type), bool>,
    /// The lowest level whose pair the comparison in progress assumed to hold (`usize::MAX`:
    /// none).
    assumed_from: usize,
}

impl Comparison {
    fn new() -> Self {
        Comparison {
            open: FxHashMap::default(),
            known: FxHashMap::default(),
            assumed_from: usize::MAX,
        }
    }
}

fn assignable(db: &Db, from: Type, to: Type, cx: &mut Comparison) -> bool {
    if from == to || from.is_dynamic() || to.is_dynamic() || from.is_never() {
        return true;
    }
    let pair = (from, to);
    if let Some(&answer) = cx.known.get(&pair) {
        return answer;
    }
    let level = cx.open.len();
    if let Some(&open_at) = cx.open.get(&pair) {
        cx.assumed_from = cx.assumed_from.min(open_at);
        return true;
    }
    if level >= MAX_OPEN_COMPARISONS {
        // See `MAX_OPEN_COMPARISONS`. Unlike an open pair's, this assumption is never withdrawn,
        // so answers resting on it are kept like any other: were they not, every level above
        // would compare its parts again, both ways for invariant arguments, and the work would
        // double per level.
        return true;
    }
    cx.open.insert(pair, level);
    let outer_assumed = std::mem::replace(&mut cx.assumed_from, usize::MAX);
    let answer = stacker::maybe_grow(64 * 1024, 1024 * 1024, || compare(db, from, to, cx));
    cx.open.remove(&pair);
    if !answer || cx.assumed_from >= level {
        // Nothing this answer assumed is still open: it is final.
        cx.known.insert(pair, answer);
        cx.assumed_from = outer_assumed;
    } else {
        cx.assumed_from = cx.assumed_from.min(outer_assumed);
    }
    answer
}

/// One step of [`assignable`]: the rules, which compare the parts of `from` and `to` through
/// [`assignable`] again.
fn compare(db: &Db, from: Type, to: Type, cx: &mut Comparison) -> bool {
    let to_kind = db.kind(to);
    let from_kind = db.kind(from);
    // A recursive alias is compared by its value, one level at a time (see `alias_reference.rs`).
    if let TypeKind::AliasReference { .. } = from_kind {
        return assignable(db, crate::alias_reference::expand_alias_reference(db, from), to, cx);
    }
    // Unions on the source side: every member must fit.
    if let TypeKind::Union(members) = from_kind {
        return members.iter().all(|m| assignable(db, *m, to, cx));
    }
    // A type guard's value is a `bool`; two guards compare by what they guard (`TypeGuard` is
    // covariant, `TypeIs` invariant).
    if let TypeKind::TypeGuard { guarded, type_is } = from_kind {
        return match to_kind {
            TypeKind::TypeGuard {
                guarded: to_guarded,
                type_is: to_is,
            } => {
                type_is == to_is
                    && assignable(db, *guarded, *to_guarded, cx)
                    && (!type_is || assignable(db, *to_guarded, *guarded, cx))
            }
            _ => assignable(db, db.known_instance("builtins", "bool", &[]), to, cx),
        };
    }
    // A specialized class object (`list[int]` as a value) is a `types.GenericAlias` at runtime.
    if let (TypeKind::ClassLiteral(class), TypeKind::Instance(target)) = (from_kind, to_kind)
        && !class.args.is_empty()
        && db.known_class("types", "GenericAlias") == Some(target.class)
    {
        return true;
    }
    // A new type fits wherever its base does.
    if let TypeKind::NewTypeInstance { file, definition } = from_kind
        && !matches!(to_kind, TypeKind::Union(_))
    {
        return assignable(db, db.newtype_base(*file, *definition), to, cx);
    }
    if let Some(answer) = tuples_assignable(db, from, to, cx) {
        return answer;
    }
    match to_kind {
        // A type variable may fit no single member but still fit the union as a whole, when
        // its bound does (`T: bytes | bytearray`) or each of its constraints does.
        TypeKind::Union(members) => {
            members.iter().any(|m| assignable(db, from, *m, cx))
                || match from_kind {
                    TypeKind::TypeVar(var) => {
                        let info = db.typevar(*var);
                        match info.bound {
                            Some(bound) => assignable(db, bound, to, cx),
                            None => {
                                !info.constraints.is_empty()
                                    && info.constraints.iter().all(|c| assignable(db, *c, to, cx))
                            }
                        }
                    }
                    _ => false,
                }
        }
        TypeKind::AliasReference { .. } => {
            assignable(db, from, crate::alias_reference::expand_alias_reference(db, to), cx)
        }
        TypeKind::NewTypeInstance { .. } => false,
        TypeKind::Never => false,
        TypeKind::None => from.is_none(),
        // An unsolved type variable of the context (e.g. inside a generic function body, or a
        // method's `Self`): only its own values fit. An instance of the class is not a `Self`,
        // which may be any subclass.
        TypeKind::TypeVar(var) => matches!(from_kind, TypeKind::TypeVar(other) if other == var),
        TypeKind::IntLiteral(_)
        | TypeKind::BoolLiteral(_)
        | TypeKind::StrLiteral(_)
        | TypeKind::BytesLiteral(_)
        | TypeKind::EnumLiteral { .. }
        | TypeKind::Sentinel { .. } => false,
        // Every string literal is a literal string.
        TypeKind::LiteralString => matches!(from_kind, TypeKind::StrLiteral(_) | TypeKind::LiteralString),
        // Tuples with a shape on both sides were compared above.
        TypeKind::Tuple(_) => false,
        // `*X` only meets `*X` (an element of two tuples compared as a whole elsewhere).
        TypeKind::Unpacked(to_inner) => match from_kind {
            TypeKind::Unpacked(from_inner) => assignable(db, *from_inner, *to_inner, cx),
            _ => false,
        },
        TypeKind::Instance(to_class) => {
            if let TypeKind::TypeVar(var) = from_kind {
                let info = db.typevar(*var);
                if let Some(bound) = info.bound {
                    return assignable(db, bound, to, cx);
                }
                if !info.constraints.is_empty() {
                    return info.constraints.iter().all(|c| assignable(db, *c, to, cx));
                }
                return is_object(db, to_class.class);
            }
            instance_assignable(db, from, to_class, cx)
        }
        TypeKind::SubclassOf(to_class) => match from_kind {
            TypeKind::SubclassOfTypeVar(var) => {
                // `type[T]` fits `type[C]` when T's bound does.
                let bound = db
                    .typevar(*var)
                    .bound
                    .unwrap_or_else(|| db.known_instance("builtins", "object", &[]));
                let to_instance = db.intern(TypeKind::Instance(to_class.clone()));
                assignable(db, bound, to_instance, cx)
            }
            // `type[Proto]` promises a class that can be instantiated: a protocol class object
            // (which cannot) does not fit it.
            TypeKind::ClassLiteral(from_class)
                if db.class_info(from_class.class).is_protocol && db.class_info(to_class.class).is_protocol =>
            {
                false
            }
            TypeKind::ClassLiteral(from_class) | TypeKind::SubclassOf(from_class) => {
                // A bare generic class object is its default specialization (`Box` with
                // `T = TypeVar("T", default=str)` is `type[Box[str]]`).
                let from_class = if from_class.args.is_empty() {
                    db.default_specialization(from_class.class)
                } else {
                    from_class.clone()
                };
                let from_instance = db.intern(TypeKind::Instance(from_class));
                let to_instance = db.intern(TypeKind::Instance(to_class.clone()));
                assignable(db, from_instance, to_instance, cx)
            }
            _ => is_plain_type(db, from),
        },
        TypeKind::SubclassOfTypeVar(var) => match from_kind {
            TypeKind::SubclassOfTypeVar(other) => other == var,
            _ => is_plain_type(db, from),
        },
        TypeKind::ClassLiteral(to_class) => match from_kind {
            TypeKind::ClassLiteral(from_class) => from_class.class == to_class.class,
            _ => false,
        },
        TypeKind::Callable(to_signature) => match overload_items(db, from) {
            // An overloaded function fits a callable type that one of its overloads fits.
            Some(items) => items.iter().any(|item| assignable(db, *item, to, cx)),
            None => {
                let mut fits = |from_signature: Signature| {
                    let expected = crate::generic_values::expected_for(db, from, &from_signature, to_signature, false);
                    let to_signature = expected.as_ref().unwrap_or(to_signature);
                    let from_signature = crate::generic_values::instantiate_for(db, from, from_signature, to_signature);
                    signature_assignable(db, &from_signature, to_signature, cx)
                };
                // A method taken from its class body still says `Self` where the expected
                // callable was solved from that very signature (a decorator over a method).
                crate::infer::callable_value_signature(db, from).is_some_and(&mut fits)
                    || (matches!(from_kind, TypeKind::Function(_))
                        && crate::infer::callable_signature(db, from).is_some_and(&mut fits))
            }
        },
        TypeKind::Function(_) | TypeKind::BoundMethod { .. } | TypeKind::Overloaded(_) => from == to,
        TypeKind::Module(_) => from == to,
        TypeKind::SpecialForm(_) | TypeKind::KnownInstance(_) => from == to,
        // Only a type guard (handled above) is a type guard.
        TypeKind::TypeGuard { .. } => false,
        // A type form, or a class (`type[C]` spells `C`), fits when the type it spells does.
        TypeKind::TypeForm(to_form) => crate::infer::type_forms::spelled_type(db, from)
            .is_some_and(|spelled| assignable(db, spelled, *to_form, cx)),
        TypeKind::Any | TypeKind::Unknown => true,
    }
}

/// Two tuple types (fixed, mixed, `tuple[X, ...]` or named tuples), compared by shape when the
/// target is a `Tuple` or the source is one and the target is `tuple[X, ...]`; `None` for other
/// pairs, which the nominal rules compare.
fn tuples_assignable(db: &Db, from: Type, to: Type, cx: &mut Comparison) -> Option<bool> {
    let to_is_tuple = matches!(db.kind(to), TypeKind::Tuple(_));
    let from_is_tuple = matches!(db.kind(from), TypeKind::Tuple(_));
    let to_is_homogeneous =
        matches!(db.kind(to), TypeKind::Instance(ct) if db.known_class("builtins", "tuple") == Some(ct.class));
    if !(to_is_tuple || (from_is_tuple && to_is_homogeneous)) {
        return None;
    }
    let from_shape = crate::tuple_shape::shape_of(db, from)?;
    let to_shape = crate::tuple_shape::shape_of(db, to)?;
    Some(crate::tuple_shape::shape_assignable(
        &from_shape,
        &to_shape,
        &mut |f, t| assignable(db, f, t, cx),
    ))
}

/// The overloads of an overloaded function or bound method (or an instance's overloaded
/// `__call__`), each callable on its own.
pub(crate) fn overload_items(db: &Db, ty: Type) -> Option<Vec<Type>> {
    match db.kind(ty) {
        TypeKind::Overloaded(items) => Some(items.to_vec()),
        TypeKind::Instance(_) => {
            let call = crate::infer::lookup_dunder_of(db, ty, "__call__")?;
            if call == ty {
                return None;
            }
            overload_items(db, call)
        }
        // A class whose constructor is overloaded: one callable per overload.
        TypeKind::ClassLiteral(class) => crate::infer::constructor_overloads(db, class),
        TypeKind::BoundMethod { receiver, function } => match db.kind(*function) {
            TypeKind::Overloaded(items) => Some(
                items
                    .iter()
                    .map(|item| {
                        db.intern(TypeKind::BoundMethod {
                            receiver: *receiver,
                            function: *item,
                        })
                    })
                    .collect(),
            ),
            _ => None,
        },
        _ => None,
    }
}

pub(crate) fn is_object(db: &Db, class: ClassId) -> bool {
    db.known_class("builtins", "object") == Some(class)
}

fn instance_assignable(db: &Db, from: Type, to_class: &ClassType, cx: &mut Comparison) -> bool {
    if is_object(db, to_class.class) {
        return true;
    }
    // TypedDicts are structural (see `typed_dict_relation.rs`).
    if let TypeKind::Instance(from_class) = db.kind(from)
        && db.is_typed_dict(from_class.class)
    {
        if from_class.class != to_class.class && db.is_typed_dict(to_class.class) {
            return crate::typed_dict_relation::typed_dict_assignable(db, from_class, to_class, &mut |f, t| {
                assignable(db, f, t, cx)
            });
        }
        let mapping = db.known_class("typing", "Mapping");
        let dict = db.known_class("builtins", "dict");
        if let [key, value] = to_class.args[..]
            && (Some(to_class.class) == mapping || Some(to_class.class) == dict)
            && let Some(fits) = crate::typed_dict_relation::typed_dict_as_mapping(
                db,
                from_class,
                value,
                Some(to_class.class) == dict,
                &mut |f, t| assignable(db, f, t, cx),
            )
        {
            let str_type = db.known_instance("builtins", "str", &[]);
            return fits && assignable(db, str_type, key, cx);
        }
    }
    // `int` is usable where `float` or `complex` is expected (the numeric tower of the spec).
    if let Some(from_class) = fallback_instance(db, from) {
        let int = db.known_class("builtins", "int");
        let float = db.known_class("builtins", "float");
        let complex = db.known_class("builtins", "complex");
        let is_int = int.is_some_and(|int| db.is_subclass(from_class.class, int));
        let is_float = float == Some(from_class.class);
        if (Some(to_class.class) == float && is_int) || (Some(to_class.class) == complex && (is_int || is_float)) {
            return true;
        }
    }
    let Some(from_class) = fallback_instance(db, from) else {
        return false;
    };
    if db.class_info(from_class.class).has_dynamic_base && !db.is_subclass(from_class.class, to_class.class) {
        // A class with an unknown base may inherit from anything.
        let mro = db.class_info(from_class.class).mro.clone();
        if !mro.iter().any(|e| e.class == to_class.class) {
            return true;
        }
    }
    let Some(upcast) = as_instance_of(db, from, to_class.class) else {
        return false;
    };
    if to_class.args.is_empty() {
        return true;
    }
    let info = db.class_info(to_class.class);
    for (index, (from_arg, to_arg)) in upcast.args.iter().zip(to_class.args.iter()).enumerate() {
        let variance = db.parameter_variance(to_class.class, index);
        let param = info.type_params.get(index).map(|param| db.typevar(*param));
        // A `ParamSpec` argument is a parameter list held as a callable type, which is
        // contravariant in its parameters: a list of wider types is the smaller callable.
        let (from_arg, to_arg) = if param.is_some_and(|param| param.kind == crate::typevar::TypeVarKind::ParamSpec) {
            (to_arg, from_arg)
        } else {
            (from_arg, to_arg)
        };
        let ok = match variance {
            Variance::Covariant | Variance::Inferred => assignable(db, *from_arg, *to_arg, cx),
            Variance::Contravariant => assignable(db, *to_arg, *from_arg, cx),
            Variance::Invariant => assignable(db, *from_arg, *to_arg, cx) && assignable(db, *to_arg, *from_arg, cx),
        };
        if !ok {
            return false;
        }
    }
    true
}

fn signature_assignable(db: &Db, from: &Signature, to: &Signature, cx: &mut Comparison) -> bool {
    crate::signature_relation::signature_assignable(db, from, to, &mut |expected, found| {
        assignable(db, found, expected, cx)
    })
}

/// Applies a class-type substitution to a member type found on a base class.
pub fn specialize_member(db: &Db, member: Type, owner: &ClassType) -> Type {
    Substitution::for_class(db, owner).apply(db, member)
}

/// `ty` with every `Unknown` in it spelled `Any`. `Unknown` is the `Any` the checker inferred
/// (an unannotated parameter, a failed lookup) rather than one the code wrote: the two are the
/// same type, and `assert_type` compares them as such.
pub fn unknown_as_any(db: &Db, ty: Type) -> Type {
    unknown_as_any_at(db, ty, 0)
}

/// Types nest as deeply as the code that writes them; past this depth they are left as they are.
const MAX_ERASE_DEPTH: u32 = 64;

fn unknown_as_any_at(db: &Db, ty: Type, depth: u32) -> Type {
    if ty.is_unknown() {
        return Type::ANY;
    }
    if depth > MAX_ERASE_DEPTH {
        return ty;
    }
    let erase = |inner: &Type| unknown_as_any_at(db, *inner, depth + 1);
    let erase_class = |class: &ClassType| ClassType {
        class: class.class,
        args: class.args.iter().map(erase).collect(),
    };
    let kind = match db.kind(ty) {
        TypeKind::Instance(class) if !class.args.is_empty() => TypeKind::Instance(erase_class(class)),
        TypeKind::ClassLiteral(class) if !class.args.is_empty() => TypeKind::ClassLiteral(erase_class(class)),
        TypeKind::SubclassOf(class) if !class.args.is_empty() => TypeKind::SubclassOf(erase_class(class)),
        TypeKind::Tuple(elements) => TypeKind::Tuple(elements.iter().map(erase).collect()),
        TypeKind::Unpacked(inner) => TypeKind::Unpacked(erase(inner)),
        TypeKind::Union(members) => {
            let members = members.clone();
            return union(db, members.iter().map(erase));
        }
        TypeKind::Callable(signature) => {
            let mut signature = (**signature).clone();
            for parameter in &mut signature.parameters {
                parameter.ty = erase(&parameter.ty);
            }
            signature.return_type = erase(&signature.return_type);
            TypeKind::Callable(Box::new(signature))
        }
        _ => return ty,
    };
    db.intern(kind)
}

/// Whether `ty` is a plain `type`, which means `type[Any]`: like `Any` for the class it stands
/// for, it fits every `type[C]` and `type[T]`.
pub(crate) fn is_plain_type(db: &Db, ty: Type) -> bool {
    matches!(db.kind(ty), TypeKind::Instance(class)
        if class.args.is_empty() && db.known_class("builtins", "type") == Some(class.class))
}
