//! Tuples with an unpacked part (PEP 646): `tuple[int, *tuple[str, ...], int]` and
//! `tuple[int, *Ts]`. A tuple type is a `TypeKind::Tuple` whose elements may include one
//! `TypeKind::Unpacked` element: an unbounded `tuple[X, ...]` or a `TypeVarTuple`. Every tuple
//! type, fixed, homogeneous (`Instance(tuple[X])`) or mixed, has a [`TupleShape`]: the fixed
//! elements before the unpacked part, the part itself, and the fixed elements after it. The
//! rules on tuples (assignability, solving a `TypeVarTuple`) compare shapes, so they hold for
//! every kind of tuple alike.
//!
//! The same packed form carries a `TypeVarTuple`'s value: `Array[int, str]` of a
//! `class Array(Generic[*Ts])` has the one argument `tuple[int, str]`, and a substitution maps
//! `Ts` to such a tuple, which replaces `*Ts` wherever it is unpacked.

use crate::db::Db;
use crate::relation::union;
use crate::ty::{Parameter, ParameterKind, Type, TypeKind, TypeVarId};

/// The unbounded middle of a tuple.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variadic {
    /// `*tuple[X, ...]`: any number of `X`.
    Homogeneous(Type),
    /// `*Ts`: the types a `TypeVarTuple` stands for.
    TypeVarTuple(TypeVarId),
}

/// A tuple type split around its unbounded part (see the module comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TupleShape {
    pub prefix: Vec<Type>,
    pub variadic: Option<Variadic>,
    pub suffix: Vec<Type>,
}

impl TupleShape {
    /// The fixed elements, when the tuple has a known length.
    pub fn fixed(&self) -> Option<&[Type]> {
        self.variadic.is_none().then_some(&self.prefix[..])
    }

    /// The fewest elements a value of this tuple has.
    pub fn min_len(&self) -> usize {
        self.prefix.len() + self.suffix.len()
    }
}

/// The `tuple` class's instance `tuple[element, ...]`.
pub fn homogeneous(db: &Db, element: Type) -> Type {
    db.known_instance("builtins", "tuple", &[element])
}

/// Whether `ty` is an instance of `builtins.tuple` itself (`tuple[X, ...]`).
fn homogeneous_element(db: &Db, ty: Type) -> Option<Type> {
    match db.kind(ty) {
        TypeKind::Instance(ct) if db.known_class("builtins", "tuple") == Some(ct.class) => {
            Some(ct.args.first().copied().unwrap_or(Type::UNKNOWN))
        }
        _ => None,
    }
}

/// The shape of a tuple type: fixed and mixed tuples, `tuple[X, ...]` and named tuples.
pub fn shape_of(db: &Db, ty: Type) -> Option<TupleShape> {
    match db.kind(ty) {
        TypeKind::Tuple(elements) => {
            let mut shape = TupleShape {
                prefix: Vec::new(),
                variadic: None,
                suffix: Vec::new(),
            };
            for element in elements.iter() {
                match (shape.variadic, variadic_of(db, *element)) {
                    (None, Some(variadic)) => shape.variadic = Some(variadic),
                    (None, None) => shape.prefix.push(*element),
                    (Some(_), None) => shape.suffix.push(*element),
                    // Two unbounded parts (an invalid form): any length.
                    (Some(_), Some(_)) => return Some(unbounded(Type::UNKNOWN)),
                }
            }
            Some(shape)
        }
        TypeKind::Instance(ct) => {
            if let Some(element) = homogeneous_element(db, ty) {
                return Some(unbounded(element));
            }
            db.instance_tuple_elements(ct).map(|elements| TupleShape {
                prefix: elements.to_vec(),
                variadic: None,
                suffix: Vec::new(),
            })
        }
        _ => None,
    }
}

fn unbounded(element: Type) -> TupleShape {
    TupleShape {
        prefix: Vec::new(),
        variadic: Some(Variadic::Homogeneous(element)),
        suffix: Vec::new(),
    }
}

/// What an `Unpacked` element stands for.
fn variadic_of(db: &Db, element: Type) -> Option<Variadic> {
    let TypeKind::Unpacked(inner) = db.kind(element) else {
        return None;
    };
    Some(match db.kind(*inner) {
        TypeKind::TypeVar(var) => Variadic::TypeVarTuple(*var),
        _ => Variadic::Homogeneous(homogeneous_element(db, *inner).unwrap_or(Type::UNKNOWN)),
    })
}

/// The tuple type with these elements, normalized: an unpacked tuple is spliced in (so
/// `tuple[int, *tuple[str]]` is `tuple[int, str]`), and a tuple that is only an unbounded part
/// is `tuple[X, ...]`. More than one unbounded part (an error the type expression reports)
/// gives a tuple of any length.
pub fn tuple_of(db: &Db, elements: impl IntoIterator<Item = Type>) -> Type {
    let mut out: Vec<Type> = Vec::new();
    let mut unbounded_parts = 0;
    for element in elements {
        let TypeKind::Unpacked(inner) = db.kind(element) else {
            out.push(element);
            continue;
        };
        let inner = *inner;
        if inner.is_dynamic() {
            unbounded_parts += 1;
            out.push(unpacked(db, homogeneous(db, inner)));
            continue;
        }
        match shape_of(db, inner) {
            Some(shape) => {
                out.extend(shape.prefix);
                if let Some(variadic) = shape.variadic {
                    unbounded_parts += 1;
                    out.push(variadic_element(db, variadic));
                }
                out.extend(shape.suffix);
            }
            None => {
                unbounded_parts += 1;
                out.push(element);
            }
        }
    }
    if unbounded_parts > 1 {
        return homogeneous(db, Type::UNKNOWN);
    }
    if let [only] = out[..]
        && let Some(Variadic::Homogeneous(element)) = variadic_of(db, only)
    {
        return homogeneous(db, element);
    }
    db.intern(TypeKind::Tuple(out.into()))
}

/// How many elements of an unbounded part [`with_length`] writes out at most.
const MAX_EXPANDED: usize = 64;

/// The tuple of exactly `n` elements that a value of this shape is when it has that length:
/// `None` when it cannot be that long, would repeat its unbounded part more than
/// [`MAX_EXPANDED`] times, or its unbounded part is a `TypeVarTuple`.
pub fn with_length(db: &Db, shape: &TupleShape, n: usize) -> Option<Type> {
    match shape.variadic {
        None => (shape.prefix.len() == n).then(|| tuple_of(db, shape.prefix.iter().copied())),
        // Spelled out only up to a bound: `len(t) == 10**9` must not build a billion elements.
        Some(Variadic::Homogeneous(element)) if n >= shape.min_len() && n - shape.min_len() <= MAX_EXPANDED => {
            let repeated = std::iter::repeat_n(element, n - shape.min_len());
            Some(tuple_of(
                db,
                shape
                    .prefix
                    .iter()
                    .copied()
                    .chain(repeated)
                    .chain(shape.suffix.iter().copied()),
            ))
        }
        _ => None,
    }
}

/// The `Unpacked` element of a tuple that stands for `variadic`.
fn variadic_element(db: &Db, variadic: Variadic) -> Type {
    match variadic {
        Variadic::Homogeneous(element) => unpacked(db, homogeneous(db, element)),
        Variadic::TypeVarTuple(var) => unpacked(db, db.intern(TypeKind::TypeVar(var))),
    }
}

pub fn unpacked(db: &Db, inner: Type) -> Type {
    db.intern(TypeKind::Unpacked(inner))
}

/// The union of every element a tuple of this shape may hold (`Never` for `tuple[()]`), for
/// seeing it as a `Sequence[X]`. A `TypeVarTuple`'s elements are unknown.
pub fn element_union(db: &Db, shape: &TupleShape) -> Type {
    let middle = shape.variadic.map(|variadic| match variadic {
        Variadic::Homogeneous(element) => element,
        Variadic::TypeVarTuple(_) => Type::UNKNOWN,
    });
    union(
        db,
        shape
            .prefix
            .iter()
            .copied()
            .chain(middle)
            .chain(shape.suffix.iter().copied()),
    )
}

/// Whether every value of tuple shape `from` is a value of tuple shape `to`, comparing elements
/// with `fits(from_element, to_element)`. A `tuple[Any, ...]` part on the source side stands
/// for as many elements as the target needs (the spec's bidirectional compatibility).
pub fn shape_assignable(from: &TupleShape, to: &TupleShape, fits: &mut dyn FnMut(Type, Type) -> bool) -> bool {
    let from_dynamic = matches!(from.variadic, Some(Variadic::Homogeneous(element)) if element.is_dynamic());
    let Some(target_middle) = to.variadic else {
        // A target of known length.
        return match from.variadic {
            None => from.prefix.len() == to.prefix.len() && pairs_fit(&from.prefix, &to.prefix, fits),
            Some(_) if from_dynamic => {
                from.min_len() <= to.prefix.len()
                    && pairs_fit(&from.prefix, &to.prefix[..from.prefix.len()], fits)
                    && pairs_fit(&from.suffix, &to.prefix[to.prefix.len() - from.suffix.len()..], fits)
            }
            Some(_) => false,
        };
    };
    // The target is `P, *V, S`: the source's first elements must fit `P` and its last ones `S`;
    // what is left between them must fit `V`.
    let fits_middle = |element: Type, fits: &mut dyn FnMut(Type, Type) -> bool| match target_middle {
        Variadic::Homogeneous(target) => fits(element, target),
        Variadic::TypeVarTuple(_) => false,
    };
    match from.variadic {
        None => {
            let elements = &from.prefix;
            if elements.len() < to.min_len() {
                return false;
            }
            let middle_end = elements.len() - to.suffix.len();
            pairs_fit(&elements[..to.prefix.len()], &to.prefix, fits)
                && pairs_fit(&elements[middle_end..], &to.suffix, fits)
                && elements[to.prefix.len()..middle_end]
                    .iter()
                    .all(|element| fits_middle(*element, fits))
        }
        Some(source_middle) => {
            // The source's unbounded part may be empty, so it can only stand in for the target's
            // fixed elements when it is `Any`.
            if !from_dynamic && (from.prefix.len() < to.prefix.len() || from.suffix.len() < to.suffix.len()) {
                return false;
            }
            let prefix_shared = from.prefix.len().min(to.prefix.len());
            let suffix_shared = from.suffix.len().min(to.suffix.len());
            let prefix_ok = pairs_fit(&from.prefix[..prefix_shared], &to.prefix[..prefix_shared], fits);
            let suffix_ok = pairs_fit(
                &from.suffix[from.suffix.len() - suffix_shared..],
                &to.suffix[to.suffix.len() - suffix_shared..],
                fits,
            );
            let leftovers_ok = from.prefix[prefix_shared..]
                .iter()
                .chain(&from.suffix[..from.suffix.len() - suffix_shared])
                .all(|element| fits_middle(*element, fits));
            let middle_ok = match (source_middle, target_middle) {
                (Variadic::Homogeneous(element), _) if element.is_dynamic() => true,
                (Variadic::Homogeneous(source), Variadic::Homogeneous(target)) => fits(source, target),
                (Variadic::TypeVarTuple(source), Variadic::TypeVarTuple(target)) => source == target,
                (Variadic::TypeVarTuple(_), Variadic::Homogeneous(target)) => fits(Type::ANY, target),
                (Variadic::Homogeneous(_), Variadic::TypeVarTuple(_)) => false,
            };
            prefix_ok && suffix_ok && leftovers_ok && middle_ok
        }
    }
}

fn pairs_fit(from: &[Type], to: &[Type], fits: &mut dyn FnMut(Type, Type) -> bool) -> bool {
    from.len() == to.len() && from.iter().zip(to).all(|(f, t)| fits(*f, *t))
}

/// Lines up an actual tuple with a formal one for solving: calls `element(formal, actual)` for
/// the fixed elements that face each other (and for the actual elements that face a formal
/// `*tuple[X, ...]`), and returns the formal `TypeVarTuple` with the tuple it stands for here.
pub fn align_for_solving(
    db: &Db,
    formal: &TupleShape,
    actual: &TupleShape,
    element: &mut dyn FnMut(Type, Type),
) -> Option<(TypeVarId, Type)> {
    let Some(formal_middle) = formal.variadic else {
        // A formal of known length faces an actual one of the same length.
        if let Some(actual) = actual.fixed()
            && actual.len() == formal.prefix.len()
        {
            for (f, a) in formal.prefix.iter().zip(actual) {
                element(*f, *a);
            }
        }
        return None;
    };
    // Flatten the actual: its fixed elements with its unbounded part in place.
    let mut items: Vec<Type> = actual.prefix.clone();
    let middle_at = items.len();
    if let Some(variadic) = actual.variadic {
        items.push(variadic_element(db, variadic));
    }
    items.extend(actual.suffix.iter().copied());
    let head = formal.prefix.len();
    let tail = formal.suffix.len();
    // The actual's unbounded part cannot fill a fixed formal position.
    let too_short = match actual.variadic {
        Some(_) => middle_at < head || items.len() - middle_at - 1 < tail,
        None => items.len() < head + tail,
    };
    if too_short {
        return None;
    }
    for (f, a) in formal.prefix.iter().zip(&items[..head]) {
        element(*f, *a);
    }
    for (f, a) in formal.suffix.iter().zip(&items[items.len() - tail..]) {
        element(*f, *a);
    }
    let middle = &items[head..items.len() - tail];
    match formal_middle {
        Variadic::TypeVarTuple(var) => Some((var, tuple_of(db, middle.iter().copied()))),
        Variadic::Homogeneous(formal_element) => {
            for item in middle {
                let item = match variadic_of(db, *item) {
                    Some(Variadic::Homogeneous(inner)) => inner,
                    Some(Variadic::TypeVarTuple(_)) => continue,
                    None => *item,
                };
                element(formal_element, item);
            }
            None
        }
    }
}

/// Joins two solutions of one `TypeVarTuple`: tuples of one length join element by element
/// (as the spec allows); otherwise the first solution stands, and the argument that disagrees
/// fails its check.
pub fn join_solutions(db: &Db, existing: Type, new: Type) -> Type {
    match (shape_of(db, existing), shape_of(db, new)) {
        (Some(old), Some(new)) => match (old.fixed(), new.fixed()) {
            (Some(old), Some(new)) if old.len() == new.len() => {
                tuple_of(db, old.iter().zip(new).map(|(a, b)| union(db, [*a, *b])))
            }
            _ => existing,
        },
        _ => existing,
    }
}

/// The type of a `*args` parameter that takes the arguments as the tuple `packed`: the element
/// type for `tuple[X, ...]`, otherwise `packed` unpacked.
pub fn varargs_type(db: &Db, packed: Type) -> Type {
    match homogeneous_element(db, packed) {
        Some(element) => element,
        None => unpacked(db, packed),
    }
}

/// Positional parameters that take the arguments as the tuple `packed`: one positional-only
/// parameter per element of a fixed tuple, else a `*args` of [`varargs_type`].
pub fn positional_parameters(db: &Db, packed: Type) -> Vec<Parameter> {
    let parameter = |kind, ty| Parameter {
        name: None,
        kind,
        ty,
        annotated: true,
        has_default: false,
    };
    match shape_of(db, packed) {
        Some(shape) if shape.variadic.is_none() => shape
            .prefix
            .iter()
            .map(|ty| parameter(ParameterKind::PositionalOnly, *ty))
            .collect(),
        _ => vec![parameter(ParameterKind::VarArgs, varargs_type(db, packed))],
    }
}

/// The tuple a `*args: *X` parameter's type packs its arguments into (`X`), if it is one.
pub fn packed_varargs(db: &Db, parameter: &Parameter) -> Option<Type> {
    match (parameter.kind, db.kind(parameter.ty)) {
        (ParameterKind::VarArgs, TypeKind::Unpacked(packed)) => Some(*packed),
        _ => None,
    }
}

/// `t[i]` or `t[n:]` of a tuple with an unbounded part, where the answer is exact: an index in
/// the fixed prefix (or, negative, in the suffix), or a slice that drops prefix elements.
/// `slice` is `Some(start)` for `t[start:]`, `Some(None)` for other slices; `None` is an index.
pub fn subscript(db: &Db, shape: &TupleShape, index: Option<i64>, slice: Option<Option<usize>>) -> Option<Type> {
    match slice {
        Some(start) => {
            let start = start?;
            if start > shape.prefix.len() {
                return None;
            }
            let middle = shape.variadic.map(|variadic| variadic_element(db, variadic));
            Some(tuple_of(
                db,
                shape.prefix[start..]
                    .iter()
                    .copied()
                    .chain(middle)
                    .chain(shape.suffix.iter().copied()),
            ))
        }
        None => {
            let index = index?;
            if index >= 0 {
                shape.prefix.get(usize::try_from(index).ok()?).copied()
            } else {
                let from_end = usize::try_from(index.checked_neg()?).ok()?;
                let position = shape.suffix.len().checked_sub(from_end)?;
                shape.suffix.get(position).copied()
            }
        }
    }
}

/// A tuple with an unbounded part, as unpacking into `count` targets sees it: the tuple of that
/// length when there is no starred target and it can be that long, otherwise a tuple of any
/// length. Other types are returned as they are.
pub fn for_unpacking(db: &Db, ty: Type, count: usize, starred: bool) -> Type {
    let TypeKind::Tuple(_) = db.kind(ty) else { return ty };
    let Some(shape) = shape_of(db, ty).filter(|shape| shape.variadic.is_some()) else {
        return ty;
    };
    with_length(db, &shape, count)
        .filter(|_| !starred)
        .unwrap_or_else(|| homogeneous(db, element_union(db, &shape)))
}
