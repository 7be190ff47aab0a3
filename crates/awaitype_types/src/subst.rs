//! Type-variable substitution (specializing a generic class's members, a generic function's
//! signature) and solving (finding the substitution that makes argument types fit parameter
//! types at a call).

use rustc_hash::FxHashMap;

use crate::db::Db;
use crate::relation::union;
use crate::ty::{ClassType, FunctionType, Parameter, ParameterKind, Signature, Type, TypeKind, TypeVarId};

/// A mapping from type variables to types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Substitution {
    pub map: FxHashMap<TypeVarId, Type>,
    /// While solving: what the parameters of callable arguments say (a contravariant position,
    /// `Callable[[T], ...]` given `def (x: object)`), used only for variables nothing else
    /// determines (see [`Substitution::settle`]).
    fallbacks: Vec<(TypeVarId, Type)>,
}

impl Substitution {
    pub fn new() -> Self {
        Self::default()
    }

    /// Maps a class's type parameters to the arguments of `class_type`.
    pub fn for_class(db: &Db, class_type: &ClassType) -> Self {
        Self::for_class_with(&db.class_info(class_type.class), class_type)
    }

    /// [`Substitution::for_class`] with the class's info already at hand.
    pub fn for_class_with(info: &crate::class::ClassInfo, class_type: &ClassType) -> Self {
        let mut map = FxHashMap::default();
        for (index, param) in info.type_params.iter().enumerate() {
            let arg = class_type.args.get(index).copied().unwrap_or(Type::UNKNOWN);
            map.insert(*param, arg);
        }
        Substitution {
            map,
            fallbacks: Vec::new(),
        }
    }

    pub fn from_pairs(pairs: &[(TypeVarId, Type)]) -> Self {
        Substitution {
            map: pairs.iter().copied().collect(),
            fallbacks: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn insert(&mut self, var: TypeVarId, ty: Type) {
        self.map.insert(var, ty);
    }

    /// `Self` of `class` and of every class of its MRO stands for `value` (an attribute or
    /// method found on a base says `Self` of that base).
    pub fn insert_self_through_mro(&mut self, db: &Db, class: crate::ClassId, value: Type) {
        for entry in db.class_info(class).mro.iter() {
            self.insert(TypeVarId::SelfOf(entry.class), value);
        }
    }

    pub fn get(&self, var: TypeVarId) -> Option<Type> {
        self.map.get(&var).copied()
    }

    /// Ends solving: variables that only callable parameters determined take what those said.
    pub fn settle(&mut self, db: &Db) {
        let mut settled: FxHashMap<TypeVarId, Type> = FxHashMap::default();
        for (var, ty) in std::mem::take(&mut self.fallbacks) {
            if self.map.contains_key(&var) {
                continue;
            }
            let joined = match settled.get(&var) {
                Some(existing) => union(db, [*existing, ty]),
                None => ty,
            };
            settled.insert(var, joined);
        }
        self.map.extend(settled);
    }

    /// Pairs sorted for use as a hashable key.
    pub fn to_pairs(&self) -> Box<[(TypeVarId, Type)]> {
        let mut pairs: Vec<(TypeVarId, Type)> = self.map.iter().map(|(k, v)| (*k, *v)).collect();
        pairs.sort();
        pairs.into()
    }

    pub fn apply(&self, db: &Db, ty: Type) -> Type {
        if self.map.is_empty() {
            return ty;
        }
        self.apply_inner(db, ty, 0)
    }

    fn apply_inner(&self, db: &Db, ty: Type, depth: u32) -> Type {
        if depth > 64 {
            return ty;
        }
        let kind = db.kind(ty);
        match kind {
            TypeKind::TypeVar(var) => self.map.get(var).copied().unwrap_or(ty),
            TypeKind::SubclassOfTypeVar(var) => match self.map.get(var) {
                Some(solved) => subclass_of_instance(db, *solved),
                None => ty,
            },
            TypeKind::Instance(ct) => match self.apply_class(db, ct, depth) {
                Some(ct) => db.intern(TypeKind::Instance(ct)),
                None => ty,
            },
            TypeKind::ClassLiteral(ct) => match self.apply_class(db, ct, depth) {
                Some(ct) => db.intern(TypeKind::ClassLiteral(ct)),
                None => ty,
            },
            TypeKind::SubclassOf(ct) => match self.apply_class(db, ct, depth) {
                Some(ct) => db.intern(TypeKind::SubclassOf(ct)),
                None => ty,
            },
            // `*Ts` takes the tuple `Ts` stands for, spliced in.
            TypeKind::Tuple(elements) => match self.apply_all(db, elements, depth) {
                Some(elements) => crate::tuple_shape::tuple_of(db, elements),
                None => ty,
            },
            TypeKind::AliasReference { file, definition, args } => match self.apply_all(db, args, depth) {
                Some(args) => crate::alias_reference::alias_reference(db, *file, *definition, args),
                None => ty,
            },
            TypeKind::Unpacked(inner) => {
                let inner = *inner;
                let applied = self.apply_inner(db, inner, depth + 1);
                if applied == inner {
                    ty
                } else {
                    crate::tuple_shape::unpacked(db, applied)
                }
            }
            TypeKind::Union(elements) => match self.apply_all(db, elements, depth) {
                Some(elements) => union(db, elements),
                None => ty,
            },
            TypeKind::Callable(signature) => {
                let applied = self.apply_signature(db, signature, depth);
                if applied == **signature {
                    ty
                } else {
                    db.intern(TypeKind::Callable(Box::new(applied)))
                }
            }
            // A function value's own type variables are its own: only the types it was
            // already specialized with are rewritten.
            TypeKind::Function(function) => {
                if function.substitution.is_empty() {
                    return ty;
                }
                let values: Vec<Type> = function.substitution.iter().map(|(_, t)| *t).collect();
                match self.apply_all(db, &values, depth) {
                    Some(values) => {
                        let pairs: Box<[(TypeVarId, Type)]> = function
                            .substitution
                            .iter()
                            .zip(values)
                            .map(|((var, _), value)| (*var, value))
                            .collect();
                        db.intern(TypeKind::Function(FunctionType {
                            id: function.id,
                            substitution: pairs,
                        }))
                    }
                    None => ty,
                }
            }
            TypeKind::BoundMethod { receiver, function } => {
                let (receiver, function) = (*receiver, *function);
                let new_receiver = self.apply_inner(db, receiver, depth + 1);
                let new_function = self.apply_inner(db, function, depth + 1);
                if new_receiver == receiver && new_function == function {
                    ty
                } else {
                    db.intern(TypeKind::BoundMethod {
                        receiver: new_receiver,
                        function: new_function,
                    })
                }
            }
            TypeKind::Overloaded(items) => match self.apply_all(db, items, depth) {
                Some(items) => db.intern(TypeKind::Overloaded(items.into())),
                None => ty,
            },
            TypeKind::TypeForm(form) => {
                let form = *form;
                let applied = self.apply_inner(db, form, depth + 1);
                if applied == form {
                    ty
                } else {
                    db.intern(TypeKind::TypeForm(applied))
                }
            }
            TypeKind::TypeGuard { guarded, type_is } => {
                let (guarded, type_is) = (*guarded, *type_is);
                let applied = self.apply_inner(db, guarded, depth + 1);
                if applied == guarded {
                    ty
                } else {
                    db.intern(TypeKind::TypeGuard {
                        guarded: applied,
                        type_is,
                    })
                }
            }
            _ => ty,
        }
    }

    /// Applies to each type; `None` when nothing changed (so callers can reuse the original).
    fn apply_all(&self, db: &Db, types: &[Type], depth: u32) -> Option<Vec<Type>> {
        let applied: Vec<Type> = types.iter().map(|t| self.apply_inner(db, *t, depth + 1)).collect();
        (applied.as_slice() != types).then_some(applied)
    }

    fn apply_class(&self, db: &Db, ct: &ClassType, depth: u32) -> Option<ClassType> {
        self.apply_all(db, &ct.args, depth).map(|args| ClassType {
            class: ct.class,
            args: args.into(),
        })
    }

    pub fn apply_signature(&self, db: &Db, signature: &Signature, depth: u32) -> Signature {
        let mut applied = Signature {
            parameters: signature
                .parameters
                .iter()
                .map(|p| Parameter {
                    ty: self.apply_inner(db, p.ty, depth + 1),
                    ..p.clone()
                })
                .collect(),
            return_type: self.apply_inner(db, signature.return_type, depth + 1),
            gradual: signature.gradual,
            param_spec: signature.param_spec,
        };
        // A `*args: *Ts` whose tuple is now known takes its elements as positional parameters.
        if let Some(at) = applied.parameters.iter().position(|p| {
            crate::tuple_shape::packed_varargs(db, p).is_some_and(|packed| {
                crate::tuple_shape::shape_of(db, packed).is_some_and(|shape| {
                    !matches!(shape.variadic, Some(crate::tuple_shape::Variadic::TypeVarTuple(_)))
                        && (shape.variadic.is_none() || shape.suffix.is_empty())
                })
            })
        }) {
            let packed = crate::tuple_shape::packed_varargs(db, &applied.parameters[at]).unwrap_or(Type::UNKNOWN);
            let name = applied.parameters[at].name.clone();
            let mut expanded = Vec::new();
            if let Some(shape) = crate::tuple_shape::shape_of(db, packed) {
                for ty in &shape.prefix {
                    expanded.push(Parameter {
                        name: None,
                        kind: ParameterKind::PositionalOnly,
                        ty: *ty,
                        annotated: true,
                        has_default: false,
                    });
                }
                if let Some(crate::tuple_shape::Variadic::Homogeneous(element)) = shape.variadic {
                    expanded.push(Parameter {
                        name,
                        kind: ParameterKind::VarArgs,
                        ty: element,
                        annotated: true,
                        has_default: false,
                    });
                }
            }
            applied.parameters.splice(at..=at, expanded);
        }
        // A solved `ParamSpec` / `TypeVarTuple` tail becomes the parameters it stands for.
        if let Some(var) = signature.param_spec
            && let Some(solved) = self.map.get(&var)
        {
            match db.kind(*solved) {
                TypeKind::Callable(tail) => {
                    let keyword_only_start = applied
                        .parameters
                        .iter()
                        .position(|p| matches!(p.kind, ParameterKind::KeywordOnly | ParameterKind::KwArgs))
                        .unwrap_or(applied.parameters.len());
                    // The tail's positional parameters go before this signature's keyword-only ones.
                    let mut parameters = applied.parameters[..keyword_only_start].to_vec();
                    parameters.extend(tail.parameters.iter().cloned());
                    parameters.extend(applied.parameters[keyword_only_start..].iter().cloned());
                    applied.parameters = parameters;
                    applied.gradual |= tail.gradual;
                    applied.param_spec = tail.param_spec;
                }
                // Renamed to another variable (a class's own parameter seen from its body).
                TypeKind::TypeVar(other) if db.typevar(*other).kind == db.typevar(var).kind => {
                    applied.param_spec = Some(*other);
                }
                _ => {
                    applied.gradual = true;
                    applied.param_spec = None;
                }
            }
        }
        applied
    }
}

/// `type[X]` for an instance type `X` (a union distributes; anything else is `type`).
pub fn subclass_of_instance(db: &Db, instance: Type) -> Type {
    match db.kind(instance).clone() {
        TypeKind::Instance(class) => db.intern(TypeKind::SubclassOf(class)),
        TypeKind::Union(members) => union(db, members.iter().map(|m| subclass_of_instance(db, *m))),
        TypeKind::TypeVar(var) => db.intern(TypeKind::SubclassOfTypeVar(var)),
        TypeKind::Unknown | TypeKind::Any => instance,
        TypeKind::Never => Type::NEVER,
        // `Self` bound to `1` or `None`: the class of the value (`type[int]`, `type[NoneType]`).
        TypeKind::IntLiteral(_)
        | TypeKind::BoolLiteral(_)
        | TypeKind::StrLiteral(_)
        | TypeKind::BytesLiteral(_)
        | TypeKind::None
        | TypeKind::Tuple(_) => match crate::relation::fallback_instance(db, instance) {
            Some(class) => db.intern(TypeKind::SubclassOf(class)),
            None => db.known_instance("builtins", "type", &[]),
        },
        _ => db.known_instance("builtins", "type", &[]),
    }
}

/// Whether a type mentions any type variable.
pub fn contains_typevars(db: &Db, ty: Type) -> bool {
    let mut vars = Vec::new();
    crate::class::collect_typevars(db, ty, &mut vars);
    !vars.is_empty() || matches!(db.kind(ty), TypeKind::TypeVar(TypeVarId::SelfOf(_)))
}

/// Infers type-variable bindings so that `actual` fits `formal`, adding them to `solution`.
/// Bindings found for the same variable at several places are joined into a union.
pub fn solve(db: &Db, formal: Type, actual: Type, solution: &mut Substitution) {
    solve_inner(db, formal, actual, solution, 0);
    solution.settle(db);
}

/// [`solve`] for several pairs at once (a call's arguments): callable parameters decide only
/// the variables that no pair determines otherwise.
pub fn solve_all(db: &Db, pairs: impl IntoIterator<Item = (Type, Type)>, solution: &mut Substitution) {
    for (formal, actual) in pairs {
        solve_inner(db, formal, actual, solution, 0);
    }
    solution.settle(db);
}

/// `Callable[[int, *Ts], R]` (its parameters one `*args: *tuple[int, *Ts]`) against a callable:
/// the callable's positional parameters from that point on, as a tuple, solve the packed tuple
/// (a contravariant position, so only a fallback, like any parameter).
fn solve_packed_parameters(db: &Db, formal: &Signature, actual: &Signature, solution: &mut Substitution, depth: u32) {
    let Some((at, packed)) = formal
        .parameters
        .iter()
        .enumerate()
        .find_map(|(at, p)| crate::tuple_shape::packed_varargs(db, p).map(|packed| (at, packed)))
    else {
        return;
    };
    let mut elements = Vec::new();
    for parameter in actual.parameters.iter().skip(at) {
        match parameter.kind {
            ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword if !parameter.has_default => {
                elements.push(parameter.ty);
            }
            ParameterKind::VarArgs => match crate::tuple_shape::packed_varargs(db, parameter) {
                Some(inner) => elements.push(crate::tuple_shape::unpacked(db, inner)),
                None => elements.push(crate::tuple_shape::unpacked(
                    db,
                    crate::tuple_shape::homogeneous(db, parameter.ty),
                )),
            },
            _ => {}
        }
    }
    let actual_tuple = crate::tuple_shape::tuple_of(db, elements);
    let mut parameter = Substitution::new();
    solve_tuple(db, packed, actual_tuple, &mut parameter, depth + 1);
    parameter.settle(db);
    solution.fallbacks.extend(parameter.map);
}

/// A formal tuple (possibly with `*Ts` or `*tuple[X, ...]` in it) against an actual tuple:
/// elements that face each other are solved pairwise, and `Ts` is bound to the actual elements
/// its place covers.
fn solve_tuple(db: &Db, formal: Type, actual: Type, solution: &mut Substitution, depth: u32) {
    let Some(formal_shape) = crate::tuple_shape::shape_of(db, formal) else {
        return;
    };
    let actual_shape = match crate::tuple_shape::shape_of(db, actual) {
        Some(shape) => shape,
        // `Any` / `Unknown`: every part is unknown.
        None if actual.is_dynamic() => crate::tuple_shape::TupleShape {
            prefix: Vec::new(),
            variadic: Some(crate::tuple_shape::Variadic::Homogeneous(actual)),
            suffix: Vec::new(),
        },
        None => return,
    };
    let mut pairs = Vec::new();
    let bound = crate::tuple_shape::align_for_solving(db, &formal_shape, &actual_shape, &mut |f, a| {
        pairs.push((f, a));
    });
    for (f, a) in pairs {
        solve_inner(db, f, a, solution, depth + 1);
    }
    if let Some((var, packed)) = bound {
        let packed = crate::relation::promote_literal_for_inference(db, packed);
        let joined = match solution.get(var) {
            Some(existing) => crate::tuple_shape::join_solutions(db, existing, packed),
            None => packed,
        };
        solution.insert(var, joined);
    }
}

/// Adds `actual` to what `var` is solved to (the union of every type it was matched with).
/// An argument whose type is the parameter's type itself, type variables included (a function
/// passing its own `T` on to a method of `Box[T]`, or calling itself): those variables stand for
/// themselves. Only a fallback, so another argument that determines them still decides, and a
/// variable left unsolved does not fall to `Unknown`.
fn keep_variables_passed_through(db: &Db, formal: Type, solution: &mut Substitution) {
    let mut variables = Vec::new();
    crate::class::collect_typevars(db, formal, &mut variables);
    for var in variables {
        if db.typevar(var).kind == crate::typevar::TypeVarKind::TypeVar {
            solution.fallbacks.push((var, db.intern(TypeKind::TypeVar(var))));
        }
    }
}

fn join_solution(db: &Db, var: TypeVarId, actual: Type, solution: &mut Substitution) {
    let joined = match solution.get(var) {
        Some(existing) => union(db, [existing, actual]),
        None => actual,
    };
    solution.insert(var, joined);
}

fn solve_inner(db: &Db, formal: Type, actual: Type, solution: &mut Substitution, depth: u32) {
    if depth > 32 {
        return;
    }
    if formal == actual {
        keep_variables_passed_through(db, formal, solution);
        return;
    }
    // A recursive alias is solved against by its value, one level at a time.
    if let TypeKind::AliasReference { .. } = db.kind(formal) {
        let formal = crate::alias_reference::expand_alias_reference(db, formal);
        return solve_inner(db, formal, actual, solution, depth + 1);
    }
    if let TypeKind::AliasReference { .. } = db.kind(actual) {
        let actual = crate::alias_reference::expand_alias_reference(db, actual);
        return solve_inner(db, formal, actual, solution, depth + 1);
    }
    match db.kind(formal) {
        TypeKind::TypeVar(var) if db.typevar(*var).kind == crate::typevar::TypeVarKind::TypeVarTuple => {
            // Only met as a packed class argument's `*Ts` (see `solve_tuple`).
        }
        TypeKind::TypeVar(var) => {
            let var = *var;
            // A literal is widened to its class, unless the variable's bound admits only the
            // literal (`bound=Literal["a", "b"]`).
            let promoted = crate::relation::promote_literal_for_inference(db, actual);
            let actual = match db.typevar(var).bound {
                Some(bound) if promoted != actual && !crate::relation::is_assignable(db, promoted, bound) => actual,
                _ => promoted,
            };
            join_solution(db, var, actual, solution);
        }
        TypeKind::Union(members) => {
            let members = members.clone();
            // Match the actual (or each of its members) against the non-typevar members first;
            // a bare typevar member catches what matches nothing else.
            let actual_members: Vec<Type> = match db.kind(actual) {
                TypeKind::Union(items) => items.to_vec(),
                _ => vec![actual],
            };
            for actual_member in actual_members {
                let mut matched = false;
                for member in members.iter() {
                    if matches!(db.kind(*member), TypeKind::TypeVar(_)) {
                        continue;
                    }
                    if crate::relation::could_match(db, *member, actual_member) {
                        solve_inner(db, *member, actual_member, solution, depth + 1);
                        matched = true;
                    }
                }
                if !matched
                    && let Some(var_member) = members.iter().find(|m| matches!(db.kind(**m), TypeKind::TypeVar(_)))
                {
                    solve_inner(db, *var_member, actual_member, solution, depth + 1);
                }
            }
        }
        TypeKind::Instance(formal_class) => {
            let formal_class = formal_class.clone();
            if formal_class.args.is_empty() {
                return;
            }
            // A function or class given for a generic callback protocol: its signature solves
            // the protocol's `__call__` (`Factory[P]` with `__call__(self, app, *args: P.args)`).
            if let Some(call) = callback_protocol_signature(db, formal, &formal_class, actual) {
                solve_inner(db, call, actual, solution, depth + 1);
                return;
            }
            let Some(actual_class) = crate::relation::as_instance_of(db, actual, formal_class.class) else {
                return;
            };
            let params = db.class_info(formal_class.class).type_params.clone();
            for (position, (f, a)) in formal_class.args.iter().zip(actual_class.args.iter()).enumerate() {
                // An invariant type argument is exactly what the class was specialized with
                // (`Matrix[Literal[3]]`): a variable standing for it takes it as it is, since a
                // widened one would no longer fit.
                let invariant = params
                    .get(position)
                    .is_some_and(|param| db.typevar(*param).variance == crate::typevar::Variance::Invariant);
                match db.kind(*f) {
                    TypeKind::TypeVar(var) if invariant => join_solution(db, *var, *a, solution),
                    _ => solve_inner(db, *f, *a, solution, depth + 1),
                }
            }
        }
        TypeKind::SubclassOfTypeVar(var) => {
            let var = *var;
            let instance = match db.kind(actual) {
                TypeKind::ClassLiteral(class) | TypeKind::SubclassOf(class) => {
                    let class = if class.args.is_empty() {
                        db.default_specialization(class.class)
                    } else {
                        class.clone()
                    };
                    Some(db.intern(TypeKind::Instance(class)))
                }
                TypeKind::Unknown | TypeKind::Any => Some(actual),
                TypeKind::SubclassOfTypeVar(other) => Some(db.intern(TypeKind::TypeVar(*other))),
                // A special form (`Callable`, `Union`, ...) is no class object: `object` as the
                // solution makes the argument check that follows compare it with
                // `type[object]`, which only classes fit, instead of an unsolved `Unknown`.
                TypeKind::SpecialForm(_) => Some(db.known_instance("builtins", "object", &[])),
                _ => None,
            };
            if let Some(instance) = instance {
                let joined = match solution.get(var) {
                    Some(existing) => union(db, [existing, instance]),
                    None => instance,
                };
                solution.insert(var, joined);
            }
        }
        TypeKind::SubclassOf(formal_class) => {
            let formal_class = formal_class.clone();
            match db.kind(actual) {
                TypeKind::ClassLiteral(actual_class) | TypeKind::SubclassOf(actual_class) => {
                    let instance = db.intern(TypeKind::Instance(actual_class.clone()));
                    let formal_instance = db.intern(TypeKind::Instance(formal_class));
                    solve_inner(db, formal_instance, instance, solution, depth + 1);
                }
                _ => {}
            }
        }
        TypeKind::TypeGuard { guarded, .. } => {
            if let TypeKind::TypeGuard { guarded: actual, .. } = db.kind(actual) {
                solve_inner(db, *guarded, *actual, solution, depth + 1);
            }
        }
        TypeKind::TypeForm(form) => {
            if let Some(actual) = crate::infer::type_forms::spelled_type(db, actual) {
                solve_inner(db, *form, actual, solution, depth + 1);
            }
        }
        TypeKind::Tuple(_) => solve_tuple(db, formal, actual, solution, depth),
        TypeKind::Callable(formal_signature) => {
            let formal_signature = formal_signature.clone();
            if let Some(items) = crate::relation::overload_items(db, actual) {
                solve_from_overloads(db, formal, &formal_signature, &items, solution, depth);
                return;
            }
            if let Some(actual_signature) = crate::infer::callable_signature(db, actual) {
                let expected =
                    crate::generic_values::expected_for(db, actual, &actual_signature, &formal_signature, true);
                let actual_signature = crate::generic_values::instantiate_for(
                    db,
                    actual,
                    actual_signature,
                    expected.as_ref().unwrap_or(&formal_signature),
                );
                solve_inner(
                    db,
                    formal_signature.return_type,
                    actual_signature.return_type,
                    solution,
                    depth + 1,
                );
                // `Callable[Concatenate[A, P], R]` / `Callable[[A, *Ts], R]`: what follows the
                // leading parameters is what `P` / `Ts` stands for.
                if let Some(var) = formal_signature.param_spec {
                    let leading = formal_signature.parameters.len();
                    let positional_only = db.typevar(var).kind == crate::typevar::TypeVarKind::TypeVarTuple;
                    let rest: Vec<Parameter> = actual_signature
                        .parameters
                        .iter()
                        .skip(leading)
                        .filter(|p| {
                            !positional_only
                                || matches!(
                                    p.kind,
                                    ParameterKind::PositionalOnly
                                        | ParameterKind::PositionalOrKeyword
                                        | ParameterKind::VarArgs
                                )
                        })
                        .cloned()
                        .collect();
                    let tail = Signature {
                        parameters: rest,
                        return_type: Type::UNKNOWN,
                        gradual: actual_signature.gradual,
                        param_spec: actual_signature.param_spec,
                    };
                    if solution.get(var).is_none() {
                        solution.insert(var, db.intern(TypeKind::Callable(Box::new(tail))));
                    }
                }
                solve_packed_parameters(db, &formal_signature, &actual_signature, solution, depth);
                for (f, a) in formal_signature
                    .parameters
                    .iter()
                    .zip(actual_signature.parameters.iter())
                {
                    if matches!(
                        f.kind,
                        crate::ty::ParameterKind::VarArgs | crate::ty::ParameterKind::KwArgs
                    ) {
                        break;
                    }
                    // Contravariant: a fallback for what covariant positions leave open.
                    let mut parameter = Substitution::new();
                    solve_inner(db, f.ty, a.ty, &mut parameter, depth + 1);
                    parameter.settle(db);
                    solution.fallbacks.extend(parameter.map);
                }
            }
        }
        _ => {}
    }
}

/// The `__call__` of the protocol instance type `formal` as a callable type, when `actual` is a
/// callable value that is not itself an instance (a function, method, class or callable type).
fn callback_protocol_signature(db: &Db, formal: Type, formal_class: &crate::ClassType, actual: Type) -> Option<Type> {
    let callable_value = matches!(
        db.kind(actual),
        TypeKind::Function(_)
            | TypeKind::Overloaded(_)
            | TypeKind::BoundMethod { .. }
            | TypeKind::Callable(_)
            | TypeKind::ClassLiteral(_)
    );
    if !callable_value || !db.class_info(formal_class.class).is_protocol {
        return None;
    }
    let call = db.member(formal, "__call__")?;
    let signature = crate::infer::callable_signature(db, call)?;
    Some(db.intern(TypeKind::Callable(Box::new(signature))))
}

/// An overloaded function (or a class with overloaded constructors) given for a callable
/// parameter. With a `ParamSpec` or `TypeVarTuple` tail, which overload a call through the
/// callable reaches depends on arguments not seen yet: nothing is decided, and a `ParamSpec`
/// stays open. Otherwise the first overload that fits the callable type (its variables taken as
/// anything) solves it, as overload resolution would pick it.
fn solve_from_overloads(
    db: &Db,
    formal: Type,
    formal_signature: &Signature,
    items: &[Type],
    solution: &mut Substitution,
    depth: u32,
) {
    if let Some(var) = formal_signature.param_spec {
        if db.typevar(var).kind == crate::typevar::TypeVarKind::ParamSpec && solution.get(var).is_none() {
            let open = Signature {
                parameters: Vec::new(),
                return_type: Type::UNKNOWN,
                gradual: true,
                param_spec: None,
            };
            solution.insert(var, db.intern(TypeKind::Callable(Box::new(open))));
        }
        return;
    }
    let mut anything = Substitution::new();
    for var in crate::typevars_of(db, formal) {
        anything.insert(var, Type::UNKNOWN);
    }
    let erased = anything.apply(db, formal);
    if let Some(fitting) = items
        .iter()
        .find(|item| crate::relation::is_assignable(db, **item, erased))
    {
        solve_inner(db, formal, *fitting, solution, depth + 1);
    }
}
