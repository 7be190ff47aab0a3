//! When one signature may stand in for another: the typing spec's subtyping rules for callables.
//!
//! A callable `A` fits where `B` is expected when every call that `B` accepts is also accepted by
//! `A`, with each argument valid for `A`'s parameter, and `A`'s result fits `B`'s. So each of
//! `B`'s parameters is looked for in `A`, by position for the positional ones and by name for the
//! keyword ones, with the kind preserved (a parameter `B`'s callers may pass by name must have
//! that name in `A`), the types contravariant and a default in `B` requiring one in `A`; `B`'s
//! `*args`/`**kwargs` need `A`'s; and a parameter of `A` that no call of `B` supplies must have a
//! default. `...` (or `*args: Any, **kwargs: Any`) makes a signature gradual: it takes, or may be
//! given, anything beyond the parameters listed before it. A `ParamSpec` tail (`Callable[P, R]`,
//! `*args: P.args, **kwargs: P.kwargs`) stands for unknown parameters: it matches only the same
//! `ParamSpec`, or a side that accepts any arguments.

use crate::db::Db;
use crate::ty::{Parameter, ParameterKind as Kind, Signature, Type, TypeKind, TypeVarId};
use crate::typevar::TypeVarKind;

/// A signature's parameters sorted by how calls reach them.
struct Shape<'a> {
    positional: Vec<&'a Parameter>,
    varargs: Option<&'a Parameter>,
    keyword: Vec<&'a Parameter>,
    kwargs: Option<&'a Parameter>,
    /// Takes (or, as the expected side, may be given) anything beyond the listed parameters.
    open: bool,
    /// An unsolved `ParamSpec` tail.
    tail: Option<TypeVarId>,
}

impl<'a> Shape<'a> {
    fn of(db: &Db, signature: &'a Signature) -> Self {
        let mut shape = Shape {
            positional: Vec::new(),
            varargs: None,
            keyword: Vec::new(),
            kwargs: None,
            open: signature.gradual || accepts_anything(signature),
            tail: None,
        };
        for parameter in &signature.parameters {
            match parameter.kind {
                Kind::PositionalOnly | Kind::PositionalOrKeyword => shape.positional.push(parameter),
                Kind::VarArgs => shape.varargs = Some(parameter),
                Kind::KeywordOnly => shape.keyword.push(parameter),
                Kind::KwArgs => shape.kwargs = Some(parameter),
            }
        }
        match signature.param_spec {
            // A `TypeVarTuple` tail is compared leniently: its elements are not tracked.
            Some(var) if db.typevar(var).kind == TypeVarKind::TypeVarTuple => shape.open = true,
            Some(var) => shape.tail = Some(var),
            None => {}
        }
        shape
    }

    /// The parameter a keyword argument `name` binds to (not `**kwargs`).
    fn named(&self, name: &ruff_python_ast::name::Name) -> Option<&'a Parameter> {
        self.positional
            .iter()
            .chain(self.keyword.iter())
            .find(|p| p.kind != Kind::PositionalOnly && p.name.as_ref() == Some(name))
            .copied()
    }
}

/// The signature with its positional-or-keyword parameters made positional-only: compared as
/// the expected side, the names of positional parameters no longer matter (for protocol methods
/// other than `__call__` and for overrides, whose arguments callers pass by position in practice).
pub(crate) fn ignoring_positional_names(signature: &Signature) -> Signature {
    let mut signature = signature.clone();
    for parameter in &mut signature.parameters {
        if parameter.kind == Kind::PositionalOrKeyword {
            parameter.kind = Kind::PositionalOnly;
        }
    }
    signature
}

/// A callable type with the names of its positional-only parameters dropped: they are not part
/// of the type (`Callable[[str], R]` is `(a: str, /) -> R`), so type equality ignores them.
/// Class arguments are rewritten too (a `ParamSpec` argument is a callable type).
pub(crate) fn without_positional_only_names(db: &Db, ty: Type) -> Type {
    let signature = match db.kind(ty) {
        TypeKind::Callable(signature) => signature,
        TypeKind::Instance(class) if !class.args.is_empty() => {
            let mut class = class.clone();
            class.args = class
                .args
                .iter()
                .map(|arg| without_positional_only_names(db, *arg))
                .collect();
            return db.intern(TypeKind::Instance(class));
        }
        _ => return ty,
    };
    let mut signature = (**signature).clone();
    for parameter in &mut signature.parameters {
        if parameter.kind == Kind::PositionalOnly {
            parameter.name = None;
            parameter.annotated = true;
        }
    }
    db.intern(TypeKind::Callable(Box::new(signature)))
}

/// `(*args: Any, **kwargs: Any)` (annotated so or not at all) is the same as `...`, as the typing
/// spec says: such a signature is gradual, whatever parameters precede it.
pub(crate) fn accepts_anything(signature: &Signature) -> bool {
    let dynamic = |kind| signature.parameters.iter().any(|p| p.kind == kind && p.ty.is_dynamic());
    dynamic(Kind::VarArgs) && dynamic(Kind::KwArgs)
}

/// Whether a callable with the signature `from` may be used where `to` is expected, given the
/// relation on types to compare parameter and return types with (`accepts(expected, found)`:
/// whether a value of `found`'s type fits `expected`).
pub(crate) fn signature_assignable(
    db: &Db,
    from: &Signature,
    to: &Signature,
    accepts: &mut dyn FnMut(Type, Type) -> bool,
) -> bool {
    if !accepts(to.return_type, from.return_type) {
        return false;
    }
    let a = Shape::of(db, from);
    let b = Shape::of(db, to);
    // Parameters are contravariant: what `to`'s callers pass must be accepted by `from`.
    let mut param = |b_param: &Parameter, a_param: &Parameter| accepts(a_param.ty, b_param.ty);
    if !tails_compatible(db, &a, &b) {
        return false;
    }
    for (index, b_param) in b.positional.iter().enumerate() {
        let ok = match a.positional.get(index) {
            Some(a_param) => {
                param(b_param, a_param)
                    && (!b_param.has_default || a_param.has_default)
                    && (b_param.kind == Kind::PositionalOnly
                        || (a_param.kind == Kind::PositionalOrKeyword && a_param.name == b_param.name))
            }
            None => match a.varargs {
                Some(varargs) => {
                    param(b_param, varargs)
                        && (b_param.kind == Kind::PositionalOnly
                            || b_param.name.as_ref().is_some_and(|name| {
                                a.named(name)
                                    .or(a.kwargs)
                                    .is_some_and(|by_name| param(b_param, by_name))
                            })
                            || a.open)
                }
                None => a.open,
            },
        };
        if !ok {
            return false;
        }
    }
    if !b.open
        && let Some(b_varargs) = b.varargs
    {
        // Extra positional arguments reach `from`'s remaining positional parameters, then its
        // `*args`.
        let extra_ok = a
            .positional
            .iter()
            .skip(b.positional.len())
            .all(|p| param(b_varargs, p));
        let ok = match a.varargs {
            Some(a_varargs) => param(b_varargs, a_varargs),
            None => a.open,
        };
        if !(ok && extra_ok) {
            return false;
        }
    }
    for b_param in &b.keyword {
        let Some(name) = &b_param.name else { continue };
        let ok = match a.named(name) {
            Some(a_param) => param(b_param, a_param) && (!b_param.has_default || a_param.has_default),
            None => match a.kwargs {
                Some(kwargs) => param(b_param, kwargs),
                None => a.open,
            },
        };
        if !ok {
            return false;
        }
    }
    if !b.open
        && let Some(b_kwargs) = b.kwargs
    {
        let ok = match a.kwargs {
            Some(a_kwargs) => param(b_kwargs, a_kwargs),
            None => a.open,
        };
        if !ok {
            return false;
        }
        // Keywords `to` does not name may reach `from`'s keyword parameters.
        let named_in_b = |p: &Parameter| p.name.as_ref().is_some_and(|name| b.named(name).is_some());
        let extra_ok = a
            .keyword
            .iter()
            .chain(a.positional.iter().skip(b.positional.len()))
            .filter(|p| p.kind != Kind::PositionalOnly && !named_in_b(p))
            .all(|p| param(b_kwargs, p));
        if !extra_ok {
            return false;
        }
    }
    unsupplied_have_defaults(&a, &b)
}

/// `from`'s parameters that calls of `to` may leave out must have defaults: positional ones past
/// `to`'s positional parameters (unless `to` passes them by name) and keyword-only ones `to`
/// does not name. A gradual `to` may supply anything.
fn unsupplied_have_defaults(a: &Shape<'_>, b: &Shape<'_>) -> bool {
    if b.open {
        return true;
    }
    let named_in_b = |p: &Parameter| {
        p.kind != Kind::PositionalOnly
            && p.name
                .as_ref()
                .is_some_and(|name| b.keyword.iter().any(|k| k.name.as_ref() == Some(name)))
    };
    let positional_ok = a
        .positional
        .iter()
        .skip(b.positional.len())
        .all(|p| p.has_default || named_in_b(p));
    let keyword_ok = a
        .keyword
        .iter()
        .all(|p| p.has_default || p.name.as_ref().is_some_and(|name| b.named(name).is_some()));
    positional_ok && keyword_ok
}

/// `ParamSpec` tails: the same variable on both sides, or a side that takes anything. An
/// expected tail without a match in `from` needs `from` to accept any arguments; a tail only in
/// `from` needs arguments `to`'s callers never give, unless `to` is gradual.
fn tails_compatible(db: &Db, a: &Shape<'_>, b: &Shape<'_>) -> bool {
    match (a.tail, b.tail) {
        (Some(x), Some(y)) => x == y || a.open || b.open,
        (None, Some(_)) => {
            let object = db.known_instance("builtins", "object", &[]);
            a.open
                || (a.varargs.is_some_and(|p| p.ty == object || p.ty.is_dynamic())
                    && a.kwargs.is_some_and(|p| p.ty == object || p.ty.is_dynamic()))
        }
        (Some(_), None) => b.open,
        (None, None) => true,
    }
}
