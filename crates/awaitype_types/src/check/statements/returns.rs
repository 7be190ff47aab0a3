//! Return statements and the end of a function body: a returned value against the declared
//! return type (a generator's third `Generator` argument), and `invalid-return-type` for a
//! body whose end is reachable while its declared type does not admit `None`. Reaching the end
//! needs types the index does not have: calls that never return, exhaustive `match`es and
//! context managers that may swallow exceptions.

use super::*;

impl ScopeChecker<'_> {
    /// The type a `return` value is checked against: the annotation, or for generators the
    /// return type (third argument) of the declared `Generator`.
    fn expected_return_type(&self) -> Option<Type> {
        let context = self.function.as_ref()?;
        let declared = context.declared?;
        if context.is_generator {
            if context.node.is_async {
                return None;
            }
            let generator = self.db.known_class("typing", "Generator")?;
            let class = crate::relation::as_instance_of(self.db, declared, generator)?;
            return class.args.get(2).copied();
        }
        Some(declared)
    }

    pub(super) fn check_return(&mut self, ret: &'static ruff_python_ast::StmtReturn) {
        let value_type = match &ret.value {
            Some(value) => self.infer(value),
            None => Type::NONE,
        };
        let Some(expected) = self.expected_return_type() else {
            return;
        };
        let value_type = match &ret.value {
            Some(value) => self.inferrer.infer_in_context(value, expected),
            None => value_type,
        };
        if !is_assignable(self.db, value_type, expected) {
            let typed_dict_hint = match &ret.value {
                Some(value) => self.inferrer.typed_dict_mismatch_hint(value, expected),
                None => String::new(),
            };
            let hint = format!(
                "{}{typed_dict_hint}",
                self.inferrer.forgot_await_hint_for(value_type, expected)
            );
            let message = format!(
                "Return type does not match returned value: expected `{}`, found `{}`{hint}",
                self.display(expected),
                self.display(value_type),
            );
            let range = ret.value.as_deref().map_or(ret.range, Ranged::range);
            self.report(range, Rule::InvalidReturnType, message);
        }
    }

    /// A function annotated to return a value whose end is reachable returns `None` implicitly.
    pub(super) fn check_implicit_return(&mut self, scope: ScopeId) {
        let db = self.db;
        let Some(context) = &self.function else { return };
        let node = context.node;
        let async_generator = context.is_generator && context.node.is_async;
        let index = db.index(self.file);
        let Some(info) = &index.scope(scope).function else {
            return;
        };
        let conditions = &info.falls_off_end_if_swallowed;
        if !info.falls_off_end
            || !self
                .inferrer
                .in_scope(scope, |inferrer| inferrer.all_swallow(conditions))
            || db.file_data(self.file).is_stub()
            || is_trivial_body(&node.body)
            || self.ends_in_never(&node.body)
        {
            return;
        }
        let Some(expected) = self.expected_return_type() else {
            return;
        };
        if async_generator {
            return;
        }
        // Methods of protocols and abstract methods may leave the body empty.
        let parent = index.scope(scope).parent;
        if let Some(parent) = parent
            && let ScopeKind::Class(_) = index.scope(parent).kind && node.decorator_list.iter().any(|d| {
            matches!(&d.expression, Expr::Name(n) if n.id.as_str() == "abstractmethod" || n.id.as_str() == "overload")
                || matches!(&d.expression, Expr::Attribute(a) if a.attr.as_str() == "abstractmethod")
        }) {
            return;
        }
        if !is_assignable(db, Type::NONE, expected) {
            let message = format!(
                "Function can implicitly return `None`, which is not assignable to return type `{}`",
                self.display(expected)
            );
            let range = node.returns.as_deref().map_or(node.name.range, Ranged::range);
            self.report(range, Rule::InvalidReturnType, message);
        }
    }
}

impl ScopeChecker<'_> {
    /// Whether a body always ends in a call that never returns (`sys.exit()`, a `NoReturn`
    /// function), so its end is not reached.
    pub(super) fn ends_in_never(&mut self, body: &'static [Stmt]) -> bool {
        body.iter().any(|stmt| self.statement_never_completes(stmt))
    }

    /// Whether a statement never completes normally because of a call that never returns, or
    /// because every way through it returns, raises or reaches such a call. (Returns and raises
    /// alone are known to the index already; calls of `NoReturn` functions need types.)
    fn statement_never_completes(&mut self, stmt: &'static Stmt) -> bool {
        match stmt {
            Stmt::Return(_) | Stmt::Raise(_) => true,
            Stmt::Expr(expr) => self.inferrer.expression_type(&expr.value).is_some_and(Type::is_never),
            Stmt::If(if_stmt) => {
                let has_else = if_stmt.elif_else_clauses.last().is_some_and(|c| c.test.is_none());
                has_else
                    && self.ends_in_never(&if_stmt.body)
                    && if_stmt.elif_else_clauses.iter().all(|c| self.ends_in_never(&c.body))
            }
            Stmt::Try(try_stmt) => {
                if self.ends_in_never(&try_stmt.finalbody) {
                    return true;
                }
                let handlers_exit = try_stmt.handlers.iter().all(|handler| {
                    let ExceptHandler::ExceptHandler(handler) = handler;
                    self.ends_in_never(&handler.body)
                });
                handlers_exit && (self.ends_in_never(&try_stmt.body) || self.ends_in_never(&try_stmt.orelse))
            }
            // A manager that may swallow exceptions lets execution continue after its block.
            Stmt::With(with) => self.ends_in_never(&with.body) && !self.inferrer.context_manager_swallows(with),
            // Every case ends, and the cases leave the subject no value (each member of an
            // enum matched, or a last `case _:`).
            Stmt::Match(match_stmt) => {
                if !match_stmt.cases.iter().all(|case| self.ends_in_never(&case.body)) {
                    return false;
                }
                let Some(mut subject) = self.inferrer.expression_type(&match_stmt.subject) else {
                    return false;
                };
                for case in match_stmt.cases.iter().filter(|case| case.guard.is_none()) {
                    subject = self.inferrer.narrow_by_pattern(subject, &case.pattern, false);
                }
                subject.is_never()
            }
            _ => false,
        }
    }
}
