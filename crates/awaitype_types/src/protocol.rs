//! Structural matching against protocols: a value is an instance of a protocol if it has every
//! member the protocol declares; the protocol's type arguments are solved from those members
//! (e.g. a class with `__await__` returning `Generator[Any, None, int]` is an `Awaitable[int]`).

use awaitype_semantic::DefinitionKind;

use crate::db::Db;
use crate::subst::{Substitution, solve};
use crate::ty::{ClassId, ClassType, Type, TypeKind};

/// Names every class has, which do not make up a protocol's interface.
const IGNORED_MEMBERS: &[&str] = &[
    "__slots__",
    "__doc__",
    "__module__",
    "__class_getitem__",
    "__init__",
    "__new__",
    "__parameters__",
    "__annotations__",
    "__abstractmethods__",
    "__dict__",
    "__weakref__",
    "__match_args__",
    "__init_subclass__",
    "__subclasshook__",
    "__protocol_attrs__",
    "__non_callable_proto_members__",
    "_is_protocol",
    "_is_runtime_protocol",
    "__orig_bases__",
    "__qualname__",
];

pub(crate) fn structural_instance_of(db: &Db, ty: Type, protocol: ClassId) -> Option<ClassType> {
    structural_query(db, ty, protocol)
}

/// A salsa query. A protocol whose members mention the protocol itself (`__iter__` returning an
/// `Iterator`) is matched coinductively: the fixed point starts from "it matches".
#[salsa::tracked(returns(clone), cycle_fn = structural_next_round, cycle_initial = assume_match)]
fn structural_query(db: &dyn crate::db::TypeDb, ty: Type, protocol: ClassId) -> Option<ClassType> {
    let db = db.types();
    crate::db::grow(|| compute(db, ty, protocol))
}

fn assume_match(db: &dyn crate::db::TypeDb, _id: salsa::Id, _ty: Type, protocol: ClassId) -> Option<ClassType> {
    assumed_match(db.types(), protocol)
}

fn assumed_match(db: &Db, protocol: ClassId) -> Option<ClassType> {
    let params = db.class_info(protocol).type_params.len();
    Some(ClassType {
        class: protocol,
        args: vec![Type::UNKNOWN; params].into(),
    })
}

fn structural_next_round(
    db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Option<ClassType>,
    value: Option<ClassType>,
    _ty: Type,
    protocol: ClassId,
) -> Option<ClassType> {
    crate::cycle::next_round(cycle, value, || assumed_match(db.types(), protocol))
}

fn compute(db: &Db, ty: Type, protocol: ClassId) -> Option<ClassType> {
    if matches!(db.kind(ty), TypeKind::Unknown | TypeKind::Any | TypeKind::Never) {
        return None;
    }
    let info = db.class_info(protocol);
    // Each member the protocol (or a protocol base) declares, with the candidate's own.
    let mut members: Vec<Member> = Vec::new();
    for entry in &info.mro {
        let entry_info = db.class_info(entry.class);
        if !entry_info.is_protocol {
            continue;
        }
        let Some(scope) = db.class_body_scope(entry.class, &entry_info) else {
            continue;
        };
        let index = db.index(entry.class.file);
        let to_protocol = Substitution::for_class(db, entry);
        for symbol in &index.scope(scope).symbols {
            let name = symbol.name.as_str();
            if !symbol.flags.bound && !symbol.flags.declared || IGNORED_MEMBERS.contains(&name) {
                continue;
            }
            let actual = protocol_member_of(db, ty, name)?;
            if let Some(raw) = db.own_class_member(entry.class, name) {
                let writable = symbol.flags.declared && db.final_attribute(entry.class, name).is_none();
                let class_var = writable && db.is_declared_class_var(entry.class, name);
                members.push(Member {
                    raw: to_protocol.apply(db, raw),
                    actual,
                    name,
                    writable,
                    class_var,
                    settable_property: is_settable_property(db, entry, name, raw),
                });
            }
        }
    }
    let mut solution = Substitution::new();
    for Member { raw, actual, .. } in &members {
        match db.kind(*raw).clone() {
            TypeKind::Function(function) => {
                let expected = db.signature_of_function(&function);
                if let Some(actual_signature) = crate::infer::callable_signature(db, *actual) {
                    solve(db, expected.return_type, actual_signature.return_type, &mut solution);
                    for (formal, given) in expected
                        .parameters
                        .iter()
                        .skip(1)
                        .zip(actual_signature.parameters.iter())
                    {
                        solve(db, formal.ty, given.ty, &mut solution);
                    }
                }
            }
            TypeKind::Overloaded(_) => {}
            _ => solve(db, *raw, *actual, &mut solution),
        }
    }
    let args: Box<[Type]> = info
        .type_params
        .iter()
        .map(|param| solution.get(*param).unwrap_or(Type::UNKNOWN))
        .collect();
    let solved = ClassType { class: protocol, args };
    members_compatible(db, ty, &solved, &members).then_some(solved)
}

/// One member a protocol declares, with the candidate's member of that name.
struct Member<'a> {
    /// The protocol's member, specialized to the protocol's own type parameters.
    raw: Type,
    actual: Type,
    name: &'a str,
    /// An annotated, non-`Final` member: if it is a plain attribute, it can be assigned through
    /// the protocol.
    writable: bool,
    /// A member declared `ClassVar`: the candidate's class object must have it.
    class_var: bool,
    /// A protocol property with a setter: it can be assigned through the protocol too.
    settable_property: bool,
}

/// Whether each member of `ty` has a type the (solved) protocol accepts: methods are compared as
/// callables bound to `ty`, attributes and properties by their types.
fn members_compatible(db: &Db, ty: Type, protocol: &ClassType, members: &[Member]) -> bool {
    let specialization = Substitution::for_class(db, protocol);
    for member in members {
        let (actual, is_call) = (member.actual, member.name == "__call__");
        if actual.is_dynamic() {
            continue;
        }
        let raw = specialization.apply(db, member.raw);
        let expected: Vec<Type> = match db.kind(raw).clone() {
            TypeKind::Function(function) => {
                if db.function_flags(function.id).property {
                    // Bound to the candidate: a getter annotated `self: T` returns the candidate.
                    let getter = db.bound_signature(ty, &function).return_type;
                    if member.settable_property && !writable_attribute_fits(db, ty, member.name, actual, getter) {
                        return false;
                    }
                    vec![getter]
                } else {
                    vec![method_as_callable(db, ty, &function, is_call)]
                }
            }
            // A candidate fits an overloaded member when it fits each overload.
            TypeKind::Overloaded(items) => items
                .iter()
                .filter_map(|item| match db.kind(*item) {
                    TypeKind::Function(function) => Some(method_as_callable(db, ty, function, is_call)),
                    _ => None,
                })
                .collect(),
            _ => {
                if member.writable && !writable_attribute_fits(db, ty, member.name, actual, raw) {
                    return false;
                }
                if !class_level_matches(db, ty, member) {
                    return false;
                }
                vec![raw]
            }
        };
        for expected in expected {
            // A generic member must be accepted for every value of its type variables: a
            // candidate member that is not generic itself is compared with them as they are
            // (opaque), so only a type that accepts any value of them fits. A generic candidate
            // would need unification with the member's variables; it is not compared.
            let variables = crate::class::typevars_of(db, expected);
            if !variables.is_empty()
                && (is_generic_value(db, actual) || variables.iter().any(|var| !is_method_scoped(db, protocol, *var)))
            {
                continue;
            }
            if !crate::relation::is_assignable(db, actual, expected) {
                return false;
            }
        }
    }
    true
}

/// A protocol's `ClassVar` must be an attribute of an instance's class object (not one assigned
/// only on instances); a protocol's instance attribute is not provided by a candidate `ClassVar`,
/// which cannot be assigned through the instance.
fn class_level_matches(db: &Db, ty: Type, member: &Member) -> bool {
    if let TypeKind::ClassLiteral(class) = db.kind(ty).clone() {
        return class_object_attribute_matches(db, &class, member);
    }
    let TypeKind::Instance(class) = db.kind(ty).clone() else {
        return true;
    };
    if member.class_var {
        let class_object = db.intern(TypeKind::ClassLiteral(class));
        return db.member(class_object, member.name).is_some();
    }
    !(member.writable && db.is_declared_class_var(class.class, member.name))
}

/// Whether a type variable in a protocol member belongs to the member itself (a generic
/// method's), not to the protocol (whose parameters are compared through its arguments) or its
/// `Self`.
fn is_method_scoped(db: &Db, protocol: &ClassType, var: crate::ty::TypeVarId) -> bool {
    !matches!(var, crate::ty::TypeVarId::SelfOf(_))
        && !db
            .class_info(protocol.class)
            .mro
            .iter()
            .any(|entry| db.class_info(entry.class).type_params.contains(&var))
}

/// Whether a candidate's member mentions type variables of its own (a generic method, or an
/// attribute whose type does).
fn is_generic_value(db: &Db, actual: Type) -> bool {
    let signature = match db.kind(actual) {
        TypeKind::Function(_) | TypeKind::BoundMethod { .. } | TypeKind::Overloaded(_) => {
            crate::infer::callable_signature(db, actual)
        }
        _ => None,
    };
    let ty = match signature {
        Some(signature) => db.intern(TypeKind::Callable(Box::new(signature))),
        None => actual,
    };
    !crate::class::typevars_of(db, ty).is_empty()
}

/// A class object standing in for a protocol instance provides the protocol's attributes as
/// class attributes. A protocol `ClassVar` would be an attribute of the class object's own class,
/// its metaclass. A plain protocol attribute is provided by a class attribute (`ClassVar`, or
/// bound in the body without a declaration), or by the metaclass, but not by an attribute the
/// class declares for its instances (`x: int = 0`), which only gives them a default.
fn class_object_attribute_matches(db: &Db, class: &ClassType, member: &Member) -> bool {
    let on_metaclass = || {
        db.class_info(class.class).metaclass.as_ref().is_some_and(|metaclass| {
            let instance = db.intern(TypeKind::Instance(metaclass.clone()));
            db.member(instance, member.name).is_some()
        })
    };
    if member.class_var {
        return on_metaclass();
    }
    let declared_for_instances =
        db.declaring_class_body(class.class, member.name)
            .is_some_and(|(owner, _, definitions)| {
                let index = db.index(owner.file);
                definitions.iter().any(|definition| {
                    matches!(
                        index.definition(*definition).kind,
                        DefinitionKind::AnnotatedAssignment(_)
                    )
                })
            })
            && !db.is_declared_class_var(class.class, member.name);
    !declared_for_instances || on_metaclass()
}

/// Whether the protocol member `raw` is a `@property` that has a setter.
fn is_settable_property(db: &Db, protocol: &ClassType, name: &str, raw: Type) -> bool {
    matches!(db.kind(raw), TypeKind::Function(function) if db.function_flags(function.id).property)
        && db.read_only_property_owner(protocol, name).is_none()
}

/// A plain protocol attribute can be written through the protocol, so an instance provides it
/// only with exactly that type (a narrower one would accept writes it cannot hold) and only if it
/// can be assigned: a property without a setter or a `Final` attribute does not provide it.
fn writable_attribute_fits(db: &Db, ty: Type, name: &str, actual: Type, expected: Type) -> bool {
    let TypeKind::Instance(class) = db.kind(ty).clone() else {
        return true;
    };
    if db.attribute_is_read_only(&class, name) {
        return false;
    }
    !crate::class::typevars_of(db, expected).is_empty() || crate::relation::is_assignable(db, expected, actual)
}

/// A protocol method as the callable a candidate's member must fit, bound to the candidate.
/// A protocol written in source compares parameters as the typing spec says (a parameter its
/// callers may pass by name must keep that name and kind). For the methods of protocols in
/// stubs, other than `__call__`, a positional parameter may be named anything: callers pass such
/// arguments by position in practice, and stubs mark them positional-only inconsistently.
fn method_as_callable(db: &Db, ty: Type, function: &crate::ty::FunctionType, is_call: bool) -> Type {
    let mut signature = db.bound_signature(ty, function);
    if !is_call && db.file_data(function.id.file).is_stub() {
        signature = crate::signature_relation::ignoring_positional_names(&signature);
    }
    db.intern(TypeKind::Callable(Box::new(signature)))
}

/// The member `name` of a candidate value. A callable value's `__call__` is the value itself
/// (its own signature, not that of `types.FunctionType.__call__`).
fn protocol_member_of(db: &Db, ty: Type, name: &str) -> Option<Type> {
    let callable_value = matches!(
        db.kind(ty),
        TypeKind::Function(_) | TypeKind::Overloaded(_) | TypeKind::BoundMethod { .. } | TypeKind::Callable(_)
    );
    if name == "__call__" && callable_value {
        return Some(ty);
    }
    db.member(ty, name)
}

/// The members a protocol (with its protocol bases) declares, each with whether it is a method
/// (a plain, class or static method; a property or an attribute is not).
pub(crate) fn protocol_members(db: &Db, protocol: ClassId) -> Vec<(String, bool)> {
    let info = db.class_info(protocol);
    let mut members: Vec<(String, bool)> = Vec::new();
    for entry in &info.mro {
        let entry_info = db.class_info(entry.class);
        if !entry_info.is_protocol {
            continue;
        }
        let Some(scope) = db.class_body_scope(entry.class, &entry_info) else {
            continue;
        };
        let index = db.index(entry.class.file);
        for symbol in &index.scope(scope).symbols {
            let name = symbol.name.as_str();
            if !symbol.flags.bound && !symbol.flags.declared
                || IGNORED_MEMBERS.contains(&name)
                || members.iter().any(|(seen, _)| seen == name)
            {
                continue;
            }
            let is_method = match db.own_class_member(entry.class, name).map(|ty| db.kind(ty).clone()) {
                Some(TypeKind::Function(function)) => !db.function_flags(function.id).property,
                Some(TypeKind::Overloaded(_)) => true,
                _ => false,
            };
            members.push((name.to_string(), is_method));
        }
    }
    members
}
