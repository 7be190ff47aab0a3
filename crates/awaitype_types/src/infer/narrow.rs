//! Narrowing: the semantic index records which conditions are known to hold for each definition
//! reaching a use (`if x is not None:`, `isinstance(x, C)`, `assert x`, early returns); here each
//! condition is applied to the definition's type. A condition the checker does not understand
//! leaves the type as it is, so narrowing can only make types more precise, never wrong.

use awaitype_semantic::{Bindings, DefinitionId, Predicate, narrowing_subject, same_place};
use ruff_python_ast::{CmpOp, Expr};

use crate::infer::Inferrer;
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
                    // Conditions on `name.attr` are recorded on `name` but narrow the attribute.
                    // A condition met again while it is being applied (a loop assigning a place
                    // from itself) is skipped rather than followed forever.
                    if narrowing_subject(predicate.test).is_some_and(&applies) && self.narrowing_active.insert(*id) {
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

    /// `a.b.c` read where conditions on that same place hold (recorded on the bindings of `a`,
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
            bindings.definitions.clone()
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
        let positive = predicate.positive;
        if let Some(value) = predicate.assigned {
            let value = self.infer_expression(value);
            return narrow_to_assigned(self, ty, value);
        }
        match predicate.test {
            Expr::Name(_) | Expr::Named(_) | Expr::Attribute(_) => truthy(self, ty, positive),
            Expr::UnaryOp(unary) => self.narrow(
                ty,
                Predicate {
                    test: &unary.operand,
                    positive: !positive,
                    assigned: None,
                },
            ),
            Expr::BoolOp(bool_op) => {
                // Known true `a or b` (or known false `a and b`): one operand decided it, so the
                // type is the union of what each would narrow to. The other way round, every
                // operand holds in turn.
                let any_holds = (bool_op.op == ruff_python_ast::BoolOp::Or) == positive;
                let operand = |test| Predicate {
                    test,
                    positive,
                    assigned: None,
                };
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
                match op {
                    CmpOp::Is | CmpOp::IsNot => {
                        let holds = (*op == CmpOp::Is) == positive;
                        let target = self.infer_expression(right);
                        if is_singleton(self, target) {
                            narrow_to_value(self, ty, target, holds)
                        } else {
                            ty
                        }
                    }
                    CmpOp::Eq | CmpOp::NotEq => {
                        let holds = (*op == CmpOp::Eq) == positive;
                        let target = self.infer_expression(right);
                        // `==` can be overridden, so only literal and `None` values are trusted.
                        if is_literal_or_none(self, target) {
                            narrow_to_value(self, ty, target, holds)
                        } else {
                            ty
                        }
                    }
                    _ => ty,
                }
            }
            Expr::Call(call) => {
                let Expr::Name(func) = &*call.func else { return ty };
                let callee = self.infer_expression(&call.func);
                if !is_builtin_function(self, callee, func.id.as_str()) {
                    return ty;
                }
                match (func.id.as_str(), &call.arguments.args[..]) {
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
                    _ => ty,
                }
            }
            _ => ty,
        }
    }
}

fn members(db: &crate::db::Db, ty: Type) -> Vec<Type> {
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
            TypeKind::Instance(class) if Some(class.class) == bool_class => vec![
                db.intern(TypeKind::BoolLiteral(true)),
                db.intern(TypeKind::BoolLiteral(false)),
            ],
            _ => vec![member],
        })
        .collect();
    if expanded.len() == 1 && expanded[0] == ty {
        return filter_by_truthiness(db, ty, positive);
    }
    let kept: Vec<Type> = expanded
        .into_iter()
        .filter(|member| crate::relation::static_truthiness(db, *member) != Some(!positive))
        .collect();
    union(db, kept)
}

fn is_singleton(inferrer: &Inferrer<'_>, ty: Type) -> bool {
    matches!(inferrer.db.kind(ty), TypeKind::None | TypeKind::BoolLiteral(_))
}

fn is_literal_or_none(inferrer: &Inferrer<'_>, ty: Type) -> bool {
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
fn narrow_to_value(inferrer: &mut Inferrer<'_>, ty: Type, value: Type, holds: bool) -> Type {
    let db = inferrer.db;
    if ty.is_dynamic() {
        return if holds { value } else { ty };
    }
    let parts = members(db, ty);
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
        // Only a member that *is* the value (a singleton or a literal) is excluded.
        parts.into_iter().filter(|member| *member != value).collect()
    };
    union(db, narrowed)
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
fn class_list(inferrer: &Inferrer<'_>, ty: Type) -> Option<Vec<ClassType>> {
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
fn narrow_isinstance(
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
        let is_target = targets
            .iter()
            .any(|target| !member.is_dynamic() && is_assignable(db, member, *target));
        if positive {
            if member.is_dynamic() {
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

/// The name expression an attribute chain starts from.
fn place_root_expr(place: &'static Expr) -> Option<&'static Expr> {
    match place {
        Expr::Name(_) => Some(place),
        Expr::Attribute(attribute) => place_root_expr(&attribute.value),
        _ => None,
    }
}

/// A place declared `ty` was assigned a value of type `value`: it holds the members of `ty` the
/// value fits (all of `ty` when it fits none, which is reported at the assignment).
fn narrow_to_assigned(inferrer: &mut Inferrer<'_>, ty: Type, value: Type) -> Type {
    let db = inferrer.db;
    if ty.is_dynamic() || value.is_dynamic() {
        return ty;
    }
    let fitting: Vec<Type> = members(db, ty)
        .into_iter()
        .filter(|member| member.is_dynamic() || is_assignable(db, value, *member))
        .collect();
    if fitting.is_empty() { ty } else { union(db, fitting) }
}
