//! Calls: matching arguments to parameters, solving the callee's type variables from the
//! argument types, checking each argument, and picking the first matching overload.

use awaitype_diagnostics::Rule;
use ruff_python_ast::name::Name;
use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};

use crate::infer::Inferrer;
use crate::relation::{is_assignable, union};
use crate::subst::Substitution;
use crate::ty::{ClassType, ParameterKind, Signature, SpecialForm, Type, TypeKind, TypeVarId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentKind {
    Positional,
    /// `*args`
    Starred,
    Keyword(Name),
    /// `**kwargs`
    DoubleStarred,
}

#[derive(Debug, Clone)]
pub struct Argument {
    pub kind: ArgumentKind,
    pub ty: Type,
    pub range: TextRange,
    /// The argument's expression, when one value is passed (not `*xs` / `**kw`): a display is
    /// re-typed by its parameter when its own type does not fit.
    pub expr: Option<&'static Expr>,
}

/// Why a call does not match a signature.
#[derive(Debug, Clone)]
pub(crate) enum CallError {
    NotCallable,
    TooManyPositional {
        expected: usize,
        found: usize,
        range: TextRange,
    },
    Missing(Vec<Name>),
    Unknown {
        name: Name,
        range: TextRange,
    },
    AlreadyAssigned {
        name: Name,
        range: TextRange,
    },
    InvalidArgument {
        parameter: Option<Name>,
        expected: Type,
        found: Type,
        range: TextRange,
    },
    NoMatchingOverload {
        candidates: Vec<Type>,
    },
    /// An explicitly specialized class whose constructor's annotated `self` (or `cls`) does not
    /// accept that specialization.
    ReceiverMismatch {
        expected: Type,
        found: Type,
    },
}

impl Inferrer<'_> {
    /// The runtime class of a type variable object (`T = TypeVar("T")` is a `TypeVar`), which is
    /// what asserting the type of `T` as a value names.
    fn type_variable_object_class(&self, ty: Type) -> Option<Type> {
        let TypeKind::KnownInstance(crate::ty::KnownInstance::TypeVar(var)) = self.db.kind(ty) else {
            return None;
        };
        let class = match self.db.typevar(*var).kind {
            crate::typevar::TypeVarKind::TypeVar => "TypeVar",
            crate::typevar::TypeVarKind::ParamSpec => "ParamSpec",
            crate::typevar::TypeVarKind::TypeVarTuple => "TypeVarTuple",
        };
        let class = self.db.known_class("typing", class)?;
        Some(self.db.intern(TypeKind::Instance(ClassType::plain(class))))
    }

    pub(crate) fn infer_call(&mut self, expr: &'static Expr, call: &'static ExprCall) -> Type {
        let callee = self.infer_expression(&call.func);
        if let TypeKind::SpecialForm(crate::ty::SpecialForm::TypeForm) = self.db.kind(callee) {
            return self.type_form_call(call);
        }
        let arguments = self.infer_arguments(call);
        if let TypeKind::ClassLiteral(class) = self.db.kind(callee)
            && !class.args.is_empty()
            && self.is_reporting()
        {
            // `list[T]()` makes an instance of a type only an enclosing generic scope can fill.
            let instance = self.db.intern(TypeKind::Instance(class.clone()));
            let unbound = crate::check::type_variable_scope::check_annotation(
                self.db,
                self.file,
                self.scope,
                instance,
                call.func.range(),
            );
            if let Some(problem) = unbound {
                self.report(problem.range, problem.rule, problem.message);
            }
        }
        if let Some(item) = self.typed_dict_get(call) {
            return item;
        }
        if let Some(result) = self.typed_dict_update(call) {
            return result;
        }
        self.check_typed_dict_class_check(call, callee);
        self.check_protocol_class_check(call, callee);
        self.check_unimplemented_super_call(call, callee);
        self.check_typed_dict_bound(call);
        if self.is_reveal_type(&call.func, callee) {
            let revealed = arguments.first().map_or(Type::UNKNOWN, |a| a.ty);
            if !self.is_reporting() {
                return revealed;
            }
            // With no argument there is nothing to reveal; the arity error below says why.
            if !arguments.is_empty() {
                let message = format!("Revealed type: `{}`", self.display(revealed));
                self.report(call.range(), Rule::RevealedType, message);
            }
            // The arguments are checked like any call's (the bare name has typing's signature).
            let checked = if callee.is_unknown() {
                self.db
                    .resolve_stdlib_module("typing")
                    .and_then(|typing| self.db.module_member(&typing, "reveal_type"))
            } else {
                Some(callee)
            };
            if let Some(function) = checked
                && let Err((errors, _)) = self.try_call(function, &arguments)
            {
                for error in errors {
                    self.report_call_error(function, error, call);
                }
            }
            return revealed;
        }
        if let TypeKind::Function(function) = self.db.kind(callee)
            && self.db.is_typing_function(function.id, "assert_type")
            && let [value, asserted] = &call.arguments.args[..]
            && call.arguments.keywords.is_empty()
        {
            let actual = arguments[0].ty;
            let expected = self.type_expression(asserted);
            let comparable = |ty| {
                crate::signature_relation::without_positional_only_names(
                    self.db,
                    crate::relation::unknown_as_any(self.db, ty),
                )
            };
            let same = actual == expected
                || crate::same_type::same_type_ignoring_union_order(self.db, comparable(actual), comparable(expected))
                || self.type_variable_object_class(actual) == Some(expected);
            if self.is_reporting() && !same {
                let message = format!(
                    "Argument does not have the asserted type `{}`: its type is `{}`",
                    self.display(expected),
                    self.display(actual)
                );
                self.report(value.range(), Rule::TypeAssertionFailure, message);
            }
            return actual;
        }
        // `cast(T, value)`: the first argument is a type expression (the typing spec), so
        // `cast("list[int]", v)` is a `list[int]` and `cast(1, v)` is an invalid type form.
        if self.is_typing_callee(callee, "cast")
            && let [target, _] = &call.arguments.args[..]
            && call.arguments.keywords.is_empty()
        {
            return self.type_expression(target);
        }
        // A stub never runs: `TypeVar("T", default=int)` declares a type variable even where the
        // target version's `TypeVar` constructor lacks the parameter.
        if self.index.is_stub && self.typevar_constructor_kind(&call.func).is_some() {
            return self.quietly_if(true, |this| this.call_type(callee, &arguments, call));
        }
        self.check_protocol_instantiation(callee, call);
        if let Some(proxy) = self.super_call(callee, &arguments) {
            return proxy;
        }
        if let Some(class_of) = self.type_of_call(callee, &arguments) {
            return class_of;
        }
        // A call forwarding a `ParamSpec`'s `*args, **kwargs` wrongly is reported on its own;
        // its arguments are then not checked again.
        let forwarding_reported = self.check_param_spec_forwarding(callee, call);
        let result = self.quietly_if(forwarding_reported, |this| {
            this.warning_deprecated_overloads(call.func.range(), |this| this.call_type(callee, &arguments, call))
        });
        if let TypeKind::TypeGuard { .. } = self.db.kind(result) {
            // The call is a `bool`; what it guards is kept for narrowing.
            self.guards.insert(awaitype_semantic::ExprKey::of(expr), result);
            return crate::relation::returned_value(self.db, result);
        }
        result
    }

    pub(super) fn infer_arguments(&mut self, call: &'static ExprCall) -> Vec<Argument> {
        let mut arguments = Vec::new();
        for arg in &call.arguments.args {
            match arg {
                Expr::Starred(starred) => {
                    let ty = self.infer_expression(&starred.value);
                    arguments.push(Argument {
                        kind: ArgumentKind::Starred,
                        ty,
                        range: arg.range(),
                        expr: None,
                    });
                }
                other => {
                    let ty = self.infer_expression(other);
                    arguments.push(Argument {
                        kind: ArgumentKind::Positional,
                        ty,
                        range: other.range(),
                        expr: Some(other),
                    });
                }
            }
        }
        for keyword in &call.arguments.keywords {
            let ty = self.infer_expression(&keyword.value);
            let (kind, expr) = match &keyword.arg {
                Some(name) => (ArgumentKind::Keyword(name.id.clone()), Some(&keyword.value)),
                None => (ArgumentKind::DoubleStarred, None),
            };
            arguments.push(Argument {
                kind,
                ty,
                range: keyword.range,
                expr,
            });
        }
        arguments
    }

    /// `super()` / `super(C, obj)`: the language gives it the meaning "the next class after `C`
    /// in the MRO", which depends on where it is called, so it is typed here rather than by its
    /// stub. The result is an instance of that next class.
    fn super_call(&mut self, callee: Type, arguments: &[Argument]) -> Option<Type> {
        let db = self.db;
        let TypeKind::ClassLiteral(class) = db.kind(callee) else {
            return None;
        };
        if db.known_class("builtins", "super") != Some(class.class) {
            return None;
        }
        let pivot = match arguments.first() {
            Some(first) => match db.kind(first.ty) {
                TypeKind::ClassLiteral(pivot) => pivot.class,
                _ => return Some(Type::UNKNOWN),
            },
            None => self.enclosing_class()?,
        };
        let own = db.class_self_type(pivot);
        if db.class_info(pivot).has_dynamic_base {
            return Some(Type::UNKNOWN);
        }
        let mro = db.mro_of(&own);
        let next = mro.get(1).cloned()?;
        Some(db.intern(TypeKind::Instance(next)))
    }

    /// `super().name`: the proxy finds `name` on the first class after `C` in the MRO that
    /// defines it (a mixin listed after a generic base, say), not only on the next class. The
    /// instance of that class to look the member up on, or `None` when `value` is not a call of
    /// `super` or no later class defines `name`.
    pub(crate) fn super_member_owner(&mut self, value: &'static Expr, name: &str) -> Option<Type> {
        let db = self.db;
        let Expr::Call(call) = value else { return None };
        let callee = self.infer_expression(&call.func);
        let TypeKind::ClassLiteral(class) = db.kind(callee) else {
            return None;
        };
        if db.known_class("builtins", "super") != Some(class.class) {
            return None;
        }
        let pivot = match call.arguments.args.first() {
            Some(first) => match db.kind(self.infer_expression(first)) {
                TypeKind::ClassLiteral(pivot) => pivot.class,
                _ => return None,
            },
            None => self.enclosing_class()?,
        };
        if db.class_info(pivot).has_dynamic_base {
            return None;
        }
        let mro = db.mro_of(&db.class_self_type(pivot));
        // A dataclass or named tuple also has the dunder methods its fields synthesize.
        let synthesizes = |class| name.starts_with("__") && (db.is_dataclass(class) || db.is_named_tuple_class(class));
        let owner = mro
            .iter()
            .skip(1)
            .find(|entry| db.own_class_member(entry.class, name).is_some() || synthesizes(entry.class))?;
        Some(db.intern(TypeKind::Instance(owner.clone())))
    }

    /// `super().m(...)` where the next class's `m` is an abstract protocol method without an
    /// implementation (`call-abstract-method`).
    fn check_unimplemented_super_call(&mut self, call: &'static ExprCall, callee: Type) {
        let db = self.db;
        let (true, Expr::Attribute(attribute)) = (self.is_reporting(), &*call.func) else {
            return;
        };
        let Expr::Call(receiver) = &*attribute.value else {
            return;
        };
        let is_super = matches!(db.kind(self.infer_expression(&receiver.func)),
            TypeKind::ClassLiteral(class) if db.known_class("builtins", "super") == Some(class.class));
        let TypeKind::BoundMethod { function, .. } = db.kind(callee) else {
            return;
        };
        let TypeKind::Function(function) = db.kind(*function) else {
            return;
        };
        if !is_super {
            return;
        }
        if let Some(protocol) = crate::abstract_methods::unimplemented_protocol_method(db, function.id) {
            let message = format!(
                "Cannot call `{}` through `super()`: it is abstract in protocol `{protocol}` and has no implementation there",
                attribute.attr
            );
            self.report(call.range(), Rule::CallAbstractMethod, message);
        }
    }

    /// `type(x)` with one argument returns the class of `x`: `type[C]` for an instance of `C`.
    /// (With three arguments it creates a class, which the stub's overloads describe.)
    fn type_of_call(&mut self, callee: Type, arguments: &[Argument]) -> Option<Type> {
        let db = self.db;
        let TypeKind::ClassLiteral(class) = db.kind(callee) else {
            return None;
        };
        if db.known_class("builtins", "type") != Some(class.class) {
            return None;
        }
        let [argument] = arguments else { return None };
        if argument.kind != ArgumentKind::Positional {
            return None;
        }
        Some(match db.kind(argument.ty) {
            TypeKind::Unknown | TypeKind::Any => argument.ty,
            TypeKind::TypeVar(var) => db.intern(TypeKind::SubclassOfTypeVar(*var)),
            _ => match crate::relation::fallback_instance(db, argument.ty) {
                Some(instance) => db.intern(TypeKind::SubclassOf(instance)),
                None => Type::UNKNOWN,
            },
        })
    }

    /// The class whose method body the current scope is in.
    fn enclosing_class(&self) -> Option<crate::ty::ClassId> {
        let index = self.index;
        for scope in index.parent_scopes(self.scope) {
            if let awaitype_semantic::ScopeKind::Class(node) = index.scope(scope).kind {
                let definition = index.definition_of_node(node)?;
                return Some(crate::ty::ClassId {
                    file: self.file,
                    definition,
                });
            }
        }
        None
    }

    /// `reveal_type(x)`: the bare name (no import needed), or `reveal_type` of `typing` /
    /// `typing_extensions` under any name.
    fn is_reveal_type(&self, func: &Expr, callee: Type) -> bool {
        match self.db.kind(callee) {
            TypeKind::Unknown => matches!(func, Expr::Name(name) if name.id.as_str() == "reveal_type"),
            TypeKind::Function(function) => self.db.is_typing_function(function.id, "reveal_type"),
            _ => false,
        }
    }

    /// Calls `callee`, reporting any mismatch, and returns the call's result type.
    fn call_type(&mut self, callee: Type, arguments: &[Argument], call: &'static ExprCall) -> Type {
        match self.try_call(callee, arguments) {
            Ok(ty) => ty,
            Err((errors, fallback)) => {
                for error in errors {
                    self.report_call_error(callee, error, call);
                }
                fallback
            }
        }
    }

    /// Calls without reporting (for lazily evaluated decorators and dunder protocols).
    pub(crate) fn call_type_silently(&mut self, callee: Type, arguments: &[Argument]) -> Type {
        match self.try_call(callee, arguments) {
            Ok(ty) => ty,
            Err((_, fallback)) => fallback,
        }
    }

    fn report_call_error(&mut self, callee: Type, error: CallError, call: &'static ExprCall) {
        if !self.is_reporting() {
            return;
        }
        let callee_name = self.callable_name(callee);
        match error {
            CallError::NotCallable => {
                let message = format!(
                    "Object of type `{}` is not callable{}",
                    self.display(callee),
                    self.forgot_await_hint(callee)
                );
                self.report(call.func.range(), Rule::CallNonCallable, message);
            }
            CallError::TooManyPositional { expected, found, range } => {
                let message =
                    format!("Too many positional arguments to {callee_name}: expected {expected}, got {found}");
                self.report(range, Rule::TooManyPositionalArguments, message);
            }
            CallError::Missing(names) => {
                let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                let plural = if names.len() == 1 { "" } else { "s" };
                let message =
                    format!("No argument{plural} provided for required parameter{plural} {list} of {callee_name}");
                self.report(call.range(), Rule::MissingArgument, message);
            }
            CallError::Unknown { name, range } => {
                let message = format!("Argument `{name}` does not match any known parameter of {callee_name}");
                self.report(range, Rule::UnknownArgument, message);
            }
            CallError::AlreadyAssigned { name, range } => {
                let message = format!("Multiple values provided for parameter `{name}` of {callee_name}");
                self.report(range, Rule::ParameterAlreadyAssigned, message);
            }
            CallError::InvalidArgument {
                parameter,
                expected,
                found,
                range,
            } => {
                let parameter = parameter.map_or_else(String::new, |p| format!(" `{p}`"));
                let hint = self.forgot_await_hint_for(found, expected);
                let message = format!(
                    "Argument to {callee_name} is incorrect: parameter{parameter} expects `{}`, found `{}`{hint}",
                    self.display(expected),
                    self.display(found),
                );
                self.report(range, Rule::InvalidArgumentType, message);
            }
            CallError::ReceiverMismatch { expected, found } => {
                let message = format!(
                    "Cannot construct through {callee_name}: its first parameter is annotated `{}`, which does not accept `{}`",
                    self.display(expected),
                    self.display(found)
                );
                self.report(call.range(), Rule::InvalidArgumentType, message);
            }
            CallError::NoMatchingOverload { candidates } => {
                let mut message = format!("No overload of {callee_name} matches the arguments");
                let shown: Vec<String> = candidates.iter().take(8).map(|c| self.display(*c)).collect();
                if !shown.is_empty() {
                    message.push_str("; candidates: ");
                    message.push_str(&shown.join("; "));
                }
                self.report(call.range(), Rule::NoMatchingOverload, message);
            }
        }
    }

    /// Whether the callee is `typing`'s (or `typing_extensions`') function `name`, overloaded
    /// or not.
    fn is_typing_callee(&self, callee: Type, name: &str) -> bool {
        self.db
            .first_function_id(callee)
            .is_some_and(|function| self.db.is_typing_function(function, name))
    }

    /// A protocol class is an interface: calling it directly is an error (the typing spec).
    /// `cls()` with `cls: type[P]` is fine: `cls` is some concrete class that implements `P`.
    /// A class that still has abstract methods cannot be instantiated either
    /// (`abstract_methods.rs`).
    fn check_protocol_instantiation(&mut self, callee: Type, call: &'static ExprCall) {
        let db = self.db;
        let TypeKind::ClassLiteral(class) = db.kind(callee) else {
            return;
        };
        if !self.is_reporting() {
            return;
        }
        let name = db.class_name(class.class);
        if db.class_info(class.class).is_protocol {
            let message = format!(
                "Cannot instantiate protocol class `{name}`: a protocol only describes an interface; instantiate a class that implements it"
            );
            self.report(call.func.range(), Rule::CallNonCallable, message);
            return;
        }
        let abstract_methods = db.abstract_methods(class.class);
        if let Some(first) = abstract_methods.first() {
            let more = match abstract_methods.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let message = format!(
                "Cannot instantiate abstract class `{name}`: abstract method `{first}`{more} is not implemented"
            );
            self.report(call.func.range(), Rule::AbstractClassInstantiation, message);
        }
    }

    /// "function `f`", "bound method `C.m`", "`C`".
    fn callable_name(&self, callee: Type) -> String {
        let db = self.db;
        match db.kind(callee) {
            TypeKind::Function(function) => {
                let name = db.function_node(function.id).map_or("<function>", |n| n.name.as_str());
                format!("function `{name}`")
            }
            TypeKind::Overloaded(items) => items.first().map_or("function".into(), |f| self.callable_name(*f)),
            TypeKind::BoundMethod { receiver, function } => {
                let function_name = match db.kind(*function) {
                    TypeKind::Function(f) => db.function_node(f.id).map_or("<method>", |n| n.name.as_str()),
                    TypeKind::Overloaded(items) => match items.first().map(|i| db.kind(*i)) {
                        Some(TypeKind::Function(f)) => db.function_node(f.id).map_or("<method>", |n| n.name.as_str()),
                        _ => "<method>",
                    },
                    _ => "<method>",
                };
                let owner = crate::display::receiver_class_name(db, *receiver);
                format!("bound method `{owner}.{function_name}`")
            }
            TypeKind::ClassLiteral(class) => format!("`{}`", db.class_name(class.class)),
            _ => format!("`{}`", self.display(callee)),
        }
    }

    /// Evaluates a call. On failure returns the errors and the best-effort result type.
    pub(crate) fn try_call(&mut self, callee: Type, arguments: &[Argument]) -> Result<Type, (Vec<CallError>, Type)> {
        let db = self.db;
        match db.kind(callee).clone() {
            TypeKind::Unknown | TypeKind::Any => Ok(callee),
            TypeKind::Never => Ok(Type::NEVER),
            TypeKind::Function(_) => {
                let signature = crate::infer::callable_signature(db, callee).expect("function signature");
                self.call_signature(&signature, arguments)
                    .map(|ret| erase_result_only_typevars(db, &signature, ret))
            }
            TypeKind::Callable(_) => {
                let signature = crate::infer::callable_signature(db, callee).expect("function signature");
                self.call_signature(&signature, arguments)
            }
            TypeKind::BoundMethod { receiver, function } => match db.kind(function).clone() {
                TypeKind::Overloaded(items) => {
                    let bound: Vec<Type> = db
                        .applicable_overloads(receiver, &items)
                        .iter()
                        .map(|f| db.intern(TypeKind::BoundMethod { receiver, function: *f }))
                        .collect();
                    self.call_overloads(&bound, arguments)
                }
                _ => {
                    let signature = crate::infer::callable_signature(db, callee).expect("bound signature");
                    self.call_signature(&signature, arguments)
                }
            },
            TypeKind::Overloaded(items) => self.call_overloads(&items, arguments),
            TypeKind::ClassLiteral(class) => self.call_constructor(&class, arguments),
            TypeKind::SubclassOf(class) => self.call_constructor(&class, arguments),
            TypeKind::SubclassOfTypeVar(var) => self.call_type_of_typevar(var, arguments),
            TypeKind::Union(members) => {
                let mut results = Vec::new();
                let mut errors = Vec::new();
                for member in members.iter() {
                    match self.try_call(*member, arguments) {
                        Ok(ty) => results.push(ty),
                        Err((mut member_errors, fallback)) => {
                            errors.append(&mut member_errors);
                            results.push(fallback);
                        }
                    }
                }
                let result = union(db, results);
                if errors.is_empty() || crate::relation::has_dynamic_member(db, callee) {
                    Ok(result)
                } else {
                    Err((errors, result))
                }
            }
            TypeKind::Instance(_) | TypeKind::TypeVar(_) => match self.lookup_dunder(callee, "__call__") {
                Some(method) => {
                    // Calling an instance calls its `__call__`: a deprecated one warns at the call.
                    self.selected_overloads.push(method);
                    self.try_call(method, arguments)
                }
                None if self.has_dynamic_class(callee) => Ok(Type::UNKNOWN),
                None => Err((vec![CallError::NotCallable], Type::UNKNOWN)),
            },
            TypeKind::KnownInstance(crate::ty::KnownInstance::NewType { file, definition }) => {
                let signature = db.newtype_constructor(file, definition);
                self.call_signature(&signature, arguments)
            }
            TypeKind::KnownInstance(crate::ty::KnownInstance::TypeAlias { file, definition }) => {
                match self.alias_callee(file, definition) {
                    super::alias::AliasCallee::Class(class) => self.call_constructor(&class, arguments),
                    super::alias::AliasCallee::NotCallable => Err((vec![CallError::NotCallable], Type::UNKNOWN)),
                    super::alias::AliasCallee::Unknown => Ok(Type::UNKNOWN),
                }
            }
            TypeKind::SpecialForm(SpecialForm::Annotated) => Err((vec![CallError::NotCallable], Type::UNKNOWN)),
            TypeKind::SpecialForm(_) | TypeKind::KnownInstance(_) => Ok(Type::UNKNOWN),
            _ => Err((vec![CallError::NotCallable], Type::UNKNOWN)),
        }
    }

    fn has_dynamic_class(&self, ty: Type) -> bool {
        crate::relation::fallback_instance(self.db, ty).is_some_and(|ct| self.db.class_info(ct.class).has_dynamic_base)
    }

    fn call_overloads(&mut self, overloads: &[Type], arguments: &[Argument]) -> Result<Type, (Vec<CallError>, Type)> {
        // A `*args` argument of unknown length matches an overload with `*args` before one with
        // a fixed number of positional parameters.
        let unknown_length_spread = arguments
            .iter()
            .any(|a| a.kind == ArgumentKind::Starred && !matches!(self.db.kind(a.ty), TypeKind::Tuple(_)));
        if unknown_length_spread {
            for overload in overloads {
                let variadic = crate::infer::callable_signature(self.db, *overload)
                    .is_some_and(|s| s.parameters.iter().any(|p| p.kind == ParameterKind::VarArgs));
                if variadic && let Ok(ty) = self.try_call(*overload, arguments) {
                    self.selected_overloads.push(*overload);
                    return Ok(ty);
                }
            }
        }
        for (position, overload) in overloads.iter().enumerate() {
            if let Ok(ty) = self.try_call(*overload, arguments) {
                self.selected_overloads.push(*overload);
                return Ok(self.disambiguate_gradual_match(ty, *overload, &overloads[position + 1..], arguments));
            }
        }
        if let Some(result) = self.call_overloads_expanding_unions(overloads, arguments) {
            return Ok(result);
        }
        Err((
            vec![CallError::NoMatchingOverload {
                candidates: overloads.to_vec(),
            }],
            Type::UNKNOWN,
        ))
    }

    /// When an argument is `Any`/`Unknown`, later overloads may match as well; if they would
    /// return something else, the call's result is ambiguous and so `Unknown` (the typing spec's
    /// overload rules).
    fn disambiguate_gradual_match(
        &mut self,
        first: Type,
        matched: Type,
        rest: &[Type],
        arguments: &[Argument],
    ) -> Type {
        let db = self.db;
        if rest.is_empty() || !arguments.iter().any(|a| mentions_dynamic(db, a.ty, 0)) {
            return first;
        }
        // If every possible type the `Any`s could stand for still selects the matched overload
        // (checked with the widest and the narrowest replacement, `object` and `Never`), there
        // is no ambiguity.
        let object = db.known_instance("builtins", "object", &[]);
        if !object.is_unknown() {
            let materialized = |replacement: Type| -> Vec<Argument> {
                arguments
                    .iter()
                    .map(|a| Argument {
                        ty: materialize(db, a.ty, replacement, 0),
                        ..a.clone()
                    })
                    .collect()
            };
            let (top, bottom) = (materialized(object), materialized(Type::NEVER));
            let accepts_all = self.quietly_if(true, |this| {
                this.try_call(matched, &top).is_ok() && this.try_call(matched, &bottom).is_ok()
            });
            if accepts_all {
                return first;
            }
        }
        for overload in rest {
            let result = self.quietly_if(true, |this| this.try_call(*overload, arguments));
            if let Ok(other) = result
                && other != first
            {
                return Type::UNKNOWN;
            }
        }
        first
    }

    /// No overload matches the arguments as given: an argument whose type is a union is split
    /// into its members, and if every member matches some overload, the result is the union of
    /// their results (the typing spec's argument type expansion).
    fn call_overloads_expanding_unions(&mut self, overloads: &[Type], arguments: &[Argument]) -> Option<Type> {
        let db = self.db;
        let expansion = |ty: Type| argument_expansion(db, ty);
        let (position, members) = arguments
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind != ArgumentKind::Starred)
            .find_map(|(position, a)| expansion(a.ty).map(|members| (position, members)))?;
        let mut results = Vec::with_capacity(members.len());
        for member in members.iter() {
            let mut expanded = arguments.to_vec();
            expanded[position].ty = *member;
            let result = self.quietly_if(true, |this| this.call_overloads(overloads, &expanded));
            results.push(result.ok()?);
        }
        Some(union(db, results))
    }

    /// `C(...)`: `__init__` (or `__new__`) decides the arguments and the class's type arguments.
    pub(super) fn call_constructor(
        &mut self,
        class: &ClassType,
        arguments: &[Argument],
    ) -> Result<Type, (Vec<CallError>, Type)> {
        let db = self.db;
        if let Some(result) = self.construction_by_metaclass(class, arguments) {
            return result;
        }
        let info = db.class_info(class.class);
        let own = if class.args.is_empty() && !info.type_params.is_empty() {
            db.class_self_type(class.class)
        } else {
            class.clone()
        };
        let finish = |db: &crate::db::Db, substitution: &Substitution| -> Type {
            // Parameters are settled in order, so a default that names an earlier parameter
            // (PEP 696) takes what that parameter was solved or defaulted to.
            let mut settled = substitution.clone();
            let args: Box<[Type]> = own
                .args
                .iter()
                .map(|arg| {
                    let ty = settled.apply(db, *arg);
                    if crate::subst::contains_typevars(db, ty) && class.args.is_empty() {
                        // A type parameter the arguments do not solve takes its default (PEP 696).
                        match db.kind(ty) {
                            TypeKind::TypeVar(var) => {
                                let var = *var;
                                let default = db
                                    .typevar(var)
                                    .default
                                    .map(|default| settled.apply(db, default))
                                    .filter(|default| !crate::subst::contains_typevars(db, *default))
                                    .unwrap_or(Type::UNKNOWN);
                                settled.insert(var, default);
                                default
                            }
                            _ => Type::UNKNOWN,
                        }
                    } else {
                        ty
                    }
                })
                .collect();
            db.intern(TypeKind::Instance(ClassType {
                class: class.class,
                args,
            }))
        };
        let Some((method, use_new)) = db.constructor_method(&own) else {
            return Ok(finish(db, &Substitution::new()));
        };
        if !use_new && let Some(returned) = self.construction_by_new(&own, class, arguments) {
            return Ok(returned);
        }
        // `C[int]()` binds `C[int]` to the constructor's annotated `self`/`cls`.
        if !class.args.is_empty()
            && let Some(error) = receiver_mismatch(db, method)
        {
            return Err((vec![error], finish(db, &Substitution::new())));
        }
        let result = self.try_call_collecting(method, arguments);
        match result {
            Ok((ret, substitution)) => {
                // `__new__` decides the type: another class, or this class with other type
                // arguments (`-> "C[list[T]]"`).
                if use_new
                    && let TypeKind::Instance(ct) = db.kind(ret)
                    && (ct.class != class.class || !crate::subst::contains_typevars(db, ret))
                {
                    return Ok(ret);
                }
                // A declared `__new__` returning something that is not an instance of the class
                // (`-> tuple[Send[T], Receive[T]]` on a `tuple` subclass) is what the call gives;
                // the class's own parameters the arguments leave open are unknown.
                if use_new
                    && !ret.is_dynamic()
                    && !matches!(db.kind(ret), TypeKind::Instance(_))
                    && self.declares_return(method)
                    && !self.is_instance_of_class(ret, class)
                {
                    let mut open = Substitution::new();
                    for param in db.class_info(class.class).type_params.iter() {
                        open.insert(*param, Type::UNKNOWN);
                    }
                    return Ok(open.apply(db, ret));
                }
                Ok(finish(db, &substitution))
            }
            Err(errors) => Err((errors, finish(db, &Substitution::new()))),
        }
    }

    /// Like `try_call`, but also returns the solved type variables (for constructors).
    pub(super) fn try_call_collecting(
        &mut self,
        callee: Type,
        arguments: &[Argument],
    ) -> Result<(Type, Substitution), Vec<CallError>> {
        let db = self.db;
        // Each candidate with what its `self` annotation already says about the class's type
        // parameters: `def __init__(self: dict[str, _VT], **kwargs: _VT)` makes a `dict[str, ...]`.
        let candidates: Vec<(Type, Substitution)> = match db.kind(callee).clone() {
            TypeKind::BoundMethod { receiver, function } => match db.kind(function).clone() {
                TypeKind::Overloaded(items) => items
                    .iter()
                    .filter_map(|item| {
                        let (receiver, solved) = match db.kind(*item) {
                            TypeKind::Function(f) if !db.receiver_matches(receiver, f) => {
                                db.specialize_receiver_for(receiver, f)?
                            }
                            _ => (receiver, Substitution::new()),
                        };
                        Some((
                            db.intern(TypeKind::BoundMethod {
                                receiver,
                                function: *item,
                            }),
                            solved,
                        ))
                    })
                    .collect(),
                _ => vec![(callee, Substitution::new())],
            },
            _ => vec![(callee, Substitution::new())],
        };
        let mut last_errors = Vec::new();
        for (candidate, solved) in &candidates {
            let Some(signature) = crate::infer::callable_signature(db, *candidate) else {
                return Ok((Type::UNKNOWN, Substitution::new()));
            };
            match self.bind_and_check(&signature, arguments) {
                Ok((ty, mut substitution)) => {
                    for (var, value) in &solved.map {
                        if substitution.get(*var).is_none() {
                            substitution.insert(*var, *value);
                        }
                    }
                    return Ok((ty, substitution));
                }
                Err(errors) => last_errors = errors,
            }
        }
        let candidates: Vec<Type> = candidates.into_iter().map(|(candidate, _)| candidate).collect();
        if candidates.len() > 1 {
            return Err(vec![CallError::NoMatchingOverload { candidates }]);
        }
        Err(last_errors)
    }

    fn call_signature(
        &mut self,
        signature: &Signature,
        arguments: &[Argument],
    ) -> Result<Type, (Vec<CallError>, Type)> {
        match self.bind_and_check(signature, arguments) {
            Ok((ty, _)) => Ok(ty),
            Err(errors) => {
                let fallback = erase_typevars(self.db, signature.return_type);
                Err((errors, fallback))
            }
        }
    }

    /// Matches arguments to parameters, solves type variables and checks argument types.
    fn bind_and_check(
        &mut self,
        signature: &Signature,
        arguments: &[Argument],
    ) -> Result<(Type, Substitution), Vec<CallError>> {
        let db = self.db;
        if signature.gradual && signature.parameters.is_empty() {
            let mut substitution = Substitution::new();
            // Still let a `Callable[..., T]`'s return mention solved variables.
            let ret = substitution.apply(db, signature.return_type);
            substitution.map.clear();
            return Ok((erase_typevars(db, ret), substitution));
        }
        let params = &signature.parameters;
        let mut errors = Vec::new();
        // For each parameter, the arguments bound to it.
        let mut bound: Vec<Vec<usize>> = vec![Vec::new(); params.len()];
        let mut satisfied = vec![false; params.len()];
        let positional_params: Vec<usize> = params
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                matches!(
                    p.kind,
                    ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
                )
            })
            .map(|(i, _)| i)
            .collect();
        let varargs = params.iter().position(|p| p.kind == ParameterKind::VarArgs);
        let kwargs = params.iter().position(|p| p.kind == ParameterKind::KwArgs);
        let mut next_positional = 0usize;
        let mut positional_count = 0usize;
        // Arguments made by spreading `*args`, indexed after the real ones.
        let mut spread: Vec<Argument> = Vec::new();
        let mut saw_starred = false;
        for (index, argument) in arguments.iter().enumerate() {
            match &argument.kind {
                ArgumentKind::Positional => {
                    positional_count += 1;
                    if let Some(param) = positional_params.get(next_positional) {
                        bound[*param].push(index);
                        satisfied[*param] = true;
                        next_positional += 1;
                    } else if let Some(varargs) = varargs {
                        bound[varargs].push(index);
                    } else if signature.param_spec.is_some() {
                        // Left for the `ParamSpec` / `TypeVarTuple` tail (checked once solved).
                    } else if !saw_starred {
                        errors.push(CallError::TooManyPositional {
                            expected: positional_params.len(),
                            found: arguments.iter().filter(|a| a.kind == ArgumentKind::Positional).count(),
                            range: argument.range,
                        });
                        break;
                    }
                }
                ArgumentKind::Starred => {
                    saw_starred = true;
                    if let TypeKind::Tuple(elements) = db.kind(argument.ty).clone()
                        && crate::tuple_shape::shape_of(db, argument.ty).is_some_and(|shape| shape.variadic.is_none())
                    {
                        // A tuple of known length spreads over the parameters one by one.
                        for element in elements.iter() {
                            let synthetic = spread.len() + arguments.len();
                            spread.push(Argument {
                                kind: ArgumentKind::Positional,
                                ty: *element,
                                range: argument.range,
                                expr: None,
                            });
                            if let Some(param) = positional_params.get(next_positional) {
                                bound[*param].push(synthetic);
                                satisfied[*param] = true;
                                next_positional += 1;
                            } else if let Some(varargs) = varargs {
                                bound[varargs].push(synthetic);
                            }
                        }
                    } else {
                        // Unknown length: its elements may fill every remaining positional
                        // parameter and `*args`, so each must accept the element type.
                        let element = self.iteration_element(argument.ty).unwrap_or(Type::UNKNOWN);
                        let synthetic = spread.len() + arguments.len();
                        spread.push(Argument {
                            kind: ArgumentKind::Positional,
                            ty: element,
                            range: argument.range,
                            expr: None,
                        });
                        for param in positional_params.iter().skip(next_positional) {
                            bound[*param].push(synthetic);
                            satisfied[*param] = true;
                        }
                        if let Some(varargs) = varargs {
                            bound[varargs].push(synthetic);
                        }
                        next_positional = positional_params.len();
                    }
                }
                ArgumentKind::Keyword(name) => {
                    let target = params.iter().position(|p| {
                        p.name.as_ref() == Some(name)
                            && matches!(p.kind, ParameterKind::PositionalOrKeyword | ParameterKind::KeywordOnly)
                    });
                    match target {
                        Some(param) if satisfied[param] => errors.push(CallError::AlreadyAssigned {
                            name: name.clone(),
                            range: argument.range,
                        }),
                        Some(param) => {
                            bound[param].push(index);
                            satisfied[param] = true;
                        }
                        None => match kwargs {
                            Some(kwargs) => bound[kwargs].push(index),
                            None if signature.param_spec.is_some() => {}
                            None => errors.push(CallError::Unknown {
                                name: name.clone(),
                                range: argument.range,
                            }),
                        },
                    }
                }
                ArgumentKind::DoubleStarred => {
                    let mut binding = super::keyword_spread::Binding {
                        params,
                        satisfied: &mut satisfied,
                        bound: &mut bound,
                        spread: &mut spread,
                        real: arguments.len(),
                        errors: &mut errors,
                        open_keywords: signature.param_spec.is_some() || signature.gradual,
                    };
                    self.bind_keyword_spread(argument, &mut binding);
                }
            }
        }
        let _ = positional_count;
        if signature.gradual {
            // `Callable[[int, Unpack[Ts]], T]`: extra arguments are fine.
            errors.retain(|e| !matches!(e, CallError::TooManyPositional { .. }));
        }
        let missing: Vec<Name> = params
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                !satisfied[*i] && !p.has_default && !matches!(p.kind, ParameterKind::VarArgs | ParameterKind::KwArgs)
            })
            .map(|(i, p)| p.name.clone().unwrap_or_else(|| Name::new(format!("__arg{i}"))))
            .collect();
        if !missing.is_empty() && !signature.gradual {
            errors.push(CallError::Missing(missing));
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let all_arguments: Vec<Argument> = arguments.iter().cloned().chain(spread).collect();
        let arguments = &all_arguments[..];
        // Solve type variables from all argument/parameter pairs, then check each argument.
        let mut substitution = Substitution::new();
        let mut violated_constraints: Vec<TypeVarId> = Vec::new();
        let has_typevars = params.iter().any(|p| crate::subst::contains_typevars(db, p.ty))
            || crate::subst::contains_typevars(db, signature.return_type);
        if has_typevars {
            let pairs = params.iter().zip(bound.iter()).flat_map(|(param, args)| {
                // `*args: *X` takes its arguments as one tuple.
                if let Some(packed) = crate::tuple_shape::packed_varargs(db, param) {
                    let actual = crate::tuple_shape::tuple_of(db, args.iter().map(|arg| arguments[*arg].ty));
                    return vec![(packed, actual)];
                }
                args.iter().map(|arg| (param.ty, arguments[*arg].ty)).collect()
            });
            crate::subst::solve_all(db, pairs, &mut substitution);
            violated_constraints = self.apply_typevar_constraints(&mut substitution);
            // Variables of the parameters that no argument determined get their default.
            let mut param_vars = Vec::new();
            for param in params {
                crate::class::collect_typevars(db, param.ty, &mut param_vars);
            }
            for var in param_vars {
                if substitution.get(var).is_none() {
                    let default = db.typevar(var).default.unwrap_or(Type::UNKNOWN);
                    substitution.insert(var, default);
                }
            }
        }
        // One error per argument, even when a spread argument fills several parameters.
        let mut rejected: Vec<usize> = Vec::new();
        for (param, args) in params.iter().zip(bound.iter()) {
            if let Some(packed) = crate::tuple_shape::packed_varargs(db, param) {
                if let Some(error) = packed_arguments_error(db, param, packed, args, arguments, &substitution) {
                    errors.push(error);
                }
                continue;
            }
            let expected = substitution.apply(db, param.ty);
            // `type[T]` left unsolved by a value that is no class: `type[Unknown]` would take it.
            let takes_class = matches!(db.kind(param.ty), TypeKind::SubclassOfTypeVar(_)) && expected.is_dynamic();
            for arg in args {
                let found = arguments[*arg].ty;
                let not_a_class = takes_class && self.is_surely_not_class_object(found);
                if !rejected.contains(arg)
                    && (not_a_class
                        || !is_assignable(db, found, expected)
                            && !arguments[*arg].expr.is_some_and(|expr| {
                                self.contextual_type(expr, expected)
                                    .is_some_and(|contextual| is_assignable(db, contextual, expected))
                            }))
                {
                    rejected.push(*arg);
                    errors.push(CallError::InvalidArgument {
                        parameter: param.name.clone(),
                        expected: if not_a_class { param.ty } else { expected },
                        found,
                        range: arguments[*arg].range,
                    });
                }
            }
        }
        // A constrained type variable must be solved to exactly one of its constraints.
        for var in violated_constraints {
            let constraints = db.typevar(var).constraints.clone();
            let culprit = params
                .iter()
                .zip(bound.iter())
                .find(|(p, args)| !args.is_empty() && matches!(db.kind(p.ty), TypeKind::TypeVar(v) if *v == var));
            if let Some((param, args)) = culprit {
                let expected = crate::relation::union(db, constraints);
                let culprit_arg = args
                    .iter()
                    .find(|arg| !is_assignable(db, arguments[**arg].ty, expected))
                    .unwrap_or(&args[args.len() - 1]);
                errors.push(CallError::InvalidArgument {
                    parameter: param.name.clone(),
                    expected,
                    found: arguments[*culprit_arg].ty,
                    range: arguments[*culprit_arg].range,
                });
            }
        }
        // Bounds of solved type variables.
        for (var, solved) in substitution.map.clone() {
            if let Some(bound_ty) = db.typevar(var).bound
                && !matches!(var, TypeVarId::SelfOf(_))
                && !is_assignable(db, solved, bound_ty)
                && let Some(error) = bound_violation(db, var, bound_ty, params, &bound, arguments)
            {
                errors.push(error);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // The tail's variable is solved (from the callable argument): check the whole call
        // again against the signature with the tail's parameters in place.
        if let Some(var) = signature.param_spec
            && substitution.get(var).is_some()
        {
            let expanded = substitution.apply_signature(db, signature, 0);
            if expanded.param_spec != signature.param_spec {
                return self.bind_and_check(&expanded, arguments).map(|(ret, mut more)| {
                    for (var, ty) in substitution.map {
                        more.map.entry(var).or_insert(ty);
                    }
                    (ret, more)
                });
            }
        }
        let ret = substitution.apply(db, signature.return_type);
        Ok((ret, substitution))
    }

    /// A constrained type variable is solved to the first constraint its solution fits.
    /// Returns the constrained variables whose solution fits none of their constraints.
    fn apply_typevar_constraints(&self, substitution: &mut Substitution) -> Vec<TypeVarId> {
        let db = self.db;
        let mut violated = Vec::new();
        for (var, solved) in substitution.map.clone() {
            let info = db.typevar(var);
            if info.constraints.is_empty() || solved.is_dynamic() {
                continue;
            }
            // A constrained type variable of the caller whose every constraint fits one of these
            // (`AnyStr` passed on to a function generic over `AnyStr`) stays itself: whichever
            // constraint it is, the call is valid for it.
            if let TypeKind::TypeVar(inner) = db.kind(solved) {
                let inner = db.typevar(*inner);
                if !inner.constraints.is_empty()
                    && inner
                        .constraints
                        .iter()
                        .all(|own| info.constraints.iter().any(|c| is_assignable(db, *own, *c)))
                {
                    continue;
                }
            }
            match info.constraints.iter().find(|c| is_assignable(db, solved, **c)) {
                Some(constraint) => substitution.insert(var, *constraint),
                None => violated.push(var),
            }
        }
        violated
    }
}

/// What an argument type is split into when no overload matches it whole (the typing spec's
/// argument type expansion): a union into its members, `bool` into its two literals, an enum
/// (not a `Flag`) into its member literals, and a tuple
/// of known length into tuples with its first expandable element split (the overload call
/// splits the others in turn, so every combination is tried).
fn argument_expansion(db: &crate::db::Db, ty: Type) -> Option<Box<[Type]>> {
    expansion_within(db, ty, 0)
}

/// [`argument_expansion`], looking into tuples nested at most a few levels deep.
fn expansion_within(db: &crate::db::Db, ty: Type, depth: u32) -> Option<Box<[Type]>> {
    match db.kind(ty) {
        TypeKind::Union(members) => Some(members.clone()),
        TypeKind::Instance(class)
            if class.args.is_empty() && db.known_class("builtins", "bool") == Some(class.class) =>
        {
            Some(Box::new([Type::TRUE, Type::FALSE]))
        }
        TypeKind::Instance(_) if let Some(literals) = db.expanded_enum(ty) => Some(literals.into()),
        TypeKind::Tuple(_) if depth < 4 => {
            let shape = crate::tuple_shape::shape_of(db, ty)?;
            let elements = shape.fixed()?;
            let (at, alternatives) = elements.iter().enumerate().find_map(|(at, element)| {
                expansion_within(db, *element, depth + 1).map(|alternatives| (at, alternatives))
            })?;
            let tuples = alternatives.iter().map(|alternative| {
                let mut split = elements.to_vec();
                split[at] = *alternative;
                crate::tuple_shape::tuple_of(db, split)
            });
            Some(tuples.collect())
        }
        _ => None,
    }
}

/// Replaces type variables that remain unsolved with `Unknown` (or their default).
/// A function's type variables that only its return type mentions (`def empty() -> list[T]`)
/// cannot be solved from any call: in the result they are their defaults, or unknown.
fn erase_result_only_typevars(db: &crate::db::Db, signature: &Signature, ret: Type) -> Type {
    let mut in_result = Vec::new();
    crate::class::collect_typevars(db, signature.return_type, &mut in_result);
    if in_result.is_empty() {
        return ret;
    }
    let mut in_parameters = Vec::new();
    for parameter in &signature.parameters {
        crate::class::collect_typevars(db, parameter.ty, &mut in_parameters);
    }
    // One only a returned callable mentions belongs to that callable, which stays generic
    // (`-> Callable[[T], T]`).
    let mut in_callables = Vec::new();
    returned_callable_typevars(db, signature.return_type, &mut in_callables, 0);
    let mut substitution = Substitution::new();
    for var in in_result {
        if !in_parameters.contains(&var) && !in_callables.contains(&var) && Some(var) != signature.param_spec {
            substitution.insert(var, db.typevar(var).default.unwrap_or(Type::UNKNOWN));
        }
    }
    if substitution.map.is_empty() {
        return ret;
    }
    substitution.apply(db, ret)
}

/// The type variables that callable types inside `ty` mention (through unions and type
/// arguments, a few levels deep).
fn returned_callable_typevars(db: &crate::db::Db, ty: Type, out: &mut Vec<crate::TypeVarId>, depth: u32) {
    if depth > 4 {
        return;
    }
    match db.kind(ty) {
        TypeKind::Callable(_) => crate::class::collect_typevars(db, ty, out),
        TypeKind::Union(members) => {
            for member in members.iter() {
                returned_callable_typevars(db, *member, out, depth + 1);
            }
        }
        TypeKind::Instance(class) => {
            for arg in class.args.iter() {
                returned_callable_typevars(db, *arg, out, depth + 1);
            }
        }
        _ => {}
    }
}

pub(crate) fn erase_typevars(db: &crate::db::Db, ty: Type) -> Type {
    let mut vars = Vec::new();
    crate::class::collect_typevars(db, ty, &mut vars);
    if vars.is_empty() {
        return ty;
    }
    let mut substitution = Substitution::new();
    for var in vars {
        let default = db.typevar(var).default.unwrap_or(Type::UNKNOWN);
        substitution.insert(var, default);
    }
    substitution.apply(db, ty)
}

/// Whether `Any`/`Unknown` appears in a type, at the top or inside type arguments.
fn mentions_dynamic(db: &crate::db::Db, ty: Type, depth: u32) -> bool {
    if ty.is_dynamic() {
        return true;
    }
    if depth > 8 {
        return false;
    }
    match db.kind(ty) {
        TypeKind::Instance(class) => class.args.iter().any(|arg| mentions_dynamic(db, *arg, depth + 1)),
        TypeKind::Tuple(elements) | TypeKind::Union(elements) => {
            elements.iter().any(|element| mentions_dynamic(db, *element, depth + 1))
        }
        _ => false,
    }
}

/// `ty` with every `Any`/`Unknown` in it replaced by `replacement`.
fn materialize(db: &crate::db::Db, ty: Type, replacement: Type, depth: u32) -> Type {
    if ty.is_dynamic() {
        return replacement;
    }
    if depth > 8 {
        return ty;
    }
    match db.kind(ty).clone() {
        TypeKind::Instance(class) if !class.args.is_empty() => {
            let args = class
                .args
                .iter()
                .map(|arg| materialize(db, *arg, replacement, depth + 1))
                .collect();
            db.intern(TypeKind::Instance(ClassType {
                class: class.class,
                args,
            }))
        }
        TypeKind::Tuple(elements) => db.intern(TypeKind::Tuple(
            elements
                .iter()
                .map(|e| materialize(db, *e, replacement, depth + 1))
                .collect(),
        )),
        TypeKind::Union(elements) => union(db, elements.iter().map(|e| materialize(db, *e, replacement, depth + 1))),
        _ => ty,
    }
}

/// The argument to blame for a type variable solved outside its bound: the first argument whose
/// parameter mentions the variable and which does not fit that parameter with the variable
/// replaced by its bound (`[""]` for `list[T_int]`), else the first argument of such a parameter.
fn bound_violation(
    db: &crate::db::Db,
    var: TypeVarId,
    bound_ty: Type,
    params: &[crate::ty::Parameter],
    bound: &[Vec<usize>],
    arguments: &[Argument],
) -> Option<CallError> {
    let mut at_bound = Substitution::new();
    at_bound.insert(var, bound_ty);
    let mut first = None;
    for (param, args) in params.iter().zip(bound.iter()) {
        let mut mentioned = Vec::new();
        crate::class::collect_typevars(db, param.ty, &mut mentioned);
        if !mentioned.contains(&var) {
            continue;
        }
        let expected = at_bound.apply(db, param.ty);
        for arg in args {
            let error = || CallError::InvalidArgument {
                parameter: param.name.clone(),
                expected,
                found: arguments[*arg].ty,
                range: arguments[*arg].range,
            };
            if !is_assignable(db, arguments[*arg].ty, expected) {
                return Some(error());
            }
            first.get_or_insert_with(error);
        }
    }
    first
}

/// `*args: *X`: the arguments bound to `*args`, as one tuple, must fit the tuple `X`.
fn packed_arguments_error(
    db: &crate::db::Db,
    param: &crate::ty::Parameter,
    packed: Type,
    bound: &[usize],
    arguments: &[Argument],
    substitution: &Substitution,
) -> Option<CallError> {
    let expected = substitution.apply(db, packed);
    let found = crate::tuple_shape::tuple_of(db, bound.iter().map(|arg| arguments[*arg].ty));
    if is_assignable(db, found, expected) {
        return None;
    }
    let Some(first) = bound.first() else {
        let name = param.name.clone().unwrap_or_else(|| Name::new_static("args"));
        return Some(CallError::Missing(vec![name]));
    };
    let range = bound
        .iter()
        .skip(1)
        .fold(arguments[*first].range, |range, arg| range.cover(arguments[*arg].range));
    Some(CallError::InvalidArgument {
        parameter: param.name.clone(),
        expected,
        found,
        range,
    })
}

/// A bound (non-overloaded) method whose annotated first parameter does not accept its receiver.
fn receiver_mismatch(db: &crate::db::Db, method: Type) -> Option<CallError> {
    let TypeKind::BoundMethod { receiver, function } = db.kind(method) else {
        return None;
    };
    let TypeKind::Function(function) = db.kind(*function) else {
        return None;
    };
    if db.receiver_matches(*receiver, function) {
        return None;
    }
    let expected = db.signature_of_function(function).parameters.first()?.ty;
    Some(CallError::ReceiverMismatch {
        expected,
        found: *receiver,
    })
}
