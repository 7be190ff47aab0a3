//! The walk over one scope's reachable statements. Each expression is inferred once by a
//! reporting inferrer (which reports expression-level problems); this walk adds the rules that
//! belong to statements: unresolved imports, assignments to declared types, return types,
//! context managers and loops. A nested function or class body is a scope of its own: the walk
//! records that it reached it, and it is checked by its own query (see `check/mod.rs`).

mod parameter_defaults;
mod returns;
mod typed_dict_items;

use crate::relation::is_assignable;
use crate::ty::SpecialForm;
use crate::{Db, FileId, FunctionId, Inferrer, Type, TypeDiagnostic, TypeKind};
use awaitype_diagnostics::Rule;
use awaitype_semantic::{DefinitionKind, ScopeId, ScopeKind};
use ruff_python_ast::{ExceptHandler, Expr, Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange};

/// Walks the statements of a module, class body or function body.
pub(super) fn check_scope(db: &Db, file: FileId, scope: ScopeId) -> super::ScopeCheck {
    let index = db.index(file);
    let mut checker = ScopeChecker {
        db,
        file,
        inferrer: Inferrer::reporting(db, file, scope),
        function: None,
        diagnostics: Vec::new(),
        nested: Vec::new(),
    };
    let body: &'static [Stmt] = match index.scope(scope).kind {
        ScopeKind::Module => &index.module.body,
        ScopeKind::Class(class) => &class.body,
        ScopeKind::Function(function) => &function.body,
        _ => &[],
    };
    checker
        .diagnostics
        .extend(super::overload_definitions::check_overload_definitions(
            db, file, scope, body,
        ));
    checker
        .diagnostics
        .extend(super::final_rebindings::check_final_rebindings(db, file, scope));
    match index.scope(scope).kind {
        ScopeKind::Module => checker.check_body(&index.module.body),
        ScopeKind::Class(class) => {
            checker
                .diagnostics
                .extend(super::final_methods::check_final_and_override(
                    db,
                    file,
                    class,
                    &class.body,
                ));
            checker
                .diagnostics
                .extend(super::attribute_overrides::check_attribute_overrides(db, file, class));
            checker.check_body(&class.body);
        }
        ScopeKind::Function(function) => {
            checker.function = function_context(db, file, scope, function);
            if let Some(context) = &checker.function
                && context.is_generator
                && let Some(declared) = context.declared
            {
                checker
                    .diagnostics
                    .extend(super::generator_annotations::check_generator_annotation(
                        db, function, declared,
                    ));
            }
            checker.check_body(&function.body);
            checker.check_implicit_return(scope);
        }
        // Lambdas, comprehensions and type parameters are inferred with the expressions they
        // belong to.
        ScopeKind::Lambda(_) | ScopeKind::Comprehension(_) | ScopeKind::TypeParams => {}
    }
    super::ScopeCheck {
        nested: std::mem::take(&mut checker.nested),
        diagnostics: checker.finish(),
    }
}

/// What a function body's `return` statements are checked against.
fn function_context(
    db: &Db,
    file: FileId,
    scope: ScopeId,
    function: &'static StmtFunctionDef,
) -> Option<FunctionContext> {
    let index = db.index(file);
    let definition = index.definition_of_node(function)?;
    let id = FunctionId { file, definition };
    let is_generator = index
        .scope(scope)
        .function
        .as_ref()
        .is_some_and(|info| !info.yields.is_empty());
    // A type guard function returns a `bool`.
    let declared = db
        .declared_return_type(id)
        .map(|ty| crate::relation::returned_value(db, ty));
    Some(FunctionContext {
        node: function,
        declared,
        is_generator,
    })
}

/// What return statements are checked against.
struct FunctionContext {
    node: &'static StmtFunctionDef,
    /// The annotated return type (of the coroutine's result for `async def`), if annotated.
    declared: Option<Type>,
    is_generator: bool,
}

struct ScopeChecker<'db> {
    db: &'db Db,
    file: FileId,
    inferrer: Inferrer<'db>,
    function: Option<FunctionContext>,
    diagnostics: Vec<TypeDiagnostic>,
    /// The function and class bodies whose statements were reached, in order.
    nested: Vec<ScopeId>,
}

impl<'db> ScopeChecker<'db> {
    fn finish(mut self) -> Vec<TypeDiagnostic> {
        let mut diagnostics = self.inferrer.take_diagnostics();
        diagnostics.append(&mut self.diagnostics);
        diagnostics
    }

    fn report(&mut self, range: TextRange, rule: Rule, message: String) {
        self.diagnostics.push(TypeDiagnostic { range, rule, message });
    }

    fn display(&self, ty: Type) -> String {
        self.inferrer.display(ty)
    }

    fn infer(&mut self, expr: &'static Expr) -> Type {
        self.inferrer.infer_expression(expr)
    }

    fn check_body(&mut self, body: &'static [Stmt]) {
        for stmt in body {
            self.check_statement(stmt);
            // After a call that never returns (`sys.exit()`, a `NoReturn` function) the rest
            // of the block is unreachable and not checked.
            if let Stmt::Expr(expr) = stmt
                && self.inferrer.expression_type(&expr.value).is_some_and(Type::is_never)
            {
                break;
            }
        }
    }

    fn check_statement(&mut self, stmt: &'static Stmt) {
        let index = self.db.index(self.file);
        if !index.is_reachable(stmt) || !self.inferrer.all_may_swallow(index.swallow_conditions(stmt)) {
            return;
        }
        match stmt {
            Stmt::FunctionDef(function) => self.check_function(function),
            Stmt::ClassDef(class) => self.check_class(class),
            Stmt::Return(ret) => self.check_return(ret),
            Stmt::Delete(delete) => {
                for target in &delete.targets {
                    self.inferrer.infer_target_names(target);
                    match target {
                        Expr::Subscript(subscript) => self.check_item_deletion(subscript),
                        Expr::Attribute(attribute) => {
                            let object = self.infer(&attribute.value);
                            self.report_named_tuple_field_change(object, &attribute.attr, attribute.range(), "delete");
                        }
                        _ => {}
                    }
                }
            }
            Stmt::TypeAlias(alias) => {
                let scope = alias
                    .type_params
                    .as_deref()
                    .and_then(|params| index.scope_of_node(params))
                    .unwrap_or(self.inferrer.scope);
                self.inferrer.in_scope(scope, |inferrer| {
                    super::type_aliases::check_type_statement(inferrer, alias)
                });
                let definition = index.definition_of_node(alias);
                super::type_aliases::check_alias_cycle(&mut self.inferrer, definition, &alias.value);
                let bounds = super::type_params::check_bounds(&mut self.inferrer, alias.type_params.as_deref());
                self.diagnostics.extend(bounds);
            }
            Stmt::Assign(assign) => {
                let value = self.inferrer.infer_value(&assign.value);
                let declaration = super::type_variables::check_typevar_declaration(&mut self.inferrer, &assign.value);
                self.diagnostics.extend(declaration);
                let param_spec = super::param_spec_declarations::check_param_spec_declaration(
                    &mut self.inferrer,
                    &assign.targets,
                    &assign.value,
                );
                self.diagnostics.extend(param_spec);
                let single_target = match &assign.targets[..] {
                    [target] => Some(target),
                    _ => None,
                };
                super::type_aliases::check_type_alias_type_call(&mut self.inferrer, single_target, &assign.value);
                super::newtypes::check_newtype_declaration(&mut self.inferrer, single_target, &assign.value);
                for target in &assign.targets {
                    self.check_assignment_target(target, value, &assign.value);
                }
                self.check_enum_member_value(assign, value);
                if let ([Expr::Name(target)], Expr::Call(call)) = (&assign.targets[..], &*assign.value) {
                    let problems = crate::functional_class::functional_typed_dict_problems(
                        self.db,
                        &mut self.inferrer,
                        target,
                        call,
                    );
                    for (range, rule, message) in problems {
                        self.report(range, rule, message);
                    }
                }
            }
            Stmt::AugAssign(aug) => {
                let result = self.inferrer.infer_augmented_assignment(aug);
                self.check_assignment_target(&aug.target, result, &aug.value);
            }
            Stmt::AnnAssign(ann) => {
                let declared = self.inferrer.type_expression(&ann.annotation);
                let component =
                    super::param_spec_components::check_variable_annotation(&mut self.inferrer, &ann.annotation);
                self.diagnostics.extend(component);
                let scope = self.inferrer.scope;
                self.diagnostics.extend(super::type_variable_scope::check_annotation(
                    self.db,
                    self.file,
                    scope,
                    declared,
                    ann.annotation.range(),
                ));
                self.check_annotated_enum_member(ann);
                self.check_typed_dict_qualifiers(ann);
                self.check_class_var_and_final(ann);
                if let Expr::Attribute(attribute) = &*ann.target {
                    self.infer(&attribute.value);
                    self.check_protocol_self_assignment(attribute);
                }
                if let Some(value) = &ann.value {
                    // `X: TypeAlias = int | None` is a type expression, never evaluated as a value.
                    if self.inferrer.is_type_alias_annotation(&ann.annotation) {
                        super::type_aliases::check_explicit_alias_scope(&mut self.inferrer, &ann.annotation);
                        let misplaced = super::annotation_qualifiers::check_non_variable(&mut self.inferrer, value);
                        self.diagnostics.extend(misplaced);
                        let definition = self.db.index(self.file).definition_of_node(&*ann.target);
                        super::type_aliases::check_alias_cycle(&mut self.inferrer, definition, value);
                        let alias = self.inferrer.type_expression(value);
                        self.diagnostics
                            .extend(super::type_variable_scope::check_type_alias_value(
                                self.db,
                                self.file,
                                scope,
                                alias,
                                value.range(),
                            ));
                        return;
                    }
                    let bare_qualifier = self.inferrer.is_bare_qualifier(&ann.annotation);
                    let value_type = if bare_qualifier {
                        self.infer(value)
                    } else {
                        self.inferrer.infer_in_context(value, declared)
                    };
                    if !bare_qualifier && !is_assignable(self.db, value_type, declared) {
                        let hint = format!(
                            "{}{}",
                            self.inferrer.forgot_await_hint_for(value_type, declared),
                            self.inferrer.typed_dict_mismatch_hint(value, declared)
                        );
                        let message = format!(
                            "Object of type `{}` is not assignable to `{}`{hint}",
                            self.display(value_type),
                            self.display(declared),
                        );
                        self.report(value.range(), Rule::InvalidAssignment, message);
                    }
                }
            }
            Stmt::For(for_stmt) => {
                let iterable = self.inferrer.infer_value(&for_stmt.iter);
                if for_stmt.is_async {
                    self.inferrer.async_iterate(iterable, &for_stmt.iter, true);
                } else {
                    self.inferrer.iterate(iterable, &for_stmt.iter, true);
                }
                self.inferrer.infer_target_names(&for_stmt.target);
                self.check_body(&for_stmt.body);
                self.check_body(&for_stmt.orelse);
            }
            Stmt::While(while_stmt) => {
                self.check_condition(&while_stmt.test);
                self.check_body(&while_stmt.body);
                self.check_body(&while_stmt.orelse);
            }
            Stmt::If(if_stmt) => {
                self.check_condition(&if_stmt.test);
                self.check_body(&if_stmt.body);
                for clause in &if_stmt.elif_else_clauses {
                    if let Some(test) = &clause.test
                        && self.inferrer.index.is_test_reachable(test)
                    {
                        self.check_condition(test);
                    }
                    self.check_body(&clause.body);
                }
            }
            Stmt::With(with) => {
                for item in &with.items {
                    let manager = self.inferrer.infer_value(&item.context_expr);
                    self.inferrer
                        .enter_context(manager, &item.context_expr, with.is_async, true);
                    if let Some(vars) = &item.optional_vars {
                        self.inferrer.infer_target_names(vars);
                    }
                }
                self.check_body(&with.body);
            }
            Stmt::Match(match_stmt) => {
                self.infer(&match_stmt.subject);
                for case in &match_stmt.cases {
                    self.check_pattern(&case.pattern);
                    if let Some(guard) = &case.guard {
                        self.infer(guard);
                    }
                    self.check_body(&case.body);
                }
            }
            Stmt::Raise(raise) => {
                if let Some(exc) = &raise.exc {
                    self.infer(exc);
                }
                if let Some(cause) = &raise.cause {
                    self.infer(cause);
                }
            }
            Stmt::Try(try_stmt) => {
                self.check_body(&try_stmt.body);
                for handler in &try_stmt.handlers {
                    let ExceptHandler::ExceptHandler(handler) = handler;
                    if let Some(type_) = &handler.type_ {
                        self.infer(type_);
                    }
                    self.check_body(&handler.body);
                }
                self.check_body(&try_stmt.orelse);
                self.check_body(&try_stmt.finalbody);
            }
            Stmt::Assert(assert) => {
                self.check_condition(&assert.test);
                if let Some(msg) = &assert.msg {
                    self.infer(msg);
                }
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    if self.db.resolve_module_from(self.file, alias.name.id.as_str()).is_none() {
                        let message = format!("Cannot resolve imported module `{}`", alias.name.id);
                        self.report(alias.name.range, Rule::UnresolvedImport, message);
                    }
                }
            }
            Stmt::ImportFrom(import) => self.check_import_from(import),
            Stmt::Expr(expr) => {
                let ty = self.infer(&expr.value);
                self.check_unused_awaitable(&expr.value, ty);
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            Stmt::IpyEscapeCommand(_) => {}
        }
    }

    /// A condition that is an awaitable (a coroutine, task or future object) is always true:
    /// the result of awaiting it was almost certainly meant.
    fn check_condition(&mut self, test: &'static Expr) {
        let ty = self.infer(test);
        if self.is_awaitable(ty) {
            let message = format!(
                "Condition is always true: an object of type `{}` is truthy; did you forget `await`?",
                self.display(ty)
            );
            self.report(test.range(), Rule::RedundantCondition, message);
        }
    }

    /// Whether every possible value of `ty` is an awaitable object.
    fn is_awaitable(&self, ty: Type) -> bool {
        let db = self.db;
        let Some(awaitable) = db.known_class("typing", "Awaitable") else {
            return false;
        };
        let is_awaitable = |member: Type| {
            matches!(db.kind(member), TypeKind::Instance(_))
                && crate::relation::fallback_instance(db, member)
                    .is_some_and(|class| db.upcast(&class, awaitable).is_some())
        };
        match db.kind(ty) {
            TypeKind::Union(members) => members.iter().all(|m| is_awaitable(*m)),
            _ => is_awaitable(ty),
        }
    }

    /// An awaitable evaluated as a statement and dropped never runs (a coroutine) or is never
    /// waited for (a task or future): almost always a forgotten `await`.
    fn check_unused_awaitable(&mut self, expr: &'static Expr, ty: Type) {
        if matches!(
            expr,
            Expr::Await(_) | Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Named(_)
        ) {
            return;
        }
        if let Expr::Call(call) = expr
            && matches!(&*call.func, Expr::Name(n) if matches!(n.id.as_str(), "reveal_type" | "assert_type"))
        {
            return;
        }
        if self.is_awaitable(ty) {
            let message = format!(
                "Object of type `{}` is an awaitable that is never awaited; did you forget `await`?",
                self.display(ty)
            );
            self.report(expr.range(), Rule::UnusedAwaitable, message);
        }
    }

    fn check_import_from(&mut self, import: &'static ruff_python_ast::StmtImportFrom) {
        let db = self.db;
        let module_name = db.import_from_module_name(self.file, import);
        let Some(module) = module_name
            .as_deref()
            .and_then(|name| db.resolve_module_from(self.file, name))
        else {
            let shown = match (&import.module, import.level) {
                (Some(module), 0) => module.id.to_string(),
                (module, level) => format!(
                    "{}{}",
                    ".".repeat(level as usize),
                    module.as_ref().map_or("", |m| m.id.as_str())
                ),
            };
            let range = import.module.as_ref().map_or(import.range, |m| m.range);
            self.report(
                range,
                Rule::UnresolvedImport,
                format!("Cannot resolve imported module `{shown}`"),
            );
            return;
        };
        for alias in &import.names {
            if alias.name.as_str() == "*" {
                continue;
            }
            match db.module_member(&module, alias.name.id.as_str()) {
                None => {
                    let message = format!("Module `{}` has no member `{}`", module.name, alias.name.id);
                    self.report(alias.name.range, Rule::UnresolvedImport, message);
                }
                Some(member) => {
                    if let Some(message) = db.deprecated_use_message(member) {
                        self.report(alias.name.range, Rule::Deprecated, message);
                    }
                }
            }
        }
    }

    /// The type of an assigned value where `declared` is wanted: a display is typed by the
    /// declaration (`x: list[float]` then `x = [1]`). `value` is the type being assigned, which
    /// is the whole value's only when the target is not part of an unpacking.
    fn value_in_context(&mut self, value: Type, value_expr: &'static Expr, declared: Type) -> Type {
        if value == self.infer(value_expr) {
            // The parts of a shared value were reported by its inference already.
            let shared = self.inferrer.is_shared_value(value_expr);
            self.inferrer
                .quietly_if(shared, |inferrer| inferrer.infer_in_context(value_expr, declared))
        } else {
            value
        }
    }

    /// A class may not derive from a `@final` class, nor from an enum that defines members
    /// (the typing spec makes such an enum implicitly final).
    fn check_final_bases(&mut self, class: &'static ruff_python_ast::StmtClassDef, bases: &[Type]) {
        let db = self.db;
        let Some(arguments) = &class.arguments else {
            return;
        };
        for (base_type, base_expr) in bases.iter().zip(&arguments.args) {
            let TypeKind::ClassLiteral(base) = db.kind(*base_type) else {
                continue;
            };
            let reason = if db.is_final_class(base.class) {
                "it is decorated with `@final`"
            } else if db.enum_has_members(base.class) {
                "an enum that defines members is implicitly final"
            } else {
                continue;
            };
            let message = format!(
                "Class `{}` cannot derive from `{}`: {reason}",
                class.name,
                db.class_name(base.class)
            );
            self.report(base_expr.range(), Rule::SubclassOfFinalClass, message);
        }
    }

    /// In an enum class body that declares `_value_: T` (and no `__init__`/`__new__`, which
    /// would receive the assigned values instead), a member's value must be a `T`.
    fn check_enum_member_value(&mut self, assign: &'static ruff_python_ast::StmtAssign, value: Type) {
        let db = self.db;
        let index = db.index(self.file);
        let [Expr::Name(target)] = &assign.targets[..] else {
            return;
        };
        let scope = index.scope(self.inferrer.scope);
        let Some((class_node, class)) = self.enclosing_class() else {
            return;
        };
        let declares_value = scope
            .symbol("_value_")
            .is_some_and(|symbol| scope.symbol_data(symbol).flags.declared);
        if !declares_value || scope.symbol("__init__").is_some() || scope.symbol("__new__").is_some() {
            return;
        }
        let is_member = db.is_enum_member(class, target.id.as_str());
        let Some(declared) = db.own_class_member(class, "_value_") else {
            return;
        };
        let is_auto = matches!(db.kind(value), TypeKind::Instance(instance)
            if Some(instance.class) == db.known_class("enum", "auto"));
        if !is_member || is_auto || is_assignable(db, value, declared) {
            return;
        }
        let message = format!(
            "Object of type `{}` is not assignable to `{}` (the declared type of `_value_` of enum `{}`)",
            self.display(value),
            self.display(declared),
            class_node.name
        );
        self.report(assign.value.range(), Rule::InvalidAssignment, message);
    }

    /// The fields a named tuple class declares: as at runtime, a field name may not start with
    /// an underscore, and a field without a default may not follow one with a default.
    fn check_named_tuple_fields(&mut self, class: &'static ruff_python_ast::StmtClassDef) {
        let db = self.db;
        let index = db.index(self.file);
        let Some(definition) = index.definition_of_node(class) else {
            return;
        };
        let class_id = crate::ClassId {
            file: self.file,
            definition,
        };
        if db.tuple_elements(class_id).is_none() {
            return;
        }
        let Some(constructor) = db.synthesized_constructor(class_id) else {
            return;
        };
        let is_field = |name: &str| {
            constructor
                .parameters
                .iter()
                .any(|parameter| parameter.name.as_ref().is_some_and(|field| field.as_str() == name))
        };
        let mut after_default = false;
        for ann in crate::dataclass::field_declarations(db, self.file, &class.body) {
            let Expr::Name(target) = &*ann.target else { continue };
            if !is_field(target.id.as_str()) {
                continue;
            }
            if target.id.starts_with('_') {
                let message = format!("Named tuple field `{}` must not start with an underscore", target.id);
                self.report(target.range(), Rule::InvalidNamedTuple, message);
            } else if ann.value.is_none() && after_default {
                let message = format!(
                    "Named tuple field `{}` has no default but follows a field with a default",
                    target.id
                );
                self.report(target.range(), Rule::InvalidNamedTuple, message);
            }
            after_default |= ann.value.is_some();
        }
    }

    /// The class whose body is the scope being checked.
    fn enclosing_class(&self) -> Option<(&'static ruff_python_ast::StmtClassDef, crate::ClassId)> {
        let index = self.db.index(self.file);
        let ScopeKind::Class(class_node) = index.scope(self.inferrer.scope).kind else {
            return None;
        };
        let definition = index.definition_of_node(class_node)?;
        Some((
            class_node,
            crate::ClassId {
                file: self.file,
                definition,
            },
        ))
    }

    /// `RED: int = 1` in an enum body: a member's type is the enum, so the typing spec has its
    /// annotation reported as misleading.
    fn check_annotated_enum_member(&mut self, ann: &'static ruff_python_ast::StmtAnnAssign) {
        let db = self.db;
        let (Expr::Name(target), Some(_)) = (&*ann.target, &ann.value) else {
            return;
        };
        let Some((class_node, class)) = self.enclosing_class() else {
            return;
        };
        let is_member = db.is_enum_member(class, target.id.as_str());
        if is_member {
            let message = format!(
                "Enum member `{}` must not be annotated: its type is the enum `{}`",
                target.id, class_node.name
            );
            self.report(ann.annotation.range(), Rule::InvalidTypeForm, message);
        }
    }

    /// `ClassVar` and `Final` qualify a variable: see `annotation_qualifiers.rs`.
    fn check_class_var_and_final(&mut self, ann: &'static ruff_python_ast::StmtAnnAssign) {
        use super::annotation_qualifiers::{ClassKind, VariableSite};
        let db = self.db;
        let class = self.enclosing_class().map(|(_, class)| class);
        let class_kind = match class {
            Some(class) if db.is_typed_dict(class) => ClassKind::TypedDict,
            Some(class) if db.is_named_tuple_class(class) => ClassKind::NamedTuple,
            Some(class) if db.is_dataclass(class) => ClassKind::Dataclass,
            _ => ClassKind::Plain,
        };
        let index = db.index(self.file);
        let in_init = matches!(
            index.scope(self.inferrer.scope).kind,
            ScopeKind::Function(function) if function.name.as_str() == "__init__"
        );
        let scope = self.inferrer.scope;
        let bound_by_methods = match &*ann.target {
            Expr::Name(target) => {
                class.is_some_and(|class| db.class_info(class).is_protocol)
                    || index.instance_attribute(scope, target.id.as_str()).is_some()
            }
            _ => false,
        };
        let site = VariableSite {
            class,
            class_kind,
            bound_by_methods,
            in_init,
            is_stub: db.file_data(self.file).is_stub(),
        };
        let problems = super::annotation_qualifiers::check_variable(&mut self.inferrer, ann, &site);
        self.diagnostics.extend(problems);
    }

    /// `Required`, `NotRequired` and `ReadOnly` qualify the keys of a TypedDict: anywhere else
    /// they are invalid, and `Required`/`NotRequired` may not wrap one another.
    fn check_typed_dict_qualifiers(&mut self, ann: &'static ruff_python_ast::StmtAnnAssign) {
        let qualifiers = self.inferrer.typed_dict_qualifiers(&ann.annotation);
        let Some((first, first_range)) = qualifiers.first().copied() else {
            return;
        };
        let in_typed_dict = matches!(&*ann.target, Expr::Name(_))
            && self
                .enclosing_class()
                .is_some_and(|(_, class)| self.db.is_typed_dict(class));
        if !in_typed_dict {
            let message = format!(
                "`{}` is only allowed in the annotation of a TypedDict key",
                crate::display::special_form_name(first)
            );
            self.report(first_range, Rule::InvalidTypeForm, message);
            return;
        }
        let requiredness: Vec<_> = qualifiers
            .iter()
            .filter(|(form, _)| matches!(form, SpecialForm::Required | SpecialForm::NotRequired))
            .collect();
        if let [_, (inner, range), ..] = requiredness[..] {
            let message = format!(
                "`{}` cannot be nested in `Required` or `NotRequired`",
                crate::display::special_form_name(*inner)
            );
            self.report(*range, Rule::InvalidTypeForm, message);
        }
    }

    /// The fields of a named tuple cannot be assigned or deleted (it is an immutable tuple):
    /// reports `verb` ("assign to", "delete") on `name` of `object` if it is such a field.
    fn report_named_tuple_field_change(&mut self, object: Type, name: &str, range: TextRange, verb: &str) -> bool {
        let db = self.db;
        let TypeKind::Instance(instance) = db.kind(object).clone() else {
            return false;
        };
        let is_field = db.is_named_tuple_field(instance.class, name);
        if is_field {
            let message = format!(
                "Cannot {verb} field `{name}` of named tuple `{}`: its fields are read-only",
                db.class_name(instance.class)
            );
            self.report(range, Rule::InvalidAssignment, message);
        }
        is_field
    }

    /// `del x[i]`: a tuple-like instance (a named tuple) has no items to delete; a TypedDict item
    /// is checked by `check_typed_dict_item_deletion`.
    fn check_item_deletion(&mut self, subscript: &'static ruff_python_ast::ExprSubscript) {
        let db = self.db;
        let object = self.infer(&subscript.value);
        if let TypeKind::Instance(instance) = db.kind(object).clone()
            && db.tuple_elements(instance.class).is_some()
        {
            let message = format!(
                "Cannot delete an item of `{}`: a tuple is immutable",
                self.display(object)
            );
            self.report(subscript.range(), Rule::NotSubscriptable, message);
            return;
        }
        self.check_typed_dict_item_deletion(subscript);
    }

    /// Assignments to a name with a declared type, or to a declared attribute.
    fn check_assignment_target(&mut self, target: &'static Expr, value: Type, value_expr: &'static Expr) {
        let db = self.db;
        match target {
            Expr::Name(name) => {
                let Some(declared) = self.declared_name_type(target) else {
                    return;
                };
                let value = self.value_in_context(value, value_expr, declared);
                if !is_assignable(db, value, declared) {
                    let message = format!(
                        "Object of type `{}` is not assignable to `{}` (the declared type of `{}`)",
                        self.display(value),
                        self.display(declared),
                        name.id
                    );
                    self.report(value_expr.range(), Rule::InvalidAssignment, message);
                }
            }
            Expr::Attribute(attribute) => {
                self.check_protocol_self_assignment(attribute);
                self.check_attribute_assignment(attribute, value, value_expr);
            }
            Expr::Subscript(subscript) => {
                let object = self.infer(&subscript.value);
                let index = self.infer(&subscript.slice);
                if object.is_dynamic() || crate::relation::has_dynamic_member(db, object) {
                    return;
                }
                if self.check_typed_dict_item_assignment(object, index, value, subscript, value_expr) {
                    return;
                }
                if self
                    .inferrer
                    .call_dunder_silently(object, "__setitem__", &[index, value])
                    .is_some()
                {
                    return;
                }
                // A display is typed by the items the container holds, as in an assignment to a
                // declared name: `out["k"] = [1]` of a `dict[str, list[float]]`.
                if let Some(item) = self.inferrer.call_dunder_silently(object, "__getitem__", &[index]) {
                    let contextual = self.value_in_context(value, value_expr, item);
                    if contextual != value
                        && self
                            .inferrer
                            .call_dunder_silently(object, "__setitem__", &[index, contextual])
                            .is_some()
                    {
                        return;
                    }
                }
                let message = if self.inferrer.has_dunder(object, "__setitem__") {
                    format!(
                        "Cannot assign `{}` to an item of `{}` with key `{}`: `__setitem__` does not accept them",
                        self.display(value),
                        self.display(object),
                        self.display(index)
                    )
                } else {
                    format!(
                        "Object of type `{}` does not support item assignment",
                        self.display(object)
                    )
                };
                let rule = if self.inferrer.has_dunder(object, "__setitem__") {
                    Rule::InvalidAssignment
                } else {
                    Rule::NotSubscriptable
                };
                self.report(target.range(), rule, message);
            }
            Expr::Tuple(tuple) => self.check_unpacking(target, &tuple.elts, value, value_expr),
            Expr::List(list) => self.check_unpacking(target, &list.elts, value, value_expr),
            Expr::Starred(starred) => self.inferrer.infer_target_names(&starred.value),
            _ => {}
        }
    }

    /// `a, b = value`: the value must be iterable with the right number of elements, and each
    /// element must fit its target.
    fn check_unpacking(
        &mut self,
        target: &'static Expr,
        elements: &'static [Expr],
        value: Type,
        value_expr: &'static Expr,
    ) {
        let db = self.db;
        let starred = elements.iter().any(|e| matches!(e, Expr::Starred(_)));
        // A named tuple unpacks as its tuple; a union of tuples of the right length, position
        // by position.
        let as_tuple = |ty: Type| -> Option<Box<[Type]>> {
            match db.kind(ty) {
                TypeKind::Tuple(values) => Some(values.clone()),
                TypeKind::Instance(instance) => db.instance_tuple_elements(instance),
                _ => None,
            }
        };
        let value = crate::tuple_shape::for_unpacking(db, value, elements.len(), starred);
        let value = match db.kind(value).clone() {
            TypeKind::Instance(_) => as_tuple(value).map_or(value, |values| db.intern(TypeKind::Tuple(values))),
            TypeKind::Union(members) if !starred => {
                let tuples: Option<Vec<Box<[Type]>>> = members.iter().map(|member| as_tuple(*member)).collect();
                match tuples {
                    Some(tuples) if tuples.iter().all(|values| values.len() == elements.len()) => {
                        let positions: Box<[Type]> = (0..elements.len())
                            .map(|position| crate::relation::union(db, tuples.iter().map(|values| values[position])))
                            .collect();
                        db.intern(TypeKind::Tuple(positions))
                    }
                    _ => value,
                }
            }
            _ => value,
        };
        let element_types: Vec<Type> = match db.kind(value).clone() {
            TypeKind::Tuple(values) => {
                let (count, found) = (elements.len(), values.len());
                let fits = if starred { found + 1 >= count } else { found == count };
                if !fits {
                    let message = if found > count {
                        format!("Too many values to unpack: expected {count}, found {found}")
                    } else {
                        format!(
                            "Not enough values to unpack: expected {}{count}, found {found}",
                            if starred { "at least " } else { "" }
                        )
                    };
                    self.report(target.range(), Rule::InvalidAssignment, message);
                    self.inferrer.infer_target_names(target);
                    return;
                }
                if starred {
                    // Element types are checked per name by inference; no per-position check.
                    vec![Type::UNKNOWN; count]
                } else {
                    values.to_vec()
                }
            }
            _ => {
                let element = self.inferrer.iterate(value, value_expr, true);
                vec![element; elements.len()]
            }
        };
        for (element, ty) in elements.iter().zip(element_types) {
            match element {
                Expr::Starred(starred) => self.inferrer.infer_target_names(&starred.value),
                other => self.check_assignment_target(other, ty, value_expr),
            }
        }
    }

    /// The declared type of the name a store target binds: its annotation, or the annotation
    /// of the parameter it rebinds.
    fn declared_name_type(&mut self, target: &'static Expr) -> Option<Type> {
        let db = self.db;
        let index = db.index(self.file);
        let definition = index.definition_of_node(target)?;
        let def = index.definition(definition);
        let mut scope = index.scope(def.symbol_scope);
        let mut symbol = def.symbol;
        // `nonlocal x`: the declaration lives in the enclosing function that binds `x`.
        if scope.symbol_data(symbol).flags.nonlocal {
            let name = scope.symbol_data(symbol).name.clone();
            let owner = index.parent_scopes(def.symbol_scope).skip(1).find(|id| {
                let data = index.scope(*id);
                data.kind.is_function_like()
                    && data
                        .symbol(name.as_str())
                        .is_some_and(|s| data.symbol_data(s).flags.bound && !data.symbol_data(s).flags.nonlocal)
            })?;
            scope = index.scope(owner);
            symbol = scope.symbol(name.as_str())?;
        }
        let definitions = &scope.all_definitions[symbol.index()];
        let declared = definitions
            .iter()
            .filter(|d| matches!(index.definition(**d).kind, DefinitionKind::AnnotatedAssignment(_)))
            .find_map(|d| db.declared_type(self.file, *d));
        if declared.is_some() {
            return declared;
        }
        definitions.iter().find_map(|d| match index.definition(*d).kind {
            DefinitionKind::Parameter { parameter, .. } if parameter.annotation.is_some() => {
                Some(db.definition_type(self.file, *d))
            }
            _ => None,
        })
    }

    /// A frozen dataclass cannot inherit from a non-frozen one, nor the other way round.
    /// Also, a field without a default cannot follow one with a default (reported at the
    /// decorator, which makes the fields parameters).
    fn check_dataclass_inheritance(&mut self, class: &ruff_python_ast::StmtClassDef, id: crate::ClassId) {
        if let Some((field, earlier)) = self.db.field_without_default_after_default(id) {
            let message = format!(
                "Field `{field}` of dataclass `{}` has no default but follows field `{earlier}`, which has one",
                class.name
            );
            let range = class.decorator_list.first().map_or(class.name.range, |d| d.range);
            self.report(range, Rule::InvalidDataclass, message);
        }
        self.check_post_init(class, id);
        if self.db.slots_declared_twice(id) {
            let message = format!(
                "Dataclass `{}` is made with `slots=True` but already defines `__slots__`",
                class.name
            );
            self.report(class.name.range, Rule::InvalidDataclass, message);
        }
        for (declaration, base, class_var) in self.db.class_var_conflicts(id) {
            let (own, inherited) = if class_var {
                ("a `ClassVar`", "a field")
            } else {
                ("a field", "a `ClassVar`")
            };
            let message = format!(
                "`{}` is declared as {own} in dataclass `{}` but as {inherited} in its base `{}`",
                match &*declaration.target {
                    ruff_python_ast::Expr::Name(name) => name.id.as_str(),
                    _ => "?",
                },
                class.name,
                self.db.class_name(base)
            );
            self.report(declaration.target.range(), Rule::InvalidDataclass, message);
        }
        let Some((base, frozen)) = self.db.frozen_inheritance_mismatch(id) else {
            return;
        };
        let (own, other) = if frozen {
            ("frozen", "non-frozen")
        } else {
            ("non-frozen", "frozen")
        };
        let message = format!(
            "Dataclass `{}` is {own} but inherits from the {other} dataclass `{}`: both must be frozen or neither",
            class.name,
            self.db.class_name(base)
        );
        self.report(class.name.range, Rule::InvalidDataclass, message);
    }

    /// A dataclass's own `__post_init__` receives the `InitVar`s (its bases' first) after
    /// `self`: it must take as many positionally, each accepting the `InitVar`'s type.
    fn check_post_init(&mut self, class: &ruff_python_ast::StmtClassDef, id: crate::ClassId) {
        let Some(post_init) = class.body.iter().find_map(|stmt| match stmt {
            Stmt::FunctionDef(function) if function.name.as_str() == "__post_init__" => Some(function),
            _ => None,
        }) else {
            return;
        };
        let init_vars = self.db.init_vars(id);
        if init_vars.is_empty() {
            return;
        }
        let Some(definition) = self.db.index(self.file).definition_of_node(post_init) else {
            return;
        };
        let signature = self.db.function_signature(FunctionId {
            file: self.file,
            definition,
        });
        let positional: Vec<_> = signature
            .parameters
            .iter()
            .skip(1)
            .filter(|p| {
                matches!(
                    p.kind,
                    crate::ty::ParameterKind::PositionalOnly | crate::ty::ParameterKind::PositionalOrKeyword
                )
            })
            .collect();
        let variadic = signature
            .parameters
            .iter()
            .any(|p| p.kind == crate::ty::ParameterKind::VarArgs);
        if positional.len() < init_vars.len() && !variadic {
            let missing: Vec<String> = init_vars[positional.len()..]
                .iter()
                .map(|(name, _)| format!("`{name}`"))
                .collect();
            let message = format!(
                "`__post_init__` of dataclass `{}` takes no parameter for the `InitVar` {}",
                class.name,
                missing.join(", ")
            );
            self.report(post_init.name.range, Rule::InvalidDataclass, message);
        }
        for ((name, ty), parameter) in init_vars.iter().zip(&positional) {
            if parameter.annotated && !is_assignable(self.db, *ty, parameter.ty) {
                let message = format!(
                    "`__post_init__` parameter for the `InitVar` `{name}` of `{}` expects `{}`, but the `InitVar` is `{}`",
                    class.name,
                    self.display(parameter.ty),
                    self.display(*ty)
                );
                self.report(post_init.name.range, Rule::InvalidDataclass, message);
            }
        }
    }

    /// `obj.attr = value`: the attribute must exist (unless the class is dynamic), must not be a
    /// read-only property, and the value must fit its declared type.
    fn check_attribute_assignment(
        &mut self,
        attribute: &'static ruff_python_ast::ExprAttribute,
        value: Type,
        value_expr: &'static Expr,
    ) {
        let db = self.db;
        let object = self.infer(&attribute.value);
        let name = attribute.attr.as_str();
        self.inferrer.check_deprecated_setter(object, name, attribute.range());
        if self.report_named_tuple_field_change(object, name, attribute.range(), "assign to") {
            return;
        }
        if let Some(message) = self.inferrer.generic_attribute_on_class(object, name) {
            self.report(attribute.range, Rule::InvalidAssignment, message);
            return;
        }
        let Some(class) = assignment_owner(db, object) else {
            return;
        };
        if let Some(declared_final) = db.final_attribute(class.class, name)
            && !self.binds_final_in_init(&declared_final, object)
        {
            self.report_final_attribute_assignment(attribute, &declared_final);
            return;
        }
        if matches!(db.kind(object), TypeKind::Instance(_) | TypeKind::TypeVar(_))
            && let Some(owner) = db.class_var_owner(class.class, name)
        {
            let message = format!(
                "Cannot assign to `{name}` through an instance: it is declared `ClassVar` in `{}`; assign it on the class instead",
                db.class_name(owner)
            );
            self.report(attribute.range, Rule::InvalidAssignment, message);
            return;
        }
        if matches!(db.kind(object), TypeKind::Instance(_))
            && let Some(owner) = db.frozen_field_owner(class.class, name)
        {
            let message = format!(
                "Field `{name}` of `{}` cannot be assigned: `{}` is a frozen dataclass",
                db.class_name(owner),
                db.class_name(class.class)
            );
            self.report(attribute.range, Rule::InvalidAssignment, message);
            return;
        }
        // `Self` in the declaration stands for the object assigned through.
        let receiver = match db.kind(object) {
            TypeKind::Instance(_) | TypeKind::TypeVar(_) => object,
            _ => db.intern(TypeKind::Instance(class.clone())),
        };
        if let Some(declared) = self.declared_attribute_type(&class, name, receiver) {
            // A field with a converter takes what the converter accepts.
            let declared = db.field_converter_input(&class, name).unwrap_or(declared);
            let value = self.value_in_context(value, value_expr, declared);
            if !is_assignable(db, value, declared) {
                let message = format!(
                    "Object of type `{}` is not assignable to attribute `{name}` of type `{}`",
                    self.display(value),
                    self.display(declared)
                );
                self.report(value_expr.range(), Rule::InvalidAssignment, message);
            }
            return;
        }
        if let Some(property_owner) = self.read_only_property(&class, name) {
            let message = format!(
                "Attribute `{name}` of `{property_owner}` is a property without a setter and cannot be assigned"
            );
            self.report(attribute.range, Rule::InvalidAssignment, message);
            return;
        }
        let info = db.class_info(class.class);
        let custom_setattr = db
            .class_member_owner(&class, "__setattr__")
            .is_some_and(|owner| Some(owner.class) != db.known_class("builtins", "object"));
        let instance = matches!(db.kind(object), TypeKind::Instance(_) | TypeKind::TypeVar(_));
        if !custom_setattr && instance && db.slots_exclude(class.class, name) {
            let message = format!(
                "Object of type `{}` has no attribute `{name}` to assign: its class defines `__slots__` without `{name}`; add it to `__slots__`",
                self.display(object)
            );
            self.report(attribute.range, Rule::UnresolvedAttribute, message);
            return;
        }
        if !info.has_dynamic_base && !custom_setattr && instance && db.member(object, name).is_none() {
            let message = format!(
                "Object of type `{}` has no attribute `{name}` to assign",
                self.display(object)
            );
            self.report(attribute.range, Rule::UnresolvedAttribute, message);
        }
    }

    fn check_protocol_self_assignment(&mut self, attribute: &'static ruff_python_ast::ExprAttribute) {
        let scope = self.inferrer.scope;
        let found =
            super::protocol_self_attributes::check_protocol_self_assignment(self.db, self.file, scope, attribute);
        self.diagnostics.extend(found);
    }

    /// Whether this assignment is the one binding a `Final` attribute declared without a value:
    /// through an instance, in `__init__` of the declaring class.
    fn binds_final_in_init(&self, declared: &crate::final_attributes::FinalAttribute, object: Type) -> bool {
        let Some(function) = &self.function else {
            return false;
        };
        !declared.has_value
            && matches!(self.db.kind(object), TypeKind::Instance(_) | TypeKind::TypeVar(_))
            && function.node.name.as_str() == "__init__"
            && self.file == declared.owner.file
            && self.db.index(self.file).scope(self.inferrer.scope).parent == Some(declared.body)
    }

    fn report_final_attribute_assignment(
        &mut self,
        attribute: &'static ruff_python_ast::ExprAttribute,
        declared: &crate::final_attributes::FinalAttribute,
    ) {
        let name = attribute.attr.as_str();
        let owner = self.db.class_name(declared.owner);
        let message = if declared.has_value {
            format!(
                "Cannot assign to `{name}`: it is declared `Final` in `{owner}` and already bound there; a `Final` attribute is bound only once"
            )
        } else {
            format!(
                "Cannot assign to `{name}`: it is declared `Final` in `{owner}`, so only `{owner}.__init__` may bind it (once, through `self`)"
            )
        };
        self.report(attribute.range, Rule::InvalidAssignment, message);
    }

    /// If `name` on the class is a `@property` without a setter, the name of the class that
    /// defines it.
    fn read_only_property(&self, class: &crate::ClassType, name: &str) -> Option<String> {
        self.db.read_only_property_owner(class, name)
    }

    /// The declared type of an attribute: an annotation in a class body of the MRO, or on
    /// `self.x: T` in a method.
    fn declared_attribute_type(&mut self, class: &crate::ClassType, name: &str, receiver: Type) -> Option<Type> {
        let db = self.db;
        for entry in db.mro_of(class) {
            let info = db.class_info(entry.class);
            let Some(scope) = db.class_body_scope(entry.class, &info) else {
                continue;
            };
            let index = db.index(entry.class.file);
            let scope_data = index.scope(scope);
            let in_body = scope_data
                .symbol(name)
                .map(|symbol| &scope_data.all_definitions[symbol.index()]);
            let on_self = index.instance_attribute(scope, name);
            let candidates = in_body.into_iter().flatten().chain(on_self.into_iter().flatten());
            for definition in candidates {
                if let Some(declared) = db.declared_type(entry.class.file, *definition) {
                    let mut substitution = crate::Substitution::for_class(db, &entry);
                    substitution.insert(crate::TypeVarId::SelfOf(entry.class), receiver);
                    return Some(substitution.apply(db, declared));
                }
            }
            // A binding in the class body (a method, a plain `x = 1`) is the class's own
            // attribute; undeclared `self.x = ...` assignments in its methods declare nothing, so
            // a base's declaration still governs them.
            if in_body.is_some_and(|definitions| !definitions.is_empty()) {
                return None;
            }
        }
        None
    }

    /// The expressions a `match` pattern evaluates: values, classes and mapping keys.
    fn check_pattern(&mut self, pattern: &'static ruff_python_ast::Pattern) {
        use ruff_python_ast::Pattern;
        match pattern {
            Pattern::MatchValue(value) => {
                self.infer(&value.value);
            }
            Pattern::MatchSingleton(_) | Pattern::MatchStar(_) => {}
            Pattern::MatchSequence(sequence) => {
                for p in &sequence.patterns {
                    self.check_pattern(p);
                }
            }
            Pattern::MatchMapping(mapping) => {
                for key in &mapping.keys {
                    self.infer(key);
                }
                for p in &mapping.patterns {
                    self.check_pattern(p);
                }
            }
            Pattern::MatchClass(class) => {
                self.infer(&class.cls);
                for p in &class.arguments.patterns {
                    self.check_pattern(p);
                }
                for keyword in &class.arguments.keywords {
                    self.check_pattern(&keyword.pattern);
                }
            }
            Pattern::MatchAs(as_pattern) => {
                if let Some(p) = &as_pattern.pattern {
                    self.check_pattern(p);
                }
            }
            Pattern::MatchOr(or) => {
                for p in &or.patterns {
                    self.check_pattern(p);
                }
            }
        }
    }

    /// A class statement: its decorators, bases and keywords, and the rules on the class as a
    /// whole; its body is a scope of its own, checked next.
    fn check_class(&mut self, class: &'static ruff_python_ast::StmtClassDef) {
        let index = self.db.index(self.file);
        for decorator in &class.decorator_list {
            self.infer(&decorator.expression);
        }
        self.check_named_tuple_fields(class);
        if let Some(definition) = index.definition_of_node(class)
            && self
                .db
                .class_info(crate::ClassId {
                    file: self.file,
                    definition,
                })
                .is_cyclic
        {
            let message = format!(
                "Class `{}` has a cyclic definition: it inherits from itself",
                class.name
            );
            self.report(class.name.range, Rule::CyclicClassDefinition, message);
        }
        if let Some(definition) = index.definition_of_node(class) {
            let id = crate::ClassId {
                file: self.file,
                definition,
            };
            self.diagnostics
                .extend(super::protocol_bases::check_protocol_bases(self.db, id, class));
            self.diagnostics
                .extend(crate::disjoint_bases::check_disjoint_bases(self.db, id, class));
            let type_var_tuples =
                super::type_var_tuple_params::check_type_var_tuple_params(self.db, &mut self.inferrer, class);
            self.diagnostics.extend(type_var_tuples);
            self.diagnostics
                .extend(super::variance::check_base_variance(self.db, id, class));
            self.diagnostics
                .extend(super::variance::check_protocol_variance(self.db, id, class));
            self.diagnostics
                .extend(super::method_variance::check_method_variance(self.db, id, class));
            self.diagnostics
                .extend(super::type_params::check_base_arguments_agree(self.db, id, class));
            let declarations = super::type_params::check_class_type_params(&mut self.inferrer, class);
            self.diagnostics.extend(declarations);
            self.diagnostics
                .extend(super::type_variable_scope::check_class_parameters(self.db, id, class));
            self.diagnostics.extend(super::typevar_defaults::check_class_parameters(
                self.db,
                id,
                class.name.range,
            ));
            self.diagnostics
                .extend(super::typed_dict_classes::check_typed_dict_class(self.db, id, class));
            self.diagnostics
                .extend(super::typed_dict_extra_items_classes::check_extra_items_keywords(
                    self.db, id, class,
                ));
            self.diagnostics
                .extend(super::named_tuple_classes::check_named_tuple_class(self.db, id, class));
            if class.type_params.is_some() {
                let bases: Vec<Type> = self
                    .db
                    .class_info(id)
                    .bases
                    .iter()
                    .map(|base| self.db.intern(TypeKind::Instance(base.clone())))
                    .collect();
                self.diagnostics
                    .extend(super::type_variables::check_mixed_type_parameters(
                        self.db,
                        &class.name,
                        "Class",
                        bases,
                    ));
            }
        }
        if let Some(definition) = index.definition_of_node(class) {
            self.check_dataclass_inheritance(
                class,
                crate::ClassId {
                    file: self.file,
                    definition,
                },
            );
        }
        let overrides = super::overrides::check_method_overrides(self.db, self.file, class);
        self.diagnostics.extend(overrides);
        let base_scope = class
            .type_params
            .as_deref()
            .and_then(|params| index.scope_of_node(params))
            .unwrap_or(self.inferrer.scope);
        if let Some(arguments) = &class.arguments {
            let bases: Vec<Type> = self.inferrer.in_scope(base_scope, |inferrer| {
                arguments
                    .args
                    .iter()
                    .map(|arg| inferrer.infer_expression(arg))
                    .collect()
            });
            self.check_final_bases(class, &bases);
            let subscript_heads: Vec<Option<Type>> = self.inferrer.in_scope(base_scope, |inferrer| {
                arguments
                    .args
                    .iter()
                    .map(|arg| match arg {
                        Expr::Subscript(subscript) => Some(inferrer.infer_expression(&subscript.value)),
                        _ => None,
                    })
                    .collect()
            });
            self.diagnostics
                .extend(super::self_type::check_self_base(self.db, &arguments.args, &bases));
            self.diagnostics
                .extend(super::protocol_bases::check_protocol_shorthand_with_generic(
                    self.db,
                    class,
                    &subscript_heads,
                ));
            super::newtypes::check_non_class_bases(&mut self.inferrer, class, &bases);
            self.inferrer.in_scope(base_scope, |inferrer| {
                for keyword in &arguments.keywords {
                    inferrer.infer_expression(&keyword.value);
                }
            });
        }
        if let Some(scope) = index.scope_of_node(class) {
            self.nested.push(scope);
        }
    }

    fn check_function(&mut self, function: &'static StmtFunctionDef) {
        let db = self.db;
        let index = db.index(self.file);
        for decorator in &function.decorator_list {
            self.infer(&decorator.expression);
        }
        let is_method = matches!(index.scope(self.inferrer.scope).kind, ScopeKind::Class(_));
        self.diagnostics
            .extend(super::parameters::check_parameter_order(function, is_method));
        self.diagnostics
            .extend(super::unpacked_kwargs_definitions::check_unpacked_kwargs(
                db, self.file, function,
            ));
        let enclosing = self.inferrer.scope;
        let components =
            super::param_spec_components::check_function_components(&mut self.inferrer, function, enclosing);
        self.diagnostics.extend(components);
        if let Some(definition) = index.definition_of_node(function) {
            let id = FunctionId {
                file: self.file,
                definition,
            };
            self.diagnostics.extend(super::type_guards::check_type_guard_definition(
                db, id, function, is_method,
            ));
            self.diagnostics
                .extend(super::overload_consistency::check_overload_implementation(
                    db, id, function,
                ));
            self.diagnostics
                .extend(super::type_variable_scope::check_function_parameters(db, id, function));
            if function.type_params.is_some() {
                let bounds = super::type_params::check_bounds(&mut self.inferrer, function.type_params.as_deref());
                self.diagnostics.extend(bounds);
                let signature = db.declared_signature(id);
                let types = signature
                    .parameters
                    .iter()
                    .map(|parameter| parameter.ty)
                    .chain([signature.return_type]);
                self.diagnostics
                    .extend(super::type_variables::check_mixed_type_parameters(
                        db,
                        &function.name,
                        "Function",
                        types,
                    ));
            }
        }
        if function.is_async
            && function.name.as_str() == "__init__"
            && matches!(index.scope(self.inferrer.scope).kind, ScopeKind::Class(_))
        {
            let message =
                "`__init__` cannot be `async def`: calling it returns a coroutine, but `__init__` must return `None`; \
                           do the async setup in an async factory such as `@classmethod async def create(cls)`"
                    .to_string();
            self.report(function.name.range, Rule::InvalidReturnType, message);
        }
        if let Some(definition) = index.definition_of_node(function)
            && db
                .function_flags(FunctionId {
                    file: self.file,
                    definition,
                })
                .has_other_decorators
        {
            let raw = db.function_type(FunctionId {
                file: self.file,
                definition,
            });
            self.inferrer.apply_decorators(function, raw, function.name.range);
        }
        for param in function.parameters.iter_non_variadic_params() {
            if let Some(default) = &param.default {
                self.infer(default);
            }
        }
        if let Some(definition) = index.definition_of_node(function) {
            let id = FunctionId {
                file: self.file,
                definition,
            };
            self.check_parameter_defaults(id, function);
        }
        let annotation_scope = function
            .type_params
            .as_deref()
            .and_then(|params| index.scope_of_node(params))
            .unwrap_or(self.inferrer.scope);
        let mut annotations = Vec::new();
        let mut misplaced = Vec::new();
        self.inferrer.in_scope(annotation_scope, |inferrer| {
            for (position, parameter) in function.parameters.iter().enumerate() {
                match parameter.annotation() {
                    // `*args: *Ts`: the starred form is only valid there.
                    Some(annotation @ Expr::Starred(_)) => {
                        inferrer.variadic_annotation(annotation);
                    }
                    Some(annotation) => {
                        let ty = inferrer.type_expression(annotation);
                        inferrer.report_misplaced_typed_dict_qualifier(annotation);
                        misplaced.extend(super::annotation_qualifiers::check_non_variable(inferrer, annotation));
                        annotations.push(super::self_type::MethodAnnotation {
                            range: annotation.range(),
                            ty,
                            is_receiver: position == 0,
                        });
                    }
                    None => {}
                }
            }
            if let Some(returns) = &function.returns {
                let ty = inferrer.type_expression(returns);
                inferrer.report_misplaced_typed_dict_qualifier(returns);
                misplaced.extend(super::annotation_qualifiers::check_non_variable(inferrer, returns));
                annotations.push(super::self_type::MethodAnnotation {
                    range: returns.range(),
                    ty,
                    is_receiver: false,
                });
            }
        });
        self.diagnostics.extend(misplaced);
        if let ScopeKind::Class(class_node) = index.scope(self.inferrer.scope).kind
            && let Some(class_definition) = index.definition_of_node(class_node)
            && let Some(definition) = index.definition_of_node(function)
        {
            let class = crate::ty::ClassId {
                file: self.file,
                definition: class_definition,
            };
            let id = FunctionId {
                file: self.file,
                definition,
            };
            self.diagnostics.extend(super::self_type::check_self_in_method(
                db,
                class,
                id,
                function,
                &annotations,
            ));
            self.diagnostics.extend(super::init_receiver::check_init_receiver(
                db,
                class,
                function,
                &annotations,
            ));
        }
        if let Some(scope) = index.scope_of_node(function)
            && index.definition_of_node(function).is_some()
        {
            self.nested.push(scope);
        }
    }
}

/// The class whose attribute an assignment to `object.attr` sets: instances (and `self`)
/// and class objects.
fn assignment_owner(db: &Db, object: Type) -> Option<crate::ClassType> {
    match db.kind(object) {
        TypeKind::Instance(class) | TypeKind::ClassLiteral(class) | TypeKind::SubclassOf(class) => Some(class.clone()),
        TypeKind::TypeVar(_) => crate::relation::fallback_instance(db, object),
        _ => None,
    }
}

/// A body that only holds a docstring, `...`, `pass` or `raise` (a stub or abstract method).
fn is_trivial_body(body: &[Stmt]) -> bool {
    body.iter().all(|stmt| match stmt {
        Stmt::Pass(_) | Stmt::Raise(_) => true,
        Stmt::Expr(expr) => matches!(&*expr.value, Expr::EllipsisLiteral(_) | Expr::StringLiteral(_)),
        _ => false,
    })
}
