//! The dunder protocols behind statements and expressions: iteration (`__iter__`/`__next__`),
//! async iteration (`__aiter__`/`__anext__`), awaiting (`__await__`), context managers
//! (`__enter__`, `__aenter__`), and unpacking assignment targets.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, ExprName};
use ruff_text_size::Ranged;

use crate::infer::Inferrer;
use crate::relation::union;
use crate::ty::{Type, TypeKind};

impl Inferrer<'_> {
    /// The element type of iterating `iterable` (`None` if it is not iterable).
    pub(crate) fn iteration_element(&mut self, iterable: Type) -> Option<Type> {
        let db = self.db;
        match db.kind(iterable).clone() {
            TypeKind::Unknown | TypeKind::Any => return Some(iterable),
            TypeKind::Never => return Some(Type::NEVER),
            TypeKind::Tuple(_) => {
                let shape = crate::tuple_shape::shape_of(db, iterable)?;
                return Some(crate::tuple_shape::element_union(db, &shape));
            }
            TypeKind::Union(members) => {
                let lenient = crate::relation::has_dynamic_member(db, iterable);
                let mut elements = Vec::new();
                for member in members.iter() {
                    match self.iteration_element(*member) {
                        Some(element) => elements.push(element),
                        None if lenient => elements.push(Type::UNKNOWN),
                        None => return None,
                    }
                }
                return Some(union(db, elements));
            }
            _ => {}
        }
        if let Some(iterator) = self.call_dunder(iterable, "__iter__", &[]) {
            return self.call_dunder(iterator, "__next__", &[]);
        }
        // The old sequence protocol.
        let int = db.known_instance("builtins", "int", &[]);
        self.call_dunder(iterable, "__getitem__", &[int])
    }

    /// Iterates `iterable` for a `for` loop, comprehension or unpacking.
    pub fn iterate(&mut self, iterable: Type, expr: &Expr, report: bool) -> Type {
        if iterable.is_never() {
            return iterable;
        }
        if let Some(element) = self.iteration_element(iterable) {
            return element;
        }
        if report && self.is_reporting() {
            let hint = if self.async_iteration_element(iterable).is_some() {
                "; it is an async iterable: did you mean `async for`?".to_string()
            } else {
                self.forgot_await_hint(iterable).to_string()
            };
            let message = format!("Object of type `{}` is not iterable{hint}", self.display(iterable));
            self.report(expr.range(), Rule::NotIterable, message);
        }
        Type::UNKNOWN
    }

    fn async_iteration_element(&mut self, iterable: Type) -> Option<Type> {
        if iterable.is_dynamic() {
            return Some(iterable);
        }
        if let TypeKind::Union(members) = self.db.kind(iterable).clone() {
            let lenient = crate::relation::has_dynamic_member(self.db, iterable);
            let mut elements = Vec::new();
            for member in members.iter() {
                match self.async_iteration_element(*member) {
                    Some(element) => elements.push(element),
                    None if lenient => elements.push(Type::UNKNOWN),
                    None => return None,
                }
            }
            return Some(union(self.db, elements));
        }
        let iterator = self.call_dunder(iterable, "__aiter__", &[])?;
        let awaitable = self.call_dunder(iterator, "__anext__", &[])?;
        self.await_result(awaitable)
    }

    /// Iterates `iterable` for `async for`.
    pub fn async_iterate(&mut self, iterable: Type, expr: &Expr, report: bool) -> Type {
        if iterable.is_never() {
            return iterable;
        }
        if let Some(element) = self.async_iteration_element(iterable) {
            return element;
        }
        if report && self.is_reporting() {
            let iterator = (!matches!(self.db.kind(iterable), TypeKind::Union(_)))
                .then(|| self.call_dunder(iterable, "__aiter__", &[]))
                .flatten();
            let hint = if self.iteration_element(iterable).is_some() {
                "; it is a synchronous iterable: did you mean `for`?".to_string()
            } else if let Some(iterator) = iterator {
                match self.call_dunder(iterator, "__anext__", &[]) {
                    None => format!(
                        ": its `__aiter__` returns `{}`, which has no `__anext__` method",
                        self.display(iterator)
                    ),
                    Some(next) => format!(
                        ": `__anext__` of its iterator returns `{}`, which is not awaitable",
                        self.display(next)
                    ),
                }
            } else {
                String::new()
            };
            let message = format!(
                "Object of type `{}` is not async-iterable{hint}",
                self.display(iterable)
            );
            self.report(expr.range(), Rule::NotIterable, message);
        }
        Type::UNKNOWN
    }

    /// What `await value` evaluates to: the return type of the generator `__await__` returns.
    pub fn await_result(&mut self, value: Type) -> Option<Type> {
        let db = self.db;
        match db.kind(value).clone() {
            TypeKind::Unknown | TypeKind::Any => return Some(value),
            TypeKind::Never => return Some(Type::NEVER),
            TypeKind::Union(members) => {
                let lenient = crate::relation::has_dynamic_member(db, value);
                let mut results = Vec::new();
                for member in members.iter() {
                    match self.await_result(*member) {
                        Some(result) => results.push(result),
                        None if lenient => results.push(Type::UNKNOWN),
                        None => return None,
                    }
                }
                return Some(union(db, results));
            }
            _ => {}
        }
        let generator = self.call_dunder(value, "__await__", &[])?;
        if generator.is_dynamic() {
            return Some(generator);
        }
        let generator_class = db.known_class("typing", "Generator")?;
        match crate::relation::as_instance_of(db, generator, generator_class) {
            Some(ct) => Some(ct.args.get(2).copied().unwrap_or(Type::UNKNOWN)),
            // An iterator that is not a generator: the result is unknown.
            None => self.iteration_element(generator).map(|_| Type::UNKNOWN),
        }
    }

    /// `await value`, reporting `invalid-await` when the value is not awaitable.
    pub(crate) fn await_type(&mut self, value: Type, expr: &Expr) -> Type {
        if let Some(result) = self.await_result(value) {
            if self.is_reporting()
                && let TypeKind::Instance(instance) = self.db.kind(value)
                && let Some(owner) = self.db.class_member_owner(instance, "__await__")
                && self.db.class_member_possibly_unbound(owner.class, "__await__")
            {
                let message = format!(
                    "`{}` may not be awaitable: its `__await__` is defined only on some paths of the body of class `{}`",
                    self.display(value),
                    self.db.class_name(owner.class)
                );
                self.report(expr.range(), Rule::InvalidAwait, message);
            }
            return result;
        }
        if !self.is_reporting() {
            return Type::UNKNOWN;
        }
        let db = self.db;
        let message = match db.kind(value).clone() {
            TypeKind::Union(members) => {
                let mut culprits: Vec<String> = Vec::new();
                for member in members.iter() {
                    if self.await_result(*member).is_none() {
                        culprits.push(format!("`{}`", self.display(*member)));
                    }
                }
                format!(
                    "`{}` is not awaitable: union member{} {} {} no `__await__` method",
                    self.display(value),
                    if culprits.len() == 1 { "" } else { "s" },
                    culprits.join(", "),
                    if culprits.len() == 1 { "has" } else { "have" }
                )
            }
            _ => {
                if self.lookup_dunder(value, "__await__").is_some() {
                    format!(
                        "`{}` is not awaitable: its `__await__` does not return an iterator",
                        self.display(value)
                    )
                } else {
                    format!("`{}` is not awaitable", self.display(value))
                }
            }
        };
        self.report(expr.range(), Rule::InvalidAwait, message);
        Type::UNKNOWN
    }

    /// The value a `with` / `async with` item binds.
    pub fn enter_context(&mut self, manager: Type, expr: &Expr, is_async: bool, report: bool) -> Type {
        // A `Never` manager is never created: the statement is unreachable, nothing to report.
        if manager.is_dynamic() || manager.is_never() {
            return manager;
        }
        if let TypeKind::Union(members) = self.db.kind(manager).clone() {
            let report = report && !crate::relation::has_dynamic_member(self.db, manager);
            let entered: Vec<Type> = members
                .iter()
                .map(|member| self.enter_context(*member, expr, is_async, report))
                .collect();
            return union(self.db, entered);
        }
        let (statement, enter, exit, other_enter, other_hint) = if is_async {
            (
                "async with",
                "__aenter__",
                "__aexit__",
                "__enter__",
                "; it is a synchronous context manager: did you mean `with`?",
            )
        } else {
            (
                "with",
                "__enter__",
                "__exit__",
                "__aenter__",
                "; it is an async context manager: did you mean `async with`?",
            )
        };
        let report = report && self.is_reporting();
        let entered = self.call_dunder(manager, enter, &[]);
        let has_exit = self.lookup_dunder(manager, exit).is_some();
        let message = match entered {
            Some(entered) if has_exit => {
                let result = if is_async {
                    self.await_result(entered)
                } else {
                    Some(entered)
                };
                match result {
                    Some(result) => {
                        if report {
                            self.check_exit(manager, expr, is_async);
                        }
                        return result;
                    }
                    None => format!(
                        "`__aenter__` of `{}` returns `{}`, which is not awaitable",
                        self.display(manager),
                        self.display(entered)
                    ),
                }
            }
            _ if has_exit && self.lookup_dunder(manager, enter).is_some() => format!(
                "`{enter}` of `{}` cannot be called without arguments, as `{statement}` calls it",
                self.display(manager)
            ),
            _ => {
                let hint = if self.lookup_dunder(manager, other_enter).is_some() {
                    other_hint
                } else {
                    ""
                };
                format!(
                    "Object of type `{}` cannot be used with `{statement}` because it does not implement `{enter}` and `{exit}`{hint}",
                    self.display(manager)
                )
            }
        };
        if report {
            self.report(expr.range(), Rule::InvalidContextManager, message);
        }
        Type::UNKNOWN
    }

    /// Whether some context manager of a `with` statement is declared to swallow exceptions: its
    /// `__exit__` (awaited `__aexit__`) returns `bool` rather than `None` or `Literal[False]`. A
    /// manager of unknown type is taken not to: no warning or implicit `None` return rests on it.
    pub fn context_manager_swallows(&mut self, with: &'static ruff_python_ast::StmtWith) -> bool {
        self.swallows(with, false)
    }

    /// Whether some context manager of a `with` statement may swallow exceptions, counting a
    /// manager of unknown type (or with an undeclared exit) as one that may: code after its
    /// block stays reachable and its names keep their types.
    pub fn context_manager_may_swallow(&mut self, with: &'static ruff_python_ast::StmtWith) -> bool {
        self.swallows(with, true)
    }

    fn swallows(&mut self, with: &'static ruff_python_ast::StmtWith, if_unknown: bool) -> bool {
        let name = if with.is_async { "__aexit__" } else { "__exit__" };
        with.items.iter().any(|item| {
            let manager = self.infer_expression(&item.context_expr);
            if manager.is_dynamic() {
                return if_unknown;
            }
            let Some(mut result) = self.call_dunder_silently(manager, name, &[Type::NONE, Type::NONE, Type::NONE])
            else {
                return false;
            };
            if with.is_async {
                result = self.await_result(result).unwrap_or(Type::UNKNOWN);
            }
            // An undeclared exit (`Unknown`) may be anything; one declared `-> Any` does not
            // swallow, as the typing spec says.
            if matches!(self.db.kind(result), TypeKind::Unknown) {
                return if_unknown;
            }
            let db = self.db;
            let is_bool = |ty: Type| match db.kind(ty) {
                TypeKind::BoolLiteral(value) => *value,
                TypeKind::Instance(class) => db.known_class("builtins", "bool") == Some(class.class),
                _ => false,
            };
            is_bool(result)
        })
    }

    /// Whether every one of these `with` statements is declared to swallow exceptions (so code
    /// reached only through their exceptional exits returns implicitly).
    pub fn all_swallow(&mut self, withs: &[&'static ruff_python_ast::StmtWith]) -> bool {
        withs.iter().all(|with| self.context_manager_swallows(with))
    }

    /// Whether every one of these `with` statements may swallow exceptions (so code reached only
    /// through their exceptional exits is reachable; unknown managers may).
    pub fn all_may_swallow(&mut self, withs: &[&'static ruff_python_ast::StmtWith]) -> bool {
        withs.iter().all(|with| self.context_manager_may_swallow(with))
    }

    /// `__exit__`/`__aexit__` must accept the three exception arguments (all `None` when the
    /// block ends normally), and `__aexit__` must return an awaitable.
    fn check_exit(&mut self, manager: Type, expr: &Expr, is_async: bool) {
        let name = if is_async { "__aexit__" } else { "__exit__" };
        let Some(result) = self.call_dunder(manager, name, &[Type::NONE, Type::NONE, Type::NONE]) else {
            let message = format!(
                "`{name}` of `{}` cannot be called with the three exception arguments (`exc_type`, `exc_value`, `traceback`) that `{}` passes to it",
                self.display(manager),
                if is_async { "async with" } else { "with" }
            );
            self.report(expr.range(), Rule::InvalidContextManager, message);
            return;
        };
        if is_async && !result.is_dynamic() && self.await_result(result).is_none() {
            let message = format!(
                "`__aexit__` of `{}` returns `{}`, which is not awaitable; did you mean `async def __aexit__`?",
                self.display(manager),
                self.display(result)
            );
            self.report(expr.range(), Rule::InvalidContextManager, message);
        }
    }

    /// The type `name` gets when `value` is assigned to `target` (which contains `name`).
    pub(crate) fn destructure(&mut self, target: &'static Expr, name: &ExprName, value: Type) -> Option<Type> {
        match target {
            Expr::Name(n) => std::ptr::eq(n, name).then_some(value),
            Expr::Tuple(_) | Expr::List(_) => {
                let elements: &'static [Expr] = match target {
                    Expr::Tuple(t) => &t.elts,
                    Expr::List(l) => &l.elts,
                    _ => unreachable!(),
                };
                let position = elements.iter().position(|e| contains_name(e, name))?;
                let element_target = &elements[position];
                let starred_at = elements.iter().position(|e| matches!(e, Expr::Starred(_)));
                let element_type = self.unpacked_element(value, elements.len(), position, starred_at, target);
                match element_target {
                    Expr::Starred(starred) => self.destructure(&starred.value, name, element_type),
                    other => self.destructure(other, name, element_type),
                }
            }
            Expr::Starred(starred) => self.destructure(&starred.value, name, value),
            _ => None,
        }
    }

    /// The type of the element at `position` when unpacking `value` into `count` targets.
    fn unpacked_element(
        &mut self,
        value: Type,
        count: usize,
        position: usize,
        starred_at: Option<usize>,
        target: &'static Expr,
    ) -> Type {
        let db = self.db;
        // Each member of a union unpacks on its own: `tuple[str, int] | tuple[bytes, float]`
        // gives `str | bytes` first, not every element everywhere.
        if let TypeKind::Union(members) = db.kind(value).clone()
            && members
                .iter()
                .any(|member| matches!(db.kind(*member), TypeKind::Tuple(_)))
        {
            let elements: Vec<Type> = members
                .iter()
                .map(|member| self.unpacked_element(*member, count, position, starred_at, target))
                .collect();
            return union(db, elements);
        }
        // A named tuple (or other subclass of a fixed-length tuple) unpacks like its tuple.
        if let TypeKind::Instance(instance) = db.kind(value)
            && let Some(elements) = db.instance_tuple_elements(instance)
        {
            let as_tuple = db.intern(TypeKind::Tuple(elements));
            return self.unpacked_element(as_tuple, count, position, starred_at, target);
        }
        // A tuple with an unbounded part (see `tuple_shape::for_unpacking`).
        let as_fixed = crate::tuple_shape::for_unpacking(db, value, count, starred_at.is_some());
        if as_fixed != value {
            return self.unpacked_element(as_fixed, count, position, starred_at, target);
        }
        if let TypeKind::Tuple(elements) = db.kind(value).clone() {
            match starred_at {
                None if elements.len() == count => return elements[position],
                Some(star) if elements.len() + 1 >= count => {
                    let after = count - star - 1;
                    if position < star {
                        return elements[position];
                    }
                    if position > star {
                        return elements[elements.len() - (count - position)];
                    }
                    let middle = &elements[star..elements.len() - after];
                    let element = crate::relation::promote_literal_for_inference(db, union(db, middle.iter().copied()));
                    let element = if middle.is_empty() { Type::UNKNOWN } else { element };
                    return db.known_instance("builtins", "list", &[element]);
                }
                _ => {
                    if !self.is_reporting() {
                        return Type::UNKNOWN;
                    }
                    let message = format!(
                        "Not enough or too many values to unpack: expected {count}, got {}",
                        elements.len()
                    );
                    self.report(target.range(), Rule::InvalidAssignment, message);
                    return Type::UNKNOWN;
                }
            }
        }
        let element = self.iterate(value, target, false);
        if starred_at == Some(position) {
            db.known_instance("builtins", "list", &[element])
        } else {
            element
        }
    }
}

fn contains_name(expr: &Expr, name: &ExprName) -> bool {
    match expr {
        Expr::Name(n) => std::ptr::eq(n, name),
        Expr::Tuple(t) => t.elts.iter().any(|e| contains_name(e, name)),
        Expr::List(l) => l.elts.iter().any(|e| contains_name(e, name)),
        Expr::Starred(s) => contains_name(&s.value, name),
        _ => false,
    }
}
