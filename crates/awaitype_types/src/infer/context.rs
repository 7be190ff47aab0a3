//! Bidirectional inference: a collection display typed by the type it is expected to have.
//!
//! On its own, `[1]` is a `list[int]`, and because `list` is invariant that is not a
//! `list[float]`. Where the code says which type it wants (an annotation, a parameter, a declared
//! return type), the display is checked against that type instead: `x: list[float] = [1]` is fine
//! because every element fits `float`. The natural (context-free) type stays the one inference
//! memoizes; a contextual type is computed only where the natural one does not fit, so code that
//! already checks pays nothing.

use ruff_python_ast::{BoolOp, Expr, ExprCall};

use super::Inferrer;
use crate::relation::{filter_by_truthiness, is_assignable, union};
use crate::subst::{Substitution, solve};
use crate::ty::{Type, TypeKind};

impl Inferrer<'_> {
    /// The type of `expr` where a value of type `expected` is wanted: its contextual type when
    /// that fits `expected`, otherwise its natural type.
    pub fn infer_in_context(&mut self, expr: &'static Expr, expected: Type) -> Type {
        let natural = self.infer_expression(expr);
        if let Some(form) = self.implicit_type_form(expr, expected) {
            return form;
        }
        if is_assignable(self.db, natural, expected) {
            return natural;
        }
        match self.contextual_type(expr, expected) {
            Some(contextual) if is_assignable(self.db, contextual, expected) => contextual,
            _ => natural,
        }
    }

    /// The type a display (or an expression built from displays) has where `expected` is
    /// wanted, or `None` when the context does not change it.
    pub(crate) fn contextual_type(&mut self, expr: &'static Expr, expected: Type) -> Option<Type> {
        if let Some(form) = self.implicit_type_form(expr, expected) {
            return Some(form);
        }
        if !is_contextual(expr) {
            return None;
        }
        let db = self.db;
        // A recursive alias wants what its value wants (`Json` wants `list[Json]`, among others).
        let expected = crate::alias_reference::expand_alias_reference(db, expected);
        // Expressions that pass a value through are typed part by part, each against the
        // whole expected type.
        match expr {
            Expr::Call(call) => return self.contextual_construction(call, expected),
            Expr::If(if_expr) => {
                let body = self.infer_in_context(&if_expr.body, expected);
                let orelse = self.infer_in_context(&if_expr.orelse, expected);
                return Some(union(db, [body, orelse]));
            }
            Expr::BoolOp(bool_op) => {
                // `x or []`: the last operand is the fallback value; earlier ones are only the
                // result when they are true (`or`) or false (`and`).
                let (last, earlier) = bool_op.values.split_last()?;
                let keep_truthy = bool_op.op == BoolOp::Or;
                let mut types: Vec<Type> = earlier
                    .iter()
                    .map(|operand| {
                        let ty = self.infer_expression(operand);
                        filter_by_truthiness(db, ty, keep_truthy)
                    })
                    .collect();
                types.push(self.infer_in_context(last, expected));
                return Some(union(db, types));
            }
            Expr::Named(named) => return self.contextual_type(&named.value, expected),
            _ => {}
        }
        if let TypeKind::Union(members) = db.kind(expected) {
            // `list[int] | None`: the first member the display fits decides.
            let members = members.clone();
            return members.iter().find_map(|member| {
                self.contextual_type(expr, *member)
                    .filter(|contextual| is_assignable(db, *contextual, *member))
            });
        }
        match expr {
            Expr::List(list) => {
                let [element] = self.display_arguments("list", expected)?[..] else {
                    return None;
                };
                self.elements_fit(&list.elts, element)
                    .then(|| db.known_instance("builtins", "list", &[element]))
            }
            Expr::Set(set) => {
                let [element] = self.display_arguments("set", expected)?[..] else {
                    return None;
                };
                self.elements_fit(&set.elts, element)
                    .then(|| db.known_instance("builtins", "set", &[element]))
            }
            Expr::Dict(dict) => {
                if let Some(typed_dict) = self.typed_dict_in_context(dict, expected) {
                    return Some(typed_dict);
                }
                let [key, value] = self.display_arguments("dict", expected)?[..] else {
                    return None;
                };
                let fits = dict.items.iter().all(|item| match &item.key {
                    Some(k) => self.fits(k, key) && self.fits(&item.value, value),
                    None => {
                        let mapping = self.infer_expression(&item.value);
                        let wanted = db.known_instance("typing", "Mapping", &[key, value]);
                        is_assignable(db, mapping, wanted)
                    }
                });
                fits.then(|| db.known_instance("builtins", "dict", &[key, value]))
            }
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) => {
                // The element types are the comprehension's own: only the container is re-typed.
                let (class, natural) = match expr {
                    Expr::ListComp(_) => ("list", self.infer_expression(expr)),
                    Expr::SetComp(_) => ("set", self.infer_expression(expr)),
                    _ => ("dict", self.infer_expression(expr)),
                };
                let wanted = self.display_arguments(class, expected)?;
                let TypeKind::Instance(natural) = db.kind(natural) else {
                    return None;
                };
                let fits = natural.args.len() == wanted.len()
                    && natural
                        .args
                        .iter()
                        .zip(&wanted)
                        .all(|(have, want)| is_assignable(db, *have, *want));
                fits.then(|| db.known_instance("builtins", class, &wanted))
            }
            Expr::Tuple(tuple) if !tuple.elts.iter().any(|e| matches!(e, Expr::Starred(_))) => {
                let elements: Option<Box<[Type]>> = match db.kind(expected) {
                    TypeKind::Tuple(wanted) if wanted.len() == tuple.elts.len() => {
                        let wanted = wanted.clone();
                        Some(
                            tuple
                                .elts
                                .iter()
                                .zip(wanted.iter())
                                .map(|(element, want)| self.infer_in_context(element, *want))
                                .collect(),
                        )
                    }
                    _ => {
                        let [element] = self.display_arguments("tuple", expected)?[..] else {
                            return None;
                        };
                        Some(tuple.elts.iter().map(|e| self.infer_in_context(e, element)).collect())
                    }
                };
                elements.map(|elements| db.intern(TypeKind::Tuple(elements)))
            }
            _ => None,
        }
    }

    /// Whether `expr`, in the context of `expected`, fits it.
    fn fits(&mut self, expr: &'static Expr, expected: Type) -> bool {
        let ty = self.infer_in_context(expr, expected);
        is_assignable(self.db, ty, expected)
    }

    /// Whether every element of a list or set display fits `element` (a starred element through
    /// what it iterates).
    fn elements_fit(&mut self, elements: &'static [Expr], element: Type) -> bool {
        elements.iter().all(|e| match e {
            Expr::Starred(starred) => {
                let iterable = self.infer_expression(&starred.value);
                let wanted = self.db.known_instance("typing", "Iterable", &[element]);
                is_assignable(self.db, iterable, wanted)
            }
            other => self.fits(other, element),
        })
    }

    /// The type arguments a builtin display class (`list`) must have to be `expected`: `list`
    /// viewed as `expected`'s class (`Sequence[_T]`), solved against `expected`
    /// (`Sequence[float]` gives `[float]`). `None` when no specialization is `expected`.
    fn display_arguments(&self, class: &'static str, expected: Type) -> Option<Vec<Type>> {
        let db = self.db;
        let TypeKind::Instance(wanted) = db.kind(expected) else {
            return None;
        };
        let display_class = db.known_class("builtins", class)?;
        let info = db.class_info(display_class);
        let as_wanted = match info.mro.iter().find(|entry| entry.class == wanted.class) {
            Some(entry) => entry.clone(),
            // A protocol the display class only matches structurally (`dict` as a
            // `SupportsKeysAndGetItem[K, V]`): its view of the class's own parameters.
            None => {
                let params = info
                    .type_params
                    .iter()
                    .map(|param| db.intern(TypeKind::TypeVar(*param)));
                let generic = db.intern(TypeKind::Instance(crate::ty::ClassType {
                    class: display_class,
                    args: params.collect(),
                }));
                crate::relation::as_instance_of(db, generic, wanted.class)?
            }
        };
        // The wanted arguments are taken as they are (a `Sequence[Literal[1, 2]]` wants
        // `list[Literal[1, 2]]`): solving would widen literals as inference does.
        let mut substitution = Substitution::new();
        for (formal, wanted) in as_wanted.args.iter().zip(wanted.args.iter()) {
            if let TypeKind::TypeVar(var) = db.kind(*formal) {
                substitution.insert(*var, *wanted);
            }
        }
        if info.type_params.iter().any(|param| substitution.get(*param).is_none()) {
            let formal = db.intern(TypeKind::Instance(as_wanted));
            solve(db, formal, expected, &mut substitution);
        }
        info.type_params.iter().map(|param| substitution.get(*param)).collect()
    }
}

impl Inferrer<'_> {
    /// `C(...)` of a generic class where a `C[X]` is wanted: the type arguments the call's
    /// arguments leave open come from the wanted type rather than from their defaults
    /// (`signal: Signal[int, str] = Signal(owner)`), if the call accepts its arguments so.
    fn contextual_construction(&mut self, call: &'static ExprCall, expected: Type) -> Option<Type> {
        let db = self.db;
        let callee = self.infer_expression(&call.func);
        let TypeKind::ClassLiteral(class) = db.kind(callee) else {
            return None;
        };
        if !class.args.is_empty() || db.class_info(class.class).type_params.is_empty() {
            return None;
        }
        let wanted = match db.kind(expected) {
            TypeKind::Union(members) => members.to_vec(),
            _ => vec![expected],
        };
        let target = wanted.iter().find_map(|member| match db.kind(*member) {
            TypeKind::Instance(instance) if instance.class == class.class && !instance.args.is_empty() => {
                Some(instance.clone())
            }
            _ => None,
        })?;
        let arguments = self.infer_arguments(call);
        self.quietly_if(true, |this| this.call_constructor(&target, &arguments))
            .ok()
    }
}

/// Whether context can change the type of `expr` at all (cheap, syntactic).
fn is_contextual(expr: &Expr) -> bool {
    match expr {
        Expr::Call(_)
        | Expr::List(_)
        | Expr::Set(_)
        | Expr::Dict(_)
        | Expr::ListComp(_)
        | Expr::SetComp(_)
        | Expr::DictComp(_)
        | Expr::Tuple(_) => true,
        Expr::If(if_expr) => is_contextual(&if_expr.body) || is_contextual(&if_expr.orelse),
        Expr::BoolOp(bool_op) => bool_op.values.last().is_some_and(is_contextual),
        Expr::Named(named) => is_contextual(&named.value),
        _ => false,
    }
}
