//! The type each definition binds, computed lazily and memoized per definition.

use std::sync::Arc;

use awaitype_semantic::{DefinitionId, DefinitionKind, ParameterKind, ScopeId, ScopeKind};
use ruff_python_ast::{Expr, StmtImportFrom};
use ruff_text_size::Ranged;

use crate::cycle::{next_round, next_type_round};
use crate::db::{Db, DefinitionKey, FileId, TypeDb, grow};
use crate::infer::Inferrer;
use crate::infer::ValueInference;
use crate::relation::union;
use crate::ty::{
    ClassId, ClassType, FunctionId, FunctionType, KnownInstance, ModuleRef, SpecialForm, Type, TypeKind, TypeVarId,
};

/// Names in `typing` / `typing_extensions` whose meaning the typing spec defines.
fn special_form(name: &str) -> Option<SpecialForm> {
    Some(match name {
        "Any" => SpecialForm::Any,
        "Union" => SpecialForm::Union,
        "Optional" => SpecialForm::Optional,
        "Literal" => SpecialForm::Literal,
        "LiteralString" => SpecialForm::LiteralString,
        "Callable" => SpecialForm::Callable,
        "Tuple" => SpecialForm::Tuple,
        "Type" => SpecialForm::Type,
        "ClassVar" => SpecialForm::ClassVar,
        "Final" => SpecialForm::Final,
        "Annotated" => SpecialForm::Annotated,
        "TypeAlias" => SpecialForm::TypeAlias,
        "Generic" => SpecialForm::Generic,
        "Protocol" => SpecialForm::Protocol,
        "Never" => SpecialForm::Never,
        "NoReturn" => SpecialForm::NoReturn,
        "Self" => SpecialForm::SelfType,
        "Concatenate" => SpecialForm::Concatenate,
        "Unpack" => SpecialForm::Unpack,
        "TypeGuard" => SpecialForm::TypeGuard,
        "TypeIs" => SpecialForm::TypeIs,
        "TypeForm" => SpecialForm::TypeForm,
        "Required" => SpecialForm::Required,
        "NotRequired" => SpecialForm::NotRequired,
        "ReadOnly" => SpecialForm::ReadOnly,
        "TypedDict" => SpecialForm::TypedDict,
        "List" => SpecialForm::Alias("list"),
        "Dict" => SpecialForm::Alias("dict"),
        "Set" => SpecialForm::Alias("set"),
        "FrozenSet" => SpecialForm::Alias("frozenset"),
        "DefaultDict" => SpecialForm::Alias("collections.defaultdict"),
        "OrderedDict" => SpecialForm::Alias("collections.OrderedDict"),
        "Counter" => SpecialForm::Alias("collections.Counter"),
        "ChainMap" => SpecialForm::Alias("collections.ChainMap"),
        "Deque" => SpecialForm::Alias("collections.deque"),
        _ => return None,
    })
}

/// What a definition's query computes: the type the definition binds and, for the first
/// definition bound from a value expression, that value's shared inference (see
/// `infer/values.rs`), which the statement's other definitions and the statement walk read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DefinitionInference {
    pub(crate) ty: Type,
    pub(crate) value: Option<Arc<ValueInference>>,
}

/// The type a definition binds: a salsa query, iterated to a fixed point when the definition
/// depends on itself (`total += x` in a loop).
#[salsa::tracked(returns(ref), cycle_fn = definition_next_round, cycle_initial = definition_initial)]
pub(crate) fn definition_inference_query<'db>(db: &'db dyn TypeDb, key: DefinitionKey<'db>) -> DefinitionInference {
    let (file, definition) = (key.file(db), key.definition(db));
    let db = db.types();
    let mut value = None;
    let ty = grow(|| compute_definition_type(db, file, definition, &mut value));
    DefinitionInference { ty, value }
}

fn definition_initial(_db: &dyn TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> DefinitionInference {
    DefinitionInference {
        ty: Type::NEVER,
        value: None,
    }
}

fn definition_next_round(
    db: &dyn TypeDb,
    cycle: &salsa::Cycle,
    previous: &DefinitionInference,
    value: DefinitionInference,
    _key: DefinitionKey<'_>,
) -> DefinitionInference {
    // The shared value is widened like the type: the statement's other definitions are bound
    // from it, so it must settle as fast.
    let shared = match (value.value, &previous.value) {
        (Some(shared), Some(before)) => {
            let ty = next_type_round(db, cycle, before.ty, shared.ty);
            Some(if ty == shared.ty {
                shared
            } else {
                Arc::new(ValueInference {
                    ty,
                    diagnostics: shared.diagnostics.clone(),
                })
            })
        }
        (shared, _) => shared,
    };
    DefinitionInference {
        ty: next_type_round(db, cycle, previous.ty, value.ty),
        value: shared,
    }
}

/// The declared (annotated) type of a definition: a salsa query; an annotation that depends on
/// itself (`x: "x"`) declares nothing.
#[salsa::tracked(returns(copy), cycle_fn = declared_type_next_round, cycle_initial = declared_type_initial)]
fn declared_type_query<'db>(db: &'db dyn TypeDb, key: DefinitionKey<'db>) -> Option<Type> {
    let (file, definition) = (key.file(db), key.definition(db));
    let db = db.types();
    grow(|| compute_declared_type(db, file, definition))
}

fn declared_type_initial(_db: &dyn TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> Option<Type> {
    None
}

fn declared_type_next_round(
    _db: &dyn TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Option<Type>,
    value: Option<Type>,
    _key: DefinitionKey<'_>,
) -> Option<Type> {
    next_round(cycle, value, || None)
}

impl Db {
    /// The type a definition binds.
    pub fn definition_type(&self, file: FileId, definition: DefinitionId) -> Type {
        definition_inference_query(self, self.definition_key(file, definition)).ty
    }

    /// The declared (annotated) type of a definition, if it has one.
    pub fn declared_type(&self, file: FileId, definition: DefinitionId) -> Option<Type> {
        // Only an annotated assignment, a parameter or one of `typing`'s own special forms
        // declares a type: the others are answered without a query.
        let kind = self.index(file).definition(definition).kind;
        let may_declare = matches!(
            kind,
            DefinitionKind::AnnotatedAssignment(_) | DefinitionKind::Parameter { .. }
        ) || typing_special_form(self, file, definition).is_some();
        if !may_declare {
            return None;
        }
        declared_type_query(self, self.definition_key(file, definition))
    }

    /// The module a `from ... import` statement names (relative imports included).
    pub fn resolve_import_from_module(&self, file: FileId, import: &StmtImportFrom) -> Option<ModuleRef> {
        let name = self.import_from_module_name(file, import)?;
        self.resolve_module_from(file, &name)
    }

    pub fn import_from_module_name(&self, file: FileId, import: &StmtImportFrom) -> Option<String> {
        if import.level == 0 {
            return import.module.as_ref().map(|m| m.id.to_string());
        }
        let data = self.file_data(file);
        let importing = data.module.clone()?;
        awaitype_resolver::resolve_relative_import(
            &importing,
            data.is_package,
            import.level,
            import.module.as_ref().map(|m| m.as_str()),
        )
        .map(|name| name.as_str().to_string())
    }
}

fn compute_declared_type(db: &Db, file: FileId, definition: DefinitionId) -> Option<Type> {
    let index = db.index(file);
    let def = index.definition(definition);
    if let Some(form) = typing_special_form(db, file, definition) {
        return Some(db.intern(TypeKind::SpecialForm(form)));
    }
    match def.kind {
        DefinitionKind::AnnotatedAssignment(ann) => {
            let mut inferrer = Inferrer::silent(db, file, def.scope);
            let declared = inferrer.type_expression_qualified(&ann.annotation);
            match declared {
                // `x: Final = 1` and `X: TypeAlias = ...` take their type from the value.
                QualifiedType::Bare => None,
                QualifiedType::Type(ty) => Some(ty),
            }
        }
        DefinitionKind::Parameter { .. } => Some(db.definition_type(file, definition)),
        _ => None,
    }
}

/// An annotation, or a bare qualifier (`Final`, `TypeAlias`) that leaves the type to the value.
pub(crate) enum QualifiedType {
    Type(Type),
    Bare,
}

/// A module-level name of `typing` / `typing_extensions` that the typing spec defines.
fn typing_special_form(db: &Db, file: FileId, definition: DefinitionId) -> Option<SpecialForm> {
    let index = db.index(file);
    let def = index.definition(definition);
    if def.scope != ScopeId::MODULE {
        return None;
    }
    let module = db.file_data(file).module.as_ref()?;
    if !matches!(module.as_str(), "typing" | "typing_extensions") {
        return None;
    }
    // Only the typing module's own definitions, not names it imports.
    if matches!(
        def.kind,
        DefinitionKind::Import { .. } | DefinitionKind::ImportFrom { .. }
    ) {
        return None;
    }
    special_form(index.scope(def.symbol_scope).symbol_data(def.symbol).name.as_str())
}

/// The type of the value a definition is bound from: inferred here, for all the definitions
/// bound from it, when this is the first of them, otherwise read from the first.
fn bound_value(
    inferrer: &mut Inferrer<'_>,
    definition: DefinitionId,
    value: &'static Expr,
    shared: &mut Option<Arc<ValueInference>>,
) -> Type {
    if inferrer.index.value_head(value) != Some(definition) {
        return inferrer.infer_value(value);
    }
    let inference = Arc::new(super::values::infer_shared_value(
        inferrer.db,
        inferrer.file,
        inferrer.scope,
        value,
    ));
    let ty = inference.ty;
    *shared = Some(inference);
    inferrer.record_expression_type(value, ty);
    ty
}

/// The type a definition binds. The first definition bound from a value expression infers the
/// value for all of them and leaves that inference in `shared`.
fn compute_definition_type(
    db: &Db,
    file: FileId,
    definition: DefinitionId,
    shared: &mut Option<Arc<ValueInference>>,
) -> Type {
    let index = db.index(file);
    let def = index.definition(definition);
    if let Some(form) = typing_special_form(db, file, definition) {
        return db.intern(TypeKind::SpecialForm(form));
    }
    let mut inferrer = Inferrer::silent(db, file, def.scope);
    match def.kind {
        DefinitionKind::Import { stmt: _, alias } => {
            let full = alias.name.id.as_str();
            let bound = if alias.asname.is_some() {
                full
            } else {
                full.split('.').next().unwrap_or(full)
            };
            match db.resolve_module_from(file, bound) {
                Some(module) => db.intern(TypeKind::Module(module)),
                None => Type::UNKNOWN,
            }
        }
        DefinitionKind::ImportFrom { stmt, alias } => {
            let Some(module) = db.resolve_import_from_module(file, stmt) else {
                return Type::UNKNOWN;
            };
            // `from . import x` inside the package's own `__init__` would find itself; look for
            // the submodule first in that case.
            if module.file == Some(file) {
                let submodule = format!("{}.{}", module.name, alias.name.id);
                if let Some(sub) = db.resolve_module_from(file, &submodule) {
                    return db.intern(TypeKind::Module(sub));
                }
            }
            db.module_member(&module, alias.name.id.as_str())
                .unwrap_or(Type::UNKNOWN)
        }
        DefinitionKind::Function(node) => {
            let id = FunctionId { file, definition };
            function_definition_type(db, &mut inferrer, id, node)
        }
        DefinitionKind::Class(_) => {
            let class = ClassId { file, definition };
            db.intern(TypeKind::ClassLiteral(ClassType::plain(class)))
        }
        DefinitionKind::Assignment { target, value, name } => {
            if let Some(special) = special_assignment(db, &mut inferrer, file, definition, value) {
                return special;
            }
            let value_type = bound_value(&mut inferrer, definition, value, shared);
            // `self.x = value`: the whole value is the attribute's.
            if matches!(target, Expr::Attribute(_)) {
                return value_type;
            }
            let assigned = inferrer.destructure(target, name, value_type).unwrap_or(Type::UNKNOWN);
            // A declared name holds what was assigned when it fits the declaration (narrowing),
            // and keeps its declared type when it does not (the assignment is the error, often
            // silenced with `# type: ignore`).
            match declared_symbol_type(db, file, definition) {
                Some(declared) if !crate::relation::is_assignable(db, assigned, declared) => {
                    let contextual = inferrer.infer_in_context(value, declared);
                    if matches!(target, Expr::Name(_)) && crate::relation::is_assignable(db, contextual, declared) {
                        contextual
                    } else {
                        declared
                    }
                }
                _ => assigned,
            }
        }
        DefinitionKind::AnnotatedAssignment(ann) => match inferrer.type_expression_qualified(&ann.annotation) {
            // In a function, `x: str | None = "a"` holds a `str` until it is assigned again: the
            // members of the declaration the value fits, as a later assignment narrows. (Module
            // and class variables keep the declared type: other scopes read them.)
            QualifiedType::Type(ty) => match &ann.value {
                Some(value)
                    if matches!(db.kind(ty), TypeKind::Union(_))
                        && matches!(index.scope(def.scope).kind, ScopeKind::Function(_)) =>
                {
                    let value = inferrer.infer_in_context(value, ty);
                    super::narrow::narrow_to_assigned(&mut inferrer, ty, value)
                }
                _ => ty,
            },
            QualifiedType::Bare => {
                if let Some(value) = &ann.value {
                    if inferrer.is_type_alias_annotation(&ann.annotation) {
                        return db.intern(TypeKind::KnownInstance(KnownInstance::TypeAlias { file, definition }));
                    }
                    if let Some(special) = special_assignment(db, &mut inferrer, file, definition, value) {
                        return special;
                    }
                    inferrer.infer_expression(value)
                } else {
                    Type::UNKNOWN
                }
            }
        },
        DefinitionKind::AugmentedAssignment(aug) => inferrer.infer_augmented_assignment(aug),
        DefinitionKind::For { stmt, name } => {
            let iterable = bound_value(&mut inferrer, definition, &stmt.iter, shared);
            let element = if stmt.is_async {
                inferrer.async_iterate(iterable, stmt.iter.as_ref(), false)
            } else {
                inferrer.iterate(iterable, stmt.iter.as_ref(), false)
            };
            inferrer
                .destructure(&stmt.target, name, element)
                .unwrap_or(Type::UNKNOWN)
        }
        DefinitionKind::With { item, is_async, name } => {
            let manager = bound_value(&mut inferrer, definition, &item.context_expr, shared);
            let entered = inferrer.enter_context(manager, &item.context_expr, is_async, false);
            match item.optional_vars.as_deref() {
                Some(target) => inferrer.destructure(target, name, entered).unwrap_or(Type::UNKNOWN),
                None => Type::UNKNOWN,
            }
        }
        DefinitionKind::Parameter {
            function,
            parameter,
            kind,
            default,
        } => parameter_type(db, &mut inferrer, file, function, parameter, kind, default),
        DefinitionKind::Comprehension { generator, name } => {
            // The first iterable belongs to the enclosing scope; others to the comprehension.
            let ScopeKind::Comprehension(comprehension) = index.scope(def.scope).kind else {
                return Type::UNKNOWN;
            };
            let is_first = comprehension_generators(comprehension)
                .first()
                .is_some_and(|first| std::ptr::eq(first, generator));
            let iter_scope = if is_first {
                index.scope(def.scope).parent.unwrap_or(def.scope)
            } else {
                def.scope
            };
            let iterable = inferrer.in_scope(iter_scope, |inferrer| inferrer.infer_expression(&generator.iter));
            let element = if generator.is_async {
                inferrer.async_iterate(iterable, &generator.iter, false)
            } else {
                inferrer.iterate(iterable, &generator.iter, false)
            };
            inferrer
                .destructure(&generator.target, name, element)
                .unwrap_or(Type::UNKNOWN)
        }
        DefinitionKind::NamedExpression(named) => inferrer.infer_expression(&named.value),
        DefinitionKind::ExceptHandler { handler, is_star } => {
            let Some(type_expr) = &handler.type_ else {
                return db.known_instance("builtins", "BaseException", &[]);
            };
            let ty = inferrer.infer_expression(type_expr);
            let instance = exception_instance(db, ty);
            if is_star {
                db.known_instance("builtins", "ExceptionGroup", &[instance])
            } else {
                instance
            }
        }
        DefinitionKind::MatchCapture { stmt, case, name } => inferrer.match_capture_type(stmt, case, name),
        DefinitionKind::TypeParameter(_) => {
            db.intern(TypeKind::KnownInstance(KnownInstance::TypeVar(TypeVarId::Definition {
                file,
                definition,
            })))
        }
        DefinitionKind::TypeAlias(_) => {
            db.intern(TypeKind::KnownInstance(KnownInstance::TypeAlias { file, definition }))
        }
        DefinitionKind::Opaque => Type::UNKNOWN,
    }
}

fn comprehension_generators(expr: &'static Expr) -> &'static [ruff_python_ast::Comprehension] {
    match expr {
        Expr::ListComp(c) => &c.generators,
        Expr::SetComp(c) => &c.generators,
        Expr::DictComp(c) => &c.generators,
        Expr::Generator(c) => &c.generators,
        _ => &[],
    }
}

/// `except E as e` binds an instance of `E` (or of the union of a tuple of classes).
fn exception_instance(db: &Db, ty: Type) -> Type {
    match db.kind(ty) {
        TypeKind::ClassLiteral(class) | TypeKind::SubclassOf(class) => db.intern(TypeKind::Instance(class.clone())),
        TypeKind::Tuple(elements) => {
            let elements = elements.clone();
            union(db, elements.iter().map(|e| exception_instance(db, *e)))
        }
        TypeKind::Union(elements) => {
            let elements = elements.clone();
            union(db, elements.iter().map(|e| exception_instance(db, *e)))
        }
        TypeKind::Instance(ct) => {
            // `except (A, B)` given as a variable tuple: tuple[type[E], ...]
            if db.known_class("builtins", "tuple") == Some(ct.class)
                && let Some(element) = ct.args.first()
            {
                return exception_instance(db, *element);
            }
            Type::UNKNOWN
        }
        _ => Type::UNKNOWN,
    }
}

impl Inferrer<'_> {
    /// Whether an annotation is the bare `TypeAlias` qualifier of an explicit type alias.
    pub fn is_type_alias_annotation(&mut self, annotation: &'static Expr) -> bool {
        let ty = self.infer_expression(annotation);
        matches!(self.db.kind(ty), TypeKind::SpecialForm(SpecialForm::TypeAlias))
    }
}

/// The declared type of the symbol a definition binds (`x: T` anywhere in its scope).
fn declared_symbol_type(db: &Db, file: FileId, definition: DefinitionId) -> Option<Type> {
    let index = db.index(file);
    let def = index.definition(definition);
    let name = &index.scope(def.symbol_scope).symbol_data(def.symbol).name;
    db.symbol_declared_type(file, def.symbol_scope, name)
}

/// `T = TypeVar("T")`, `P = ParamSpec("P")`, `N = NewType("N", int)`: the definition itself is
/// the identity of the new type variable or type.
fn special_assignment(
    db: &Db,
    inferrer: &mut Inferrer<'_>,
    file: FileId,
    definition: DefinitionId,
    value: &'static Expr,
) -> Option<Type> {
    let Expr::Call(call) = value else { return None };
    if let Some(sentinel) = crate::sentinels::sentinel_assignment(db, inferrer, file, definition, value) {
        return Some(sentinel);
    }
    // `X = TypeAliasType("X", list[int])`: an explicit type alias.
    if inferrer.type_alias_type_call(value).is_some() {
        return Some(db.intern(TypeKind::KnownInstance(KnownInstance::TypeAlias { file, definition })));
    }
    // `P = namedtuple("P", "x y")`, `T = TypedDict("T", {...})`: the assignment defines a class.
    let class = ClassId { file, definition };
    if db.functional_kind(inferrer, call).is_some() && db.functional_class(class).is_some() {
        return Some(db.intern(TypeKind::ClassLiteral(ClassType::plain(class))));
    }
    if inferrer.typevar_constructor_kind(&call.func).is_some() {
        return Some(
            db.intern(TypeKind::KnownInstance(KnownInstance::TypeVar(TypeVarId::Definition {
                file,
                definition,
            }))),
        );
    }
    let callee = inferrer.infer_expression(&call.func);
    if let TypeKind::ClassLiteral(class) = db.kind(callee) {
        let module = db
            .file_data(class.class.file)
            .module
            .as_ref()
            .map(|m| m.as_str().to_string());
        if matches!(module.as_deref(), Some("typing" | "typing_extensions"))
            && db.class_name(class.class).as_str() == "NewType"
        {
            return Some(db.intern(TypeKind::KnownInstance(KnownInstance::NewType { file, definition })));
        }
    }
    None
}

fn function_definition_type(
    db: &Db,
    inferrer: &mut Inferrer<'_>,
    id: FunctionId,
    node: &'static ruff_python_ast::StmtFunctionDef,
) -> Type {
    let flags = db.function_flags(id);
    let file = id.file;
    let index = db.index(file);
    let def = index.definition(id.definition);
    let function = db.intern(TypeKind::Function(FunctionType {
        id,
        substitution: Box::new([]),
    }));
    if flags.property_accessor {
        // `@x.setter def x(...)`: `x` stays the property defined before.
        if let Some(previous) = previous_definition_of_symbol(db, file, id.definition) {
            return db.definition_type(file, previous);
        }
        return function;
    }
    let ty = if flags.has_other_decorators {
        inferrer.apply_decorators(node, function, def.range)
    } else {
        function
    };
    // Consecutive `@overload` definitions of the same name form one overloaded function.
    let mut overloads = Vec::new();
    if flags.overload {
        overloads.push(function);
    }
    let mut previous = previous_definition_of_symbol(db, file, id.definition);
    while let Some(prev) = previous {
        let DefinitionKind::Function(_) = index.definition(prev).kind else {
            break;
        };
        let prev_id = FunctionId { file, definition: prev };
        if !db.function_flags(prev_id).overload {
            break;
        }
        overloads.push(db.intern(TypeKind::Function(FunctionType {
            id: prev_id,
            substitution: Box::new([]),
        })));
        previous = previous_definition_of_symbol(db, file, prev);
    }
    if overloads.len() > 1 || (overloads.len() == 1 && !flags.overload) {
        overloads.reverse();
        return db.intern(TypeKind::Overloaded(overloads.into()));
    }
    ty
}

impl Inferrer<'_> {
    /// Applies a function's decorators, innermost first, by calling them; the ones with a meaning
    /// of their own (`staticmethod`, `classmethod`, `property`, `overload`) are skipped because
    /// the function's flags already carry it. In reporting mode, a decorator overload marked
    /// `@deprecated` (PEP 702) is reported at the decorator.
    pub fn apply_decorators(
        &mut self,
        node: &'static ruff_python_ast::StmtFunctionDef,
        function: Type,
        range: ruff_text_size::TextRange,
    ) -> Type {
        let db = self.db;
        let mut ty = function;
        for decorator in node.decorator_list.iter().rev() {
            let decorator_type = self.infer_expression(&decorator.expression);
            match db.kind(decorator_type) {
                // The function's flags carry these; over what another decorator made of the
                // function (a callable), `staticmethod` and `classmethod` are called like any
                // decorator, and their `__get__` binds the result.
                TypeKind::ClassLiteral(class)
                    if matches!(
                        db.class_name(class.class).as_str(),
                        "staticmethod" | "classmethod" | "property"
                    ) && db.file_data(class.class.file).module.as_ref().map(|m| m.as_str()) == Some("builtins")
                        && (db.class_name(class.class).as_str() == "property"
                            || matches!(db.kind(ty), TypeKind::Function(_) | TypeKind::Overloaded(_))) =>
                {
                    continue;
                }
                TypeKind::Function(f) if db.is_typing_function(f.id, "overload") => continue,
                _ => {}
            }
            let arguments = [crate::infer::Argument {
                kind: crate::infer::ArgumentKind::Positional,
                ty,
                range,
                expr: None,
            }];
            if self.is_reporting() {
                self.report_unfit_decorated(decorator_type, &decorator.expression, &arguments);
            }
            ty = self.warning_deprecated_overloads(decorator.expression.range(), |this| {
                this.call_type_silently(decorator_type, &arguments)
            });
        }
        ty
    }
}

impl Inferrer<'_> {
    /// A decorator whose parameter does not accept the function it decorates: reported at the
    /// decorator (the call `decorator(function)` is implicit). Other call problems (a decorator
    /// that takes no argument, say) are left to the decorator's own definition.
    fn report_unfit_decorated(
        &mut self,
        decorator: Type,
        expression: &'static Expr,
        arguments: &[crate::infer::Argument],
    ) {
        let Err((errors, _)) = self.try_call(decorator, arguments) else {
            return;
        };
        for error in errors {
            if let crate::infer::call::CallError::InvalidArgument { expected, found, .. } = error {
                let message = format!(
                    "Decorator `{}` cannot be applied: it expects `{}`, found `{}`",
                    self.display(decorator),
                    self.display(expected),
                    self.display(found)
                );
                self.report(
                    expression.range(),
                    awaitype_diagnostics::Rule::InvalidArgumentType,
                    message,
                );
            }
        }
    }
}

/// The definition of the same symbol, in the same scope, made just before this one.
fn previous_definition_of_symbol(db: &Db, file: FileId, definition: DefinitionId) -> Option<DefinitionId> {
    let index = db.index(file);
    let def = index.definition(definition);
    let all = &index.scope(def.symbol_scope).all_definitions[def.symbol.index()];
    let position = all.iter().position(|candidate| *candidate == definition)?;
    position.checked_sub(1).map(|previous| all[previous])
}

fn parameter_type(
    db: &Db,
    inferrer: &mut Inferrer<'_>,
    file: FileId,
    function_scope: ScopeId,
    parameter: &'static ruff_python_ast::Parameter,
    kind: ParameterKind,
    default: Option<&'static Expr>,
) -> Type {
    let index = db.index(file);
    let function_kind = index.scope(function_scope).kind;
    let declared = match function_kind {
        ScopeKind::Function(node) if parameter.annotation.is_some() || is_first_parameter(node, parameter) => {
            // By name: the signature keeps `*args: *Ts` out of its parameter list (as its
            // variadic tail), so positions do not line up.
            let definition = index.definition_of_node(node);
            definition.and_then(|definition| {
                // The declared signature: a parameter's type never depends on the body.
                let signature = db.declared_signature(FunctionId { file, definition });
                signature
                    .parameters
                    .iter()
                    .find(|p| p.name.as_ref() == Some(&parameter.name.id))
                    .map(|p| p.ty)
            })
        }
        _ => None,
    };
    let element = declared.unwrap_or_else(|| match default {
        Some(default) => {
            let scope = index.scope(function_scope).parent.unwrap_or(function_scope);
            let ty = inferrer.in_scope(scope, |inferrer| inferrer.infer_expression(default));
            if ty.is_none() {
                Type::UNKNOWN
            } else {
                union(
                    db,
                    [Type::UNKNOWN, crate::relation::promote_literal_for_inference(db, ty)],
                )
            }
        }
        None => Type::UNKNOWN,
    });
    match kind {
        ParameterKind::VarArgs => match db.kind(element) {
            TypeKind::Tuple(_) => element,
            // `*args: *X`: `args` is the tuple `X`.
            TypeKind::Unpacked(packed) => *packed,
            _ => db.known_instance("builtins", "tuple", &[element]),
        },
        ParameterKind::KwArgs => {
            if let Some(annotation) = parameter.annotation.as_deref()
                && let Some(typed_dict) =
                    super::unpacked_kwargs::unpacked_typed_dict_kwargs(db, file, function_scope, annotation)
            {
                return typed_dict;
            }
            let str_ty = db.known_instance("builtins", "str", &[]);
            db.known_instance("builtins", "dict", &[str_ty, element])
        }
        _ => element,
    }
}

fn is_first_parameter(node: &ruff_python_ast::StmtFunctionDef, parameter: &ruff_python_ast::Parameter) -> bool {
    node.parameters
        .posonlyargs
        .first()
        .or_else(|| node.parameters.args.first())
        .is_some_and(|first| std::ptr::eq(&first.parameter, parameter))
}

impl Inferrer<'_> {
    /// Whether `callee` is `TypeVar`, `ParamSpec` or `TypeVarTuple` from `typing` /
    /// `typing_extensions`: calling them defines a type variable.
    pub(crate) fn typevar_constructor_kind(&mut self, callee: &'static Expr) -> Option<crate::typevar::TypeVarKind> {
        let ty = self.infer_expression(callee);
        let TypeKind::ClassLiteral(class) = self.db.kind(ty) else {
            return None;
        };
        let module = self
            .db
            .file_data(class.class.file)
            .module
            .as_ref()
            .map(|m| m.as_str().to_string());
        if !matches!(module.as_deref(), Some("typing" | "typing_extensions")) {
            return None;
        }
        match self.db.class_name(class.class).as_str() {
            "TypeVar" => Some(crate::typevar::TypeVarKind::TypeVar),
            "ParamSpec" => Some(crate::typevar::TypeVarKind::ParamSpec),
            "TypeVarTuple" => Some(crate::typevar::TypeVarKind::TypeVarTuple),
            _ => None,
        }
    }
}
