//! Narrowing: the semantic index records which conditions are known to hold for each definition
//! reaching a use (`if x is not None:`, `isinstance(x, C)`, `assert x`, early returns); here each
//! condition is applied to the definition's type. A condition the checker does not understand
//! leaves the type as it is, so narrowing can only make types more precise, never wrong.

use awaitype_semantic::{Bindings, DefinitionId, ExprKey, Predicate, same_place};
use ruff_python_ast::{CmpOp, Expr};

use crate::infer::Inferrer;
use crate::infer::expr::compare_integers;
use crate::relation::{filter_by_truthiness, is_assignable, union};
use crate::ty::{ClassType, Type, TypeKind};

impl Inferrer<'_> {
    /// The union of the types of the reaching definitions, each narrowed by the conditions
    /// known to hold for it.
    pub(crate) fn narrowed_bindings_type(&mut self, bindings: &Bindings) -> Type {
        let db = self.db;
        if bindings.narrowing.is_empty() {
            return db.bindings_type(self.file, bindings);
        }
        let mut definitions = bindings.definitions.clone();
        definitions.sort_unstable();
        let types: Vec<Type> = definitions
            .iter()
            .map(|definition| {
                let ty = db.definition_type(self.file, *definition);
                self.narrow_by_alternatives(ty, bindings, *definition, |subject| matches!(subject, Expr::Name(_)))
            })
            .collect();
        union(db, types)
    }

    /// `ty` narrowed by the conditions recorded for `definition` whose subject `applies`: the
    /// union, over the groups of paths, of the type narrowed by that group's conditions.
    fn narrow_by_alternatives(
        &mut self,
        ty: Type,
        bindings: &Bindings,
        definition: DefinitionId,
        applies: impl Fn(&Expr) -> bool,
    ) -> Type {
        let Some(alternatives) = bindings.alternatives_of(definition) else {
            return ty;
        };
        let alternatives = alternatives.to_vec();
        let narrowed: Vec<Type> = alternatives
            .iter()
            .map(|predicates| {
                predicates.iter().fold(ty, |ty, id| {
                    let predicate = self.index.predicate(*id);
                    // A path through a swallowed exception exists only if the manager swallows.
                    if let Predicate::Swallowed { call } = predicate {
                        return if self.db.path_call_may_continue(self.file, call) {
                            ty
                        } else {
                            Type::NEVER
                        };
                    }
                    // Conditions on `name.attr` are recorded on `name` but narrow the attribute.
                    // A condition met again while it is being applied (a loop assigning a place
                    // from itself) is skipped rather than followed forever.
                    if predicate.place().is_some_and(&applies) && self.narrowing_active.insert(*id) {
                        let narrowed = self.narrow(ty, predicate);
                        self.narrowing_active.remove(id);
                        narrowed
                    } else {
                        ty
                    }
                })
            })
            .collect();
        let result = union(self.db, narrowed);
        // Keep the declared order of members (`int | None`, not `None | int`) when the groups
        // of paths only selected some of them.
        let (original, selected) = (members(self.db, ty), members(self.db, result));
        if selected.iter().all(|member| original.contains(member)) {
            return union(self.db, original.into_iter().filter(|member| selected.contains(member)));
        }
        result
    }

    /// The classes an `isinstance` second argument names; a union written `int | str` is a
    /// `types.UnionType` object at runtime, read back as the type it spells.
    fn classinfo(&mut self, classinfo: &'static Expr) -> Type {
        let value = self.infer_expression(classinfo);
        if let Expr::BinOp(_) = classinfo
            && class_list(self, value).is_none()
        {
            let spelled = self.quietly_if(true, |inferrer| inferrer.type_expression(classinfo));
            let db = self.db;
            let as_classes: Vec<Type> = members(db, spelled)
                .into_iter()
                .map(|member| match db.kind(member) {
                    TypeKind::Instance(class) => db.intern(TypeKind::ClassLiteral(class.clone())),
                    _ => Type::UNKNOWN,
                })
                .collect();
            return union(db, as_classes);
        }
        value
    }

    /// A name read from an enclosing scope, narrowed by the conditions tested in this one.
    pub(crate) fn narrow_enclosing(&mut self, bindings: &Bindings, ty: Type) -> Type {
        self.narrow_by_alternatives(ty, bindings, DefinitionId::ENCLOSING, |subject| {
            matches!(subject, Expr::Name(_))
        })
    }

    /// `a.b.c` (or `a["k"][0]`) read where conditions on that same place hold (recorded on the bindings of `a`,
    /// and replaced when the place is assigned): narrowed per reaching definition of `a`.
    pub(crate) fn narrow_place(&mut self, place: &'static Expr, ty: Type) -> Type {
        let Some(root) = place_root_expr(place) else { return ty };
        let Some(use_) = self.index.use_of(root) else { return ty };
        if use_.bindings.narrowing.is_empty() {
            return ty;
        }
        let bindings = use_.bindings.clone();
        let definitions = if bindings.definitions.is_empty() {
            vec![DefinitionId::ENCLOSING]
        } else {
            bindings.definitions.to_vec()
        };
        let narrowed: Vec<Type> = definitions
            .iter()
            .map(|definition| {
                self.narrow_by_alternatives(ty, &bindings, *definition, |subject| same_place(subject, place))
            })
            .collect();
        union(self.db, narrowed)
    }

    fn narrow(&mut self, ty: Type, predicate: Predicate) -> Type {
        let ty = crate::alias_reference::expand_alias_reference(self.db, ty);
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.narrow_inner(ty, predicate))
    }

    fn narrow_inner(&mut self, ty: Type, predicate: Predicate) -> Type {
        match predicate {
            Predicate::Condition { test, positive } => self.narrow_by_condition(ty, test, positive),
            Predicate::Assignment { value, .. } => {
                let value = self.infer_expression(value);
                narrow_to_assigned(self, ty, value)
            }
            Predicate::AugmentedAssignment { statement, .. } => {
                // The operands are reported where the statement is checked.
                let left = self.infer_expression(&statement.target);
                let right = self.infer_expression(&statement.value);
                let result = self.quietly_if(true, |inferrer| {
                    inferrer.augmented_operation(left, statement.op, right, &statement.target)
                });
                narrow_to_assigned(self, ty, result)
            }
            Predicate::Entered { item, is_async, .. } => {
                let manager = self.infer_expression(&item.context_expr);
                let entered = self.enter_context(manager, &item.context_expr, is_async, false);
                narrow_to_assigned(self, ty, entered)
            }
            Predicate::Pattern { pattern, positive, .. } => self.narrow_by_pattern(ty, pattern, positive),
            Predicate::Swallowed { .. } => ty,
        }
    }

    /// `ty` where `test` is known to be true (`positive`) or false.
    fn narrow_by_condition(&mut self, ty: Type, test: &'static Expr, positive: bool) -> Type {
        match test {
            Expr::Name(_) | Expr::Named(_) | Expr::Attribute(_) | Expr::Subscript(_) => truthy(self, ty, positive),
            Expr::UnaryOp(_) => {
                let (operand, negated) = awaitype_semantic::peel_not(test);
                if std::ptr::eq(operand, test) {
                    return ty;
                }
                self.narrow(
                    ty,
                    Predicate::Condition {
                        test: operand,
                        positive: positive != negated,
                    },
                )
            }
            Expr::BoolOp(bool_op) => {
                // Known true `a or b` (or known false `a and b`): one operand decided it, so the
                // type is the union of what each would narrow to. The other way round, every
                // operand holds in turn.
                let any_holds = (bool_op.op == ruff_python_ast::BoolOp::Or) == positive;
                let operand = |test| Predicate::Condition { test, positive };
                if any_holds {
                    let narrowed: Vec<Type> = bool_op
                        .values
                        .iter()
                        .map(|value| self.narrow(ty, operand(value)))
                        .collect();
                    union(self.db, narrowed)
                } else {
                    bool_op
                        .values
                        .iter()
                        .fold(ty, |ty, value| self.narrow(ty, operand(value)))
                }
            }
            Expr::Compare(compare) => {
                let [op] = &compare.ops[..] else { return ty };
                let [right] = &compare.comparators[..] else { return ty };
                if let Expr::Call(call) = &*compare.left {
                    let callee = self.infer_expression(&call.func);
                    if self.db.known_class("builtins", "type").is_some_and(
                        |type_class| matches!(self.db.kind(callee), TypeKind::ClassLiteral(c) if c.class == type_class),
                    ) {
                        return self.narrow_by_exact_type(ty, *op, right, positive);
                    }
                    // `len(x) == n`: the subject is `x`.
                    let length = self.infer_expression(right);
                    let TypeKind::IntLiteral(n) = *self.db.kind(length) else {
                        return ty;
                    };
                    if !is_builtin_function(self, callee, "len") {
                        return ty;
                    }
                    // Whether a length agrees with the comparison as it is known to hold (or not).
                    let fits = |len: i64| compare_integers(*op, len, n).map(|holds| holds == positive);
                    if fits(0).is_none() {
                        return ty;
                    }
                    // `len(x) == n` known to hold: a tuple of unbounded length has exactly `n`.
                    let exact = match op {
                        ruff_python_ast::CmpOp::Eq if positive => Some(n),
                        ruff_python_ast::CmpOp::NotEq if !positive => Some(n),
                        _ => None,
                    };
                    return narrow_by_length(self.db, ty, exact, |len| fits(len).unwrap_or(true));
                }
                match op {
                    CmpOp::Is | CmpOp::IsNot => {
                        let holds = (*op == CmpOp::Is) == positive;
                        let target = self.infer_expression(right);
                        if !holds && let Some(class) = final_class_object(self.db, target) {
                            // A final class has no subclasses: `type[C]` is that one object.
                            let db = self.db;
                            let kept: Vec<Type> = members(db, ty)
                                .into_iter()
                                .filter(|member| {
                                    !matches!(db.kind(*member),
                                        TypeKind::ClassLiteral(c) | TypeKind::SubclassOf(c) if c.class == class)
                                })
                                .collect();
                            return union(db, kept);
                        }
                        if is_singleton(self, target) {
                            narrow_to_value(self, ty, target, holds)
                        } else if holds {
                            // The very same object: whatever it is, it is also of the
                            // compared value's type (`x is Color.RED` makes `x` a `Color`).
                            intersect(self.db, ty, target)
                        } else {
                            ty
                        }
                    }
                    CmpOp::Eq | CmpOp::NotEq => {
                        let holds = (*op == CmpOp::Eq) == positive;
                        let target = self.infer_expression(right);
                        // `==` can be overridden, so only literal and `None` values are trusted,
                        // and values whose equality is identity (enum members).
                        if is_literal_or_none(self, target) || (!holds && self.is_identity_member(target)) {
                            narrow_to_value(self, ty, target, holds)
                        } else if holds && self.has_identity_equality(target) {
                            self.narrow_to_equal(ty, target)
                        } else {
                            ty
                        }
                    }
                    CmpOp::In | CmpOp::NotIn => {
                        let holds = (*op == CmpOp::In) == positive;
                        self.narrow_by_membership(ty, right, holds)
                    }
                    _ => ty,
                }
            }
            Expr::Call(call) => {
                let callee = self.infer_expression(&call.func);
                let builtin = match &*call.func {
                    Expr::Name(func) => ["isinstance", "issubclass", "callable", "hasattr"]
                        .into_iter()
                        .find(|name| func.id.as_str() == *name && is_builtin_function(self, callee, name)),
                    _ => None,
                };
                let Some(builtin) = builtin else {
                    return self.narrow_by_guard(ty, test, callee, positive);
                };
                match (builtin, &call.arguments.args[..]) {
                    ("isinstance", [_, classinfo]) => {
                        let classes = self.classinfo(classinfo);
                        match class_list(self, classes) {
                            Some(classes) => narrow_isinstance(self, ty, &classes, positive, false),
                            None => ty,
                        }
                    }
                    ("issubclass", [_, classinfo]) => {
                        let classes = self.classinfo(classinfo);
                        match class_list(self, classes) {
                            Some(classes) => narrow_isinstance(self, ty, &classes, positive, true),
                            None => ty,
                        }
                    }
                    ("callable", [_]) => narrow_callable(self, ty, positive),
                    ("hasattr", [_, Expr::StringLiteral(attribute)]) => {
                        narrow_hasattr(self.db, ty, attribute.value.to_str(), positive)
                    }
                    _ => ty,
                }
            }
            _ => ty,
        }
    }
}

impl Inferrer<'_> {
    /// `type(x) is C` (or `==`): known to hold, `x` is exactly a `C`, so only the members that
    /// may be one stay, as `C`; known not to hold, a member is ruled out only when its class is
    /// `C` and `C` is final (a subclass of any other class passes the test's negation).
    fn narrow_by_exact_type(
        &mut self,
        ty: Type,
        op: ruff_python_ast::CmpOp,
        right: &'static Expr,
        positive: bool,
    ) -> Type {
        use ruff_python_ast::CmpOp;
        let holds = match op {
            CmpOp::Is | CmpOp::Eq => positive,
            CmpOp::IsNot | CmpOp::NotEq => !positive,
            _ => return ty,
        };
        let db = self.db;
        let TypeKind::ClassLiteral(class) = db.kind(self.infer_expression(right)).clone() else {
            return ty;
        };
        if ty.is_dynamic() {
            return if holds {
                db.intern(TypeKind::Instance(class))
            } else {
                ty
            };
        }
        let exact = db.intern(TypeKind::Instance(class.clone()));
        let kept: Vec<Type> = members(db, ty)
            .into_iter()
            .filter_map(|member| {
                if holds {
                    // `C` may be the member's class or a subclass of it.
                    (member.is_dynamic() || is_assignable(db, exact, member)).then_some(exact)
                } else {
                    let same_final = matches!(db.kind(member), TypeKind::Instance(m) if m.class == class.class)
                        && db.is_final_class(class.class);
                    (!same_final).then_some(member)
                }
            })
            .collect();
        union(db, kept)
    }

    /// `f(x)` where `f` returns `TypeIs[T]` (true: `x` is a `T`; false: it is not) or
    /// `TypeGuard[T]` (true: `x` is a `T`; false says nothing). Only callees that may return a
    /// guard have the call inferred.
    fn narrow_by_guard(&mut self, ty: Type, call: &'static Expr, callee: Type, positive: bool) -> Type {
        if !may_return_guard(self.db, callee) {
            return ty;
        }
        self.infer_expression(call);
        let Some(guard) = self.guards.get(&ExprKey::of(call)).copied() else {
            return ty;
        };
        let TypeKind::TypeGuard { guarded, type_is } = *self.db.kind(guard) else {
            return ty;
        };
        match (positive, type_is) {
            (true, true) => intersect(self.db, ty, guarded),
            (true, false) => guarded,
            (false, true) => subtract(self.db, ty, guarded),
            (false, false) => ty,
        }
    }
}

impl Inferrer<'_> {
    /// Whether values of `ty` compare equal only to themselves: their class's `__eq__` is
    /// `object`'s, as for plain `Enum` members and `None` (not `IntEnum`, whose members equal
    /// integers).
    pub(super) fn has_identity_equality(&self, ty: Type) -> bool {
        let db = self.db;
        if ty.is_dynamic() || matches!(db.kind(ty), TypeKind::Union(_) | TypeKind::TypeVar(_)) {
            return false;
        }
        let Some(instance) = crate::relation::fallback_instance(db, ty) else {
            return false;
        };
        db.class_member_owner(&instance, "__eq__")
            .is_some_and(|owner| Some(owner.class) == db.known_class("builtins", "object"))
    }

    /// An enum member whose equality is identity: `x == Color.RED` and `x is Color.RED` say the
    /// same, so when false, that member is ruled out.
    pub(super) fn is_identity_member(&self, value: Type) -> bool {
        matches!(self.db.kind(value), TypeKind::EnumLiteral { .. }) && self.has_identity_equality(value)
    }

    /// `x == value` holds for a `value` that equals only itself: `x` is that same object,
    /// unless its own `__eq__` (tried first) may say otherwise.
    pub(super) fn narrow_to_equal(&self, ty: Type, value: Type) -> Type {
        let db = self.db;
        if ty.is_dynamic() {
            return value;
        }
        let narrowed: Vec<Type> = members(db, ty)
            .into_iter()
            .map(|member| {
                if member.is_dynamic() || is_assignable(db, value, member) {
                    value
                } else if is_assignable(db, member, value) || !self.has_identity_equality(member) {
                    member
                } else {
                    Type::NEVER
                }
            })
            .collect();
        union(db, narrowed)
    }
}

impl Inferrer<'_> {
    /// `x in container` (`holds`) or `x not in container`. Membership is equality (or identity)
    /// with some element, so a container of literals and `None` narrows like `==` with each of
    /// them; any other container, when `x` is in it, rules out the members of `x` that can
    /// equal nothing it holds (`None` in a `list[str]`).
    fn narrow_by_membership(&mut self, ty: Type, container: &'static Expr, holds: bool) -> Type {
        let db = self.db;
        let displayed = match container {
            Expr::Tuple(tuple) => Some(&tuple.elts[..]),
            Expr::List(list) => Some(&list.elts[..]),
            Expr::Set(set) => Some(&set.elts[..]),
            _ => None,
        };
        let values: Option<Vec<Type>> = match displayed {
            Some(elements) if !elements.iter().any(|e| matches!(e, Expr::Starred(_))) => {
                Some(elements.iter().map(|e| self.infer_expression(e)).collect())
            }
            Some(_) => None,
            None => match db.kind(self.infer_expression(container)) {
                TypeKind::Tuple(elements) => Some(elements.to_vec()),
                _ => None,
            },
        };
        if let Some(values) = values
            && values
                .iter()
                .all(|value| is_literal_or_none(self, *value) || self.is_identity_member(*value))
        {
            return if holds {
                let narrowed: Vec<Type> = values
                    .iter()
                    .map(|value| narrow_to_value(self, ty, *value, true))
                    .collect();
                union(db, narrowed)
            } else {
                values
                    .iter()
                    .fold(ty, |ty, value| narrow_to_value(self, ty, *value, false))
            };
        }
        if !holds || ty.is_dynamic() {
            return ty;
        }
        let container_type = self.infer_expression(container);
        let Some(element) = self.iteration_element(container_type) else {
            return ty;
        };
        if element.is_dynamic() || crate::relation::has_dynamic_member(db, element) {
            return ty;
        }
        let kept: Vec<Type> = members(db, ty)
            .into_iter()
            .filter(|member| {
                member.is_dynamic()
                    || is_assignable(db, *member, element)
                    || is_assignable(db, element, *member)
                    || members(db, element).iter().any(|e| is_assignable(db, *e, *member))
                    || !self.has_identity_equality(*member)
            })
            .collect();
        union(db, kept)
    }
}

/// Whether calling `callee` may give a type guard: functions say so in their return type;
/// classes never do; other callables (objects with `__call__`, unions) are asked by a call.
fn may_return_guard(db: &crate::db::Db, callee: Type) -> bool {
    let returns_guard = |function: Type| {
        crate::infer::callable_signature(db, function)
            .is_some_and(|signature| matches!(db.kind(signature.return_type), TypeKind::TypeGuard { .. }))
    };
    match db.kind(callee) {
        TypeKind::Function(_) | TypeKind::Callable(_) => returns_guard(callee),
        TypeKind::BoundMethod { receiver, function } => match db.kind(*function) {
            TypeKind::Overloaded(items) => items.iter().any(|item| {
                returns_guard(db.intern(TypeKind::BoundMethod {
                    receiver: *receiver,
                    function: *item,
                }))
            }),
            _ => returns_guard(callee),
        },
        TypeKind::Overloaded(items) => items.iter().any(|item| returns_guard(*item)),
        TypeKind::ClassLiteral(_) | TypeKind::SubclassOf(_) | TypeKind::Unknown | TypeKind::Any => false,
        _ => true,
    }
}

/// The part of `ty` that is also a `target`: members that are `target`s stay, members that
/// `target` (or some member of it) subclasses become that; a gradual `ty` becomes `target`.
/// Type variables are kept as they are, and so is everything when `target` is partly unknown;
/// when nothing overlaps, the result is `target`.
fn intersect(db: &crate::db::Db, ty: Type, target: Type) -> Type {
    // A partly unknown target (or one that is a type variable of the context) says too little
    // to throw away what `ty` already says.
    let targets = members(db, target);
    if targets
        .iter()
        .any(|t| t.is_dynamic() || matches!(db.kind(*t), TypeKind::TypeVar(_)))
    {
        return ty;
    }
    if ty.is_dynamic() {
        return target;
    }
    let mut narrowed = Vec::new();
    for member in members(db, ty) {
        if member.is_dynamic() {
            narrowed.extend(targets.iter().copied());
        } else if matches!(db.kind(member), TypeKind::TypeVar(_)) || is_assignable(db, member, target) {
            narrowed.push(member);
        } else {
            narrowed.extend(targets.iter().copied().filter(|t| is_assignable(db, *t, member)));
        }
    }
    // Unrelated classes can still have a common subclass: rather than `Never` (which would
    // silence the code it guards), the value is known to be a `target`.
    if narrowed.is_empty() && !ty.is_never() {
        return target;
    }
    union(db, narrowed)
}

/// `ty` without the members that are certainly `target`s.
fn subtract(db: &crate::db::Db, ty: Type, target: Type) -> Type {
    let kept: Vec<Type> = members(db, ty)
        .into_iter()
        .filter(|member| {
            member.is_dynamic()
                || matches!(db.kind(*member), TypeKind::TypeVar(_))
                || !is_assignable(db, *member, target)
        })
        .collect();
    union(db, kept)
}

pub(super) fn members(db: &crate::db::Db, ty: Type) -> Vec<Type> {
    match db.kind(ty) {
        TypeKind::Union(members) => members.to_vec(),
        _ => vec![ty],
    }
}

/// `if x:` / `if not x:`. `bool` splits into its two literals so that `if flag:` knows `flag` is
/// `Literal[True]`.
fn truthy(inferrer: &mut Inferrer<'_>, ty: Type, positive: bool) -> Type {
    let db = inferrer.db;
    let bool_class = db.known_class("builtins", "bool");
    let expanded: Vec<Type> = members(db, ty)
        .into_iter()
        .flat_map(|member| match db.kind(member) {
            TypeKind::Instance(class) if Some(class.class) == bool_class => vec![Type::TRUE, Type::FALSE],
            _ => vec![member],
        })
        .collect();
    if expanded.len() == 1 && expanded[0] == ty {
        // A value that is always falsy (`None`) is never truthy, and the other way round.
        if crate::relation::static_truthiness(db, ty) == Some(!positive) {
            return Type::NEVER;
        }
        return filter_by_truthiness(db, ty, positive);
    }
    let kept: Vec<Type> = expanded
        .into_iter()
        .filter(|member| crate::relation::static_truthiness(db, *member) != Some(!positive))
        .collect();
    union(db, kept)
}

/// The class, when `ty` is the class object of a final class (its only value of `type[C]`).
fn final_class_object(db: &crate::db::Db, ty: Type) -> Option<crate::ty::ClassId> {
    match db.kind(ty) {
        TypeKind::ClassLiteral(class) if db.is_final_class(class.class) => Some(class.class),
        _ => None,
    }
}

fn is_singleton(inferrer: &Inferrer<'_>, ty: Type) -> bool {
    matches!(
        inferrer.db.kind(ty),
        TypeKind::None | TypeKind::BoolLiteral(_) | TypeKind::EnumLiteral { .. } | TypeKind::Sentinel { .. }
    )
}

pub(super) fn is_literal_or_none(inferrer: &Inferrer<'_>, ty: Type) -> bool {
    matches!(
        inferrer.db.kind(ty),
        TypeKind::None
            | TypeKind::BoolLiteral(_)
            | TypeKind::IntLiteral(_)
            | TypeKind::StrLiteral(_)
            | TypeKind::BytesLiteral(_)
    )
}

/// `x is None` / `x == "a"` (`holds`) or their negation: keep the members that can be (or can be
/// other than) that single value.
pub(super) fn narrow_to_value(inferrer: &mut Inferrer<'_>, ty: Type, value: Type, holds: bool) -> Type {
    let db = inferrer.db;
    if ty.is_dynamic() {
        return if holds { value } else { ty };
    }
    let mut parts = members(db, ty);
    if !holds {
        parts = expand_enum_of_value(db, parts, value);
    }
    let narrowed: Vec<Type> = if holds {
        parts
            .into_iter()
            .filter_map(|member| {
                if member == value {
                    Some(member)
                } else if member.is_dynamic() || is_assignable(db, value, member) {
                    // A wider type (`int`, `object`, `Optional`) may hold the value.
                    Some(value)
                } else {
                    None
                }
            })
            .collect()
    } else {
        // Only a member that *is* the value (a singleton or a literal) is excluded; `bool` is
        // `Literal[True, False]`, so `x is not True` leaves `Literal[False]`.
        let bool_class = db.known_class("builtins", "bool");
        let split_bool = |member: Type| match (db.kind(member), db.kind(value)) {
            (TypeKind::Instance(class), TypeKind::BoolLiteral(b)) if Some(class.class) == bool_class => {
                db.intern(TypeKind::BoolLiteral(!b))
            }
            _ => member,
        };
        parts
            .into_iter()
            .filter(|member| *member != value)
            .map(split_bool)
            .collect()
    };
    union(db, narrowed)
}

/// The members of a union, with the enum that `value` is a member of split into its member
/// literals (a `Flag` stays whole), so that ruling out `value` leaves the others.
fn expand_enum_of_value(db: &crate::db::Db, parts: Vec<Type>, value: Type) -> Vec<Type> {
    let TypeKind::EnumLiteral { class, .. } = db.kind(value) else {
        return parts;
    };
    parts
        .into_iter()
        .flat_map(|part| match db.kind(part) {
            TypeKind::Instance(instance) if instance.class == *class => {
                db.expanded_enum(part).unwrap_or_else(|| vec![part])
            }
            _ => vec![part],
        })
        .collect()
}

/// `len(x) == n`, `len(x) < n`, ...: a tuple of fixed length is kept only if its length `fits`
/// the comparison as it is known to hold; a tuple with a `*tuple[X, ...]` part becomes the
/// tuple of `exact` elements when the length is known exactly, and is dropped when it cannot be
/// that long; other members (sequences of any length) stay.
fn narrow_by_length(db: &crate::db::Db, ty: Type, exact: Option<i64>, fits: impl Fn(i64) -> bool) -> Type {
    use crate::tuple_shape::{Variadic, shape_of, with_length};
    let kept: Vec<Type> = members(db, ty)
        .into_iter()
        .filter_map(|member| {
            let TypeKind::Tuple(_) = db.kind(member) else {
                return Some(member);
            };
            let shape = shape_of(db, member)?;
            match (shape.variadic, exact.and_then(|n| usize::try_from(n).ok())) {
                (None, _) => i64::try_from(shape.prefix.len()).map_or(true, &fits).then_some(member),
                (Some(Variadic::Homogeneous(_)), Some(n)) if n < shape.min_len() => None,
                (Some(Variadic::Homogeneous(_)), Some(n)) => Some(with_length(db, &shape, n).unwrap_or(member)),
                _ => Some(member),
            }
        })
        .collect();
    union(db, kept)
}

/// `hasattr(x, "name")`: when true, a member that lacks the attribute is still possible (a
/// subclass may add it) unless its class is final, and it is then of an unknown type that has
/// the attribute, so it becomes `Unknown`. When false, nothing is removed: a declared attribute
/// may not be set yet (`if not hasattr(self, "_cache"): self._cache = ...`).
fn narrow_hasattr(db: &crate::db::Db, ty: Type, attribute: &str, positive: bool) -> Type {
    if !positive {
        return ty;
    }
    let narrowed: Vec<Type> = members(db, ty)
        .into_iter()
        .filter_map(|member| {
            if member.is_dynamic() {
                return Some(member);
            }
            let has = db.member(member, attribute).is_some();
            if has {
                Some(member)
            } else {
                (!is_final_instance(db, member)).then_some(Type::UNKNOWN)
            }
        })
        .collect();
    union(db, narrowed)
}

/// Whether no subclass can add to `ty`'s attributes: an instance of a `@final` class, or a
/// value with no class of its own (`None`, literals).
fn is_final_instance(db: &crate::db::Db, ty: Type) -> bool {
    match db.kind(ty) {
        TypeKind::Instance(class) => db.is_final_class(class.class),
        TypeKind::None | TypeKind::IntLiteral(_) | TypeKind::StrLiteral(_) | TypeKind::BoolLiteral(_) => true,
        _ => false,
    }
}

fn is_builtin_function(inferrer: &Inferrer<'_>, callee: Type, name: &str) -> bool {
    let db = inferrer.db;
    match db.kind(callee) {
        TypeKind::Function(function) => {
            db.file_data(function.id.file).module.as_ref().map(|m| m.as_str()) == Some("builtins")
                && db
                    .function_node(function.id)
                    .is_some_and(|node| node.name.as_str() == name)
        }
        TypeKind::Overloaded(items) => items
            .first()
            .is_some_and(|first| is_builtin_function(inferrer, *first, name)),
        _ => false,
    }
}

/// The classes of an `isinstance` second argument: a class, a tuple of classes, or a union type.
pub(super) fn class_list(inferrer: &Inferrer<'_>, ty: Type) -> Option<Vec<ClassType>> {
    let db = inferrer.db;
    match db.kind(ty) {
        TypeKind::ClassLiteral(class) => Some(vec![class.clone()]),
        TypeKind::Tuple(elements) | TypeKind::Union(elements) => {
            let mut classes = Vec::new();
            for element in elements.iter() {
                classes.extend(class_list(inferrer, *element)?);
            }
            Some(classes)
        }
        _ => None,
    }
}

/// `isinstance(x, C)`: keep the members that are `C`s, narrow the members `C` subclasses, drop
/// the rest; negated, drop the members that are certainly `C`s. `issubclass` does the same on
/// class objects.
pub(super) fn narrow_isinstance(
    inferrer: &mut Inferrer<'_>,
    ty: Type,
    classes: &[ClassType],
    positive: bool,
    on_classes: bool,
) -> Type {
    let db = inferrer.db;
    let wrap = |class: &ClassType| -> Type {
        // Unspecialized generic classes (`isinstance(x, list)`) are `list[Unknown]`.
        let class = if class.args.is_empty() {
            db.default_specialization(class.class)
        } else {
            class.clone()
        };
        let class = ClassType {
            args: class.args.iter().map(|_| Type::UNKNOWN).collect(),
            ..class
        };
        if on_classes {
            db.intern(TypeKind::SubclassOf(class))
        } else {
            db.intern(TypeKind::Instance(class))
        }
    };
    let targets: Vec<Type> = classes.iter().map(wrap).collect();
    let mut narrowed = Vec::new();
    for member in members(db, ty) {
        if matches!(db.kind(member), TypeKind::TypeVar(_)) {
            narrowed.push(member);
            continue;
        }
        // A plain `type` is `type[Any]`: it says nothing of which class it holds, so, like
        // `Any`, it becomes the classes tested rather than fitting them already.
        let gradual = member.is_dynamic() || (on_classes && crate::relation::is_plain_type(db, member));
        let is_target = targets
            .iter()
            .any(|target| !gradual && is_assignable(db, member, *target));
        if positive {
            if gradual {
                narrowed.extend(targets.iter().copied());
            } else if is_target {
                narrowed.push(member);
            } else {
                // Targets that are subclasses of the member narrow it.
                narrowed.extend(
                    targets
                        .iter()
                        .copied()
                        .filter(|target| is_assignable(db, *target, member)),
                );
            }
        } else if !is_target {
            narrowed.push(member);
        }
    }
    union(db, narrowed)
}

/// `callable(x)`: keep the callable members (functions, classes, objects with `__call__`).
fn narrow_callable(inferrer: &mut Inferrer<'_>, ty: Type, positive: bool) -> Type {
    let db = inferrer.db;
    if ty.is_dynamic() {
        return ty;
    }
    let narrowed: Vec<Type> = members(db, ty)
        .into_iter()
        .filter(|member| {
            let callable = match db.kind(*member) {
                TypeKind::Function(_)
                | TypeKind::BoundMethod { .. }
                | TypeKind::Overloaded(_)
                | TypeKind::Callable(_)
                | TypeKind::ClassLiteral(_)
                | TypeKind::SubclassOf(_) => Some(true),
                TypeKind::None
                | TypeKind::IntLiteral(_)
                | TypeKind::BoolLiteral(_)
                | TypeKind::StrLiteral(_)
                | TypeKind::BytesLiteral(_)
                | TypeKind::Tuple(_) => Some(false),
                TypeKind::Instance(_) => Some(inferrer.has_dunder(*member, "__call__")),
                _ => None,
            };
            callable.is_none_or(|callable| callable == positive)
        })
        .collect();
    union(db, narrowed)
}

/// The name expression a chain of attributes and items starts from.
fn place_root_expr(place: &'static Expr) -> Option<&'static Expr> {
    let mut current = place;
    for _ in 0..=awaitype_semantic::MAX_PLACE_DEPTH {
        match current {
            Expr::Name(_) => return Some(current),
            Expr::Attribute(attribute) => current = &attribute.value,
            Expr::Subscript(subscript) => current = &subscript.value,
            _ => return None,
        }
    }
    None
}

/// A place declared `ty` was assigned a value of type `value`: it holds the members of `ty` the
/// value fits (all of `ty` when it fits none, which is reported at the assignment).
pub(super) fn narrow_to_assigned(inferrer: &mut Inferrer<'_>, ty: Type, value: Type) -> Type {
    let db = inferrer.db;
    if ty.is_dynamic() || value.is_dynamic() {
        return ty;
    }
    let fitting: Vec<Type> = members(db, ty)
        .into_iter()
        .filter(|member| member.is_dynamic() || is_assignable(db, value, *member))
        .collect();
    // An instance of a subclass of the one member it fits is kept as that subclass
    // (`self.server = await loop.create_server(...)` holds a `Server`, not any
    // `AbstractServer`); other values keep the declared members they fit, as a later
    // reassignment would.
    if let [member] = fitting[..]
        && let (TypeKind::Instance(value_class), TypeKind::Instance(member_class)) = (db.kind(value), db.kind(member))
        && value_class.class != member_class.class
        && db.is_subclass(value_class.class, member_class.class)
        && !crate::subst::contains_typevars(db, value)
    {
        return value;
    }
    if fitting.is_empty() { ty } else { union(db, fitting) }
}
