//! Synthesized constructors: `@dataclass` classes (PEP 557; also classes made by PEP 681's
//! `dataclass_transform`, on a decorator, a base class or a metaclass) and `typing.NamedTuple`
//! subclasses get an `__init__` / `__new__` whose parameters are the annotated fields of the
//! class body, in order, bases first. Stubs cannot spell these signatures, so the checker derives
//! them as the typing spec describes. Dataclasses also get the other members the decorator's
//! arguments ask for (`order=True` comparisons, `__match_args__`, `__hash__`, `__slots__`,
//! `__dataclass_fields__`).

use ruff_python_ast::name::Name;
use ruff_python_ast::{Expr, Stmt};

use awaitype_semantic::ScopeId;

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::ty::{ClassId, ClassType, FunctionId, Parameter, ParameterKind, Signature, SpecialForm, Type, TypeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldClass {
    Dataclass {
        flags: DataclassFlags,
        /// The decorator that made it one: it says which calls are field specifiers.
        decorator: Type,
    },
    NamedTuple,
    /// A subclass of a named tuple: no fields of its own.
    NamedTupleSubclass,
    /// Keys are keyword arguments; a key that may be left out has a default.
    TypedDict,
}

/// The decorator's arguments that decide what a dataclass gets (`@dataclass(order=True)`):
/// `True`/`False` literals only, with the runtime's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DataclassFlags {
    kw_only: bool,
    init: bool,
    order: bool,
    match_args: bool,
    eq: bool,
    frozen: bool,
    unsafe_hash: bool,
    slots: bool,
}

impl DataclassFlags {
    /// The runtime's defaults, which `dataclass_transform(kw_only_default=..., ...)` may change.
    const DEFAULTS: DataclassFlags = DataclassFlags {
        kw_only: false,
        init: true,
        order: false,
        match_args: true,
        eq: true,
        frozen: false,
        unsafe_hash: false,
        slots: false,
    };

    fn from_keywords(keywords: Option<&[ruff_python_ast::Keyword]>, defaults: DataclassFlags) -> Self {
        let flag = |name: &str, default: bool| {
            keywords
                .and_then(|keywords| {
                    keywords
                        .iter()
                        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))
                })
                .map_or(default, |k| match &k.value {
                    Expr::BooleanLiteral(b) => b.value,
                    _ => default,
                })
        };
        DataclassFlags {
            kw_only: flag("kw_only", defaults.kw_only),
            init: flag("init", defaults.init),
            order: flag("order", defaults.order),
            match_args: flag("match_args", defaults.match_args),
            eq: flag("eq", defaults.eq),
            frozen: flag("frozen", defaults.frozen),
            unsafe_hash: flag("unsafe_hash", defaults.unsafe_hash),
            slots: flag("slots", defaults.slots),
        }
    }

    /// The defaults a `dataclass_transform(...)` call sets (`kw_only_default=True`, ...).
    fn transform_defaults(call: Option<&ruff_python_ast::ExprCall>) -> Self {
        let keywords = call.map(|call| &call.arguments.keywords[..]);
        let flag = |name: &str, default: bool| {
            keywords
                .and_then(|keywords| {
                    keywords
                        .iter()
                        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))
                })
                .map_or(default, |k| matches!(&k.value, Expr::BooleanLiteral(b) if b.value))
        };
        DataclassFlags {
            kw_only: flag("kw_only_default", false),
            order: flag("order_default", false),
            eq: flag("eq_default", true),
            frozen: flag("frozen_default", false),
            ..Self::DEFAULTS
        }
    }
}

impl Db {
    /// The signature of the synthesized constructor, if the class gets one (its own `__init__`
    /// wins over a synthesized one).
    pub fn synthesized_constructor(&self, class: ClassId) -> Option<Signature> {
        let kind = self.field_class(class)?;
        if let FieldClass::Dataclass { flags, .. } = kind
            && (!flags.init || self.own_class_member(class, "__init__").is_some())
        {
            return None;
        }
        Some(Signature {
            parameters: self.field_parameters(class),
            return_type: Type::NONE,
            gradual: false,
            param_spec: None,
        })
    }

    /// The synthesized constructor a class is built with, and the MRO entry (specialized) that
    /// has it: its own, or a base dataclass's when no class in between defines `__init__` or
    /// `__new__` (a plain subclass of a dataclass is constructed from the inherited fields).
    pub fn inherited_synthesized_constructor(&self, own: &ClassType) -> Option<(Signature, ClassType)> {
        for entry in self.mro_of(own) {
            if let Some(signature) = self.synthesized_constructor(entry.class) {
                return Some((signature, entry));
            }
            if self.own_class_member(entry.class, "__init__").is_some()
                || self.own_class_member(entry.class, "__new__").is_some()
            {
                return None;
            }
        }
        None
    }

    /// `instance.__init__` of a dataclass whose `__init__` is synthesized: the fields as
    /// parameters, returning `None` (not `object.__init__`, which takes nothing).
    pub fn synthesized_init_member(&self, instance: &ClassType) -> Option<Type> {
        let (signature, owner) = self.inherited_synthesized_constructor(instance)?;
        if !matches!(self.field_class(owner.class), Some(FieldClass::Dataclass { .. })) {
            return None;
        }
        let mut signature = crate::subst::Substitution::for_class(self, &owner).apply_signature(self, &signature, 0);
        signature.return_type = Type::NONE;
        Some(self.intern(TypeKind::Callable(Box::new(signature))))
    }

    /// A field without a default that `__init__` would take positionally after one with a
    /// default (the runtime raises `TypeError`), with that earlier field: in the class's own
    /// body or through inheritance.
    pub fn field_without_default_after_default(&self, class: ClassId) -> Option<(Name, Name)> {
        // Named tuples have the same rule, but not this message or position.
        if !matches!(self.field_class(class), Some(FieldClass::Dataclass { .. })) {
            return None;
        }
        let constructor = self.synthesized_constructor(class)?;
        let mut defaulted: Option<&Name> = None;
        for parameter in &constructor.parameters {
            if parameter.kind == ParameterKind::KeywordOnly {
                break;
            }
            let name = parameter.name.as_ref()?;
            match defaulted {
                Some(earlier) if !parameter.has_default => return Some((name.clone(), earlier.clone())),
                None if parameter.has_default => defaulted = Some(name),
                _ => {}
            }
        }
        None
    }

    /// The declarations of a dataclass's body that change a base dataclass's field into a
    /// `ClassVar` or a base's `ClassVar` into a field (the runtime would treat them
    /// inconsistently): each with the base that declares the name and whether the new
    /// declaration is the `ClassVar`.
    pub fn class_var_conflicts(&self, class: ClassId) -> Vec<(&'static ruff_python_ast::StmtAnnAssign, ClassId, bool)> {
        if !matches!(self.field_class(class), Some(FieldClass::Dataclass { .. })) {
            return Vec::new();
        }
        let mro = self.class_info(class).mro.clone();
        let bases: Vec<_> = mro
            .iter()
            .skip(1)
            .filter(|entry| matches!(self.field_class(entry.class), Some(FieldClass::Dataclass { .. })))
            .map(|entry| (entry.class, self.body_declarations(entry.class)))
            .collect();
        let mut conflicts = Vec::new();
        for (declaration, own_class_var) in self.body_declarations(class) {
            let inherited = bases.iter().find_map(|(base, declarations)| {
                declarations
                    .iter()
                    .find(|(base_declaration, _)| same_target(base_declaration, declaration))
                    .map(|(_, class_var)| (*base, *class_var))
            });
            if let Some((base, base_class_var)) = inherited
                && base_class_var != own_class_var
            {
                conflicts.push((declaration, base, own_class_var));
            }
        }
        conflicts
    }

    /// Whether `name` in the body of `class` (its `scope`) is an `InitVar` declared without a
    /// value: `__init__` passes it to `__post_init__` and never stores it, so neither the class
    /// nor its instances have the attribute.
    pub fn is_unstored_init_var(&self, class: ClassId, scope: ScopeId, name: &str) -> bool {
        let index = self.index(class.file);
        let scope_data = index.scope(scope);
        let Some(symbol) = scope_data.symbol(name) else {
            return false;
        };
        let [definition] = scope_data.all_definitions[symbol.index()][..] else {
            return false;
        };
        let awaitype_semantic::DefinitionKind::AnnotatedAssignment(node) = index.definition(definition).kind else {
            return false;
        };
        node.value.is_none()
            && matches!(&*node.annotation, Expr::Subscript(_))
            && self
                .init_vars(class)
                .iter()
                .any(|(init_var, _)| init_var.as_str() == name)
    }

    /// The `InitVar` pseudo-fields of a dataclass and its base dataclasses, in `__init__`
    /// order, with their types: what `__post_init__` receives after `self`.
    pub fn init_vars(&self, class: ClassId) -> Vec<(Name, Type)> {
        let init_var = self.known_class("dataclasses", "InitVar");
        let mut init_vars: Vec<(Name, Type)> = Vec::new();
        let mro = self.class_info(class).mro.clone();
        for entry in mro.iter().rev() {
            if !matches!(self.field_class(entry.class), Some(FieldClass::Dataclass { .. })) {
                continue;
            }
            let Some(scope) = self.class_body_scope(entry.class, &self.class_info(entry.class)) else {
                continue;
            };
            let mut inferrer = Inferrer::silent(self, entry.class.file, scope);
            for (declaration, _) in self.body_declarations(entry.class) {
                let (Expr::Subscript(sub), Expr::Name(name)) = (&*declaration.annotation, &*declaration.target) else {
                    continue;
                };
                if let TypeKind::ClassLiteral(head) = self.kind(inferrer.infer_expression(&sub.value))
                    && Some(head.class) == init_var
                {
                    let ty = inferrer.type_expression(&declaration.annotation);
                    init_vars.retain(|(existing, _)| *existing != name.id);
                    init_vars.push((name.id.clone(), ty));
                }
            }
        }
        init_vars
    }

    /// The annotated names of a class body (reachable ones), each with whether it is a
    /// `ClassVar`.
    fn body_declarations(&self, class: ClassId) -> Vec<(&'static ruff_python_ast::StmtAnnAssign, bool)> {
        let info = self.class_info(class);
        let (Some(node), Some(scope)) = (self.class_statement(class, &info), self.class_body_scope(class, &info))
        else {
            return Vec::new();
        };
        let mut inferrer = Inferrer::silent(self, class.file, scope);
        field_declarations(self, class.file, &node.body)
            .into_iter()
            .filter(|ann| matches!(&*ann.target, Expr::Name(_)))
            .map(|ann| (ann, is_class_var(self, &mut inferrer, &ann.annotation)))
            .collect()
    }

    /// Whether a dataclass is made with `slots=True`: its fields are its slots.
    pub(crate) fn is_slotted_dataclass(&self, class: ClassId) -> bool {
        matches!(self.field_class(class), Some(FieldClass::Dataclass { flags, .. }) if flags.slots)
    }

    /// Whether a dataclass asks for `slots=True` while its body assigns `__slots__` itself (the
    /// runtime raises `TypeError`: the decorator would have to replace them).
    pub fn slots_declared_twice(&self, class: ClassId) -> bool {
        let Some(FieldClass::Dataclass { flags, .. }) = self.field_class(class) else {
            return false;
        };
        flags.slots
            && self
                .class_statement(class, &self.class_info(class))
                .is_some_and(|node| {
                    node.body.iter().any(|stmt| match stmt {
                        Stmt::Assign(assign) => assign
                            .targets
                            .iter()
                            .any(|target| matches!(target, Expr::Name(n) if n.id.as_str() == "__slots__")),
                        Stmt::AnnAssign(ann) => matches!(&*ann.target, Expr::Name(n) if n.id.as_str() == "__slots__"),
                        _ => false,
                    })
                })
    }

    /// The nearest base dataclass with fields of a dataclass, if one of the two is frozen and
    /// the other is not (the runtime rejects both ways of inheriting), and whether `class` is the
    /// frozen one. A base without fields (the root class of a metaclass `dataclass_transform`,
    /// which takes no arguments) decides nothing.
    pub fn frozen_inheritance_mismatch(&self, class: ClassId) -> Option<(ClassId, bool)> {
        let Some(FieldClass::Dataclass { flags, .. }) = self.field_class(class) else {
            return None;
        };
        let mro = self.class_info(class).mro.clone();
        let base = mro
            .iter()
            .skip(1)
            .find_map(|entry| match self.field_class(entry.class) {
                Some(kind @ FieldClass::Dataclass { flags, .. })
                    if !self.class_fields(entry.class, kind).is_empty() =>
                {
                    Some((entry.class, flags.frozen))
                }
                _ => None,
            })?;
        (base.1 != flags.frozen).then_some((base.0, flags.frozen))
    }

    /// The class that declares `name` as a field, if `class` is a frozen dataclass and `name`
    /// one of its fields (its own or a base's): instances reject assigning it.
    pub fn frozen_field_owner(&self, class: ClassId, name: &str) -> Option<ClassId> {
        let Some(FieldClass::Dataclass { flags, .. }) = self.field_class(class) else {
            return None;
        };
        if !flags.frozen {
            return None;
        }
        let mro = self.class_info(class).mro.clone();
        mro.iter().map(|entry| entry.class).find(|&base| {
            let info = self.class_info(base);
            let Some(scope) = self.class_body_scope(base, &info) else {
                return false;
            };
            let scope_data = self.index(base.file).scope(scope);
            scope_data
                .symbol(name)
                .is_some_and(|symbol| scope_data.symbol_data(symbol).flags.declared)
                && matches!(self.field_class(base), Some(FieldClass::Dataclass { .. }))
        })
    }

    /// A method or attribute `@dataclass` adds to a class that does not define it: the rich
    /// comparisons of `order=True` (taking another instance of the class), `__match_args__` (the
    /// names of the fields `__init__` takes positionally, as string literals),
    /// `__dataclass_fields__`, `__slots__` with `slots=True`, and `__hash__`: `None` (the
    /// instances are unhashable) when `eq` is true and neither `frozen` nor `unsafe_hash` is.
    pub fn synthesized_dataclass_member(&self, class: ClassId, name: &str) -> Option<Type> {
        const NAMES: [&str; 8] = [
            "__lt__",
            "__le__",
            "__gt__",
            "__ge__",
            "__match_args__",
            "__dataclass_fields__",
            "__slots__",
            "__hash__",
        ];
        if !NAMES.contains(&name) {
            return None;
        }
        let Some(FieldClass::Dataclass { flags, .. }) = self.field_class(class) else {
            return None;
        };
        let str_type = || self.known_instance("builtins", "str", &[]);
        match name {
            "__match_args__" if flags.match_args => {
                let names: Box<[Type]> = self
                    .field_parameters(class)
                    .iter()
                    .filter(|p| p.kind != ParameterKind::KeywordOnly)
                    .filter_map(|p| p.name.as_ref())
                    .map(|name| self.intern(TypeKind::StrLiteral(name.as_str().into())))
                    .collect();
                Some(self.intern(TypeKind::Tuple(names)))
            }
            "__dataclass_fields__" => {
                let field = self.known_instance("dataclasses", "Field", &[Type::ANY]);
                Some(self.known_instance("builtins", "dict", &[str_type(), field]))
            }
            "__slots__" if flags.slots => Some(self.known_instance("builtins", "tuple", &[str_type()])),
            "__hash__" if flags.eq && !flags.frozen && !flags.unsafe_hash => Some(Type::NONE),
            // A generated `__hash__` is `object`'s (not a base's `None`).
            "__hash__" if flags.eq => self
                .known_class("builtins", "object")
                .and_then(|object| self.own_class_member(object, "__hash__")),
            "__lt__" | "__le__" | "__gt__" | "__ge__" if flags.order => {
                let other = Parameter {
                    name: Some(Name::new_static("other")),
                    kind: ParameterKind::PositionalOnly,
                    ty: self.intern(TypeKind::Instance(ClassType::plain(class))),
                    annotated: true,
                    has_default: false,
                };
                Some(self.intern(TypeKind::Callable(Box::new(Signature {
                    parameters: vec![other],
                    return_type: self.known_instance("builtins", "bool", &[]),
                    gradual: false,
                    param_spec: None,
                }))))
            }
            _ => None,
        }
    }

    /// The fields of a dataclass-like class and its bases, as `__init__` parameters (whether or
    /// not it gets an `__init__`).
    fn field_parameters(&self, class: ClassId) -> Vec<Parameter> {
        let mut parameters: Vec<Parameter> = Vec::new();
        let mro = self.class_info(class).mro.clone();
        for entry in mro.iter().rev() {
            let Some(entry_kind) = self.field_class(entry.class) else {
                continue;
            };
            for field in self.class_fields(entry.class, entry_kind) {
                // A field a subclass redeclares keeps its base's place, with the new type and
                // default (the order of `__init__`'s parameters is that of first declaration).
                match parameters.iter_mut().find(|p| p.name == field.name) {
                    Some(existing) => *existing = field,
                    None => parameters.push(field),
                }
            }
        }
        // Keyword-only fields go after the positional ones.
        parameters.sort_by_key(|p| p.kind == ParameterKind::KeywordOnly);
        // A TypedDict with `extra_items=T` (PEP 728) takes other keywords of type `T`.
        if self.is_typed_dict(class)
            && let Some(extra) = self
                .typed_dict_extra_items(&crate::ty::ClassType::plain(class))
                .value_type()
        {
            parameters.push(Parameter {
                name: Some(ruff_python_ast::name::Name::new_static("kwargs")),
                kind: ParameterKind::KwArgs,
                ty: extra,
                annotated: true,
                has_default: false,
            });
        }
        parameters
    }

    /// The element types of a class that is a fixed-length tuple: a subclass of `tuple[A, B]`,
    /// or a named tuple (its fields, in order).
    pub fn tuple_elements(&self, class: ClassId) -> Option<Box<[Type]>> {
        if let Some(elements) = self.class_info(class).tuple_elements.clone() {
            return Some(elements);
        }
        if !matches!(
            self.field_class(class),
            Some(FieldClass::NamedTuple | FieldClass::NamedTupleSubclass)
        ) {
            return None;
        }
        let constructor = self.synthesized_constructor(class)?;
        Some(constructor.parameters.iter().map(|parameter| parameter.ty).collect())
    }

    /// The elements of a tuple-like instance, specialized to its type arguments: a
    /// `Pair[int]` of a generic named tuple has `int` where its class says `T`.
    pub fn instance_tuple_elements(&self, instance: &crate::ty::ClassType) -> Option<Box<[Type]>> {
        let elements = self.tuple_elements(instance.class)?;
        if self.class_info(instance.class).type_params.is_empty() {
            return Some(elements);
        }
        let substitution = crate::subst::Substitution::for_class(self, instance);
        Some(
            elements
                .iter()
                .map(|element| substitution.apply(self, *element))
                .collect(),
        )
    }

    /// What makes a class's fields constructor parameters, if anything does: a query, since the
    /// statement rules ask it for every class and re-checks after an edit verify one memo per
    /// class instead of everything it reads.
    /// Whether a class is a dataclass (by decorator, base or metaclass transform).
    pub(crate) fn is_dataclass(&self, class: ClassId) -> bool {
        matches!(self.field_class(class), Some(FieldClass::Dataclass { .. }))
    }

    /// Whether a class is a named tuple declared by subclassing `NamedTuple`.
    pub(crate) fn is_named_tuple_class(&self, class: ClassId) -> bool {
        matches!(self.field_class(class), Some(FieldClass::NamedTuple))
    }

    fn field_class(&self, class: ClassId) -> Option<FieldClass> {
        field_class_query(self, self.definition_key(class.file, class.definition))
    }

    fn compute_field_class(&self, class: ClassId) -> Option<FieldClass> {
        if let Some(functional) = self.functional_class(class) {
            return match functional.kind {
                crate::functional_class::FunctionalKind::NamedTuple => Some(FieldClass::NamedTuple),
                crate::functional_class::FunctionalKind::TypedDict { .. } => Some(FieldClass::TypedDict),
                crate::functional_class::FunctionalKind::Enum { .. } => None,
            };
        }
        if self.is_typed_dict(class) {
            return Some(FieldClass::TypedDict);
        }
        let info = self.class_info(class);
        let node = self.class_statement(class, &info)?;
        if let Some(named_tuple) = self.known_class("typing", "NamedTuple") {
            if info.bases.iter().any(|base| base.class == named_tuple) {
                return Some(FieldClass::NamedTuple);
            }
            // A subclass of a named tuple class (typeshed's `SplitResult`) adds no fields, but
            // is constructed from its base's.
            if info.mro.iter().skip(1).any(|entry| {
                self.class_info(entry.class)
                    .bases
                    .iter()
                    .any(|base| base.class == named_tuple)
            }) {
                return Some(FieldClass::NamedTupleSubclass);
            }
        }
        let index = self.index(class.file);
        let scope = index.definition(class.definition).scope;
        let mut inferrer = Inferrer::silent(self, class.file, scope);
        for decorator in &node.decorator_list {
            let (callee, keywords) = match &decorator.expression {
                Expr::Call(call) => (&*call.func, Some(&call.arguments.keywords)),
                other => (other, None),
            };
            let ty = inferrer.infer_expression(callee);
            if self.is_dataclass_decorator(ty) {
                let defaults = DataclassFlags::transform_defaults(self.transform_call(ty).map(|(call, ..)| call));
                let flags = DataclassFlags::from_keywords(keywords.map(|k| &k[..]), defaults);
                return Some(FieldClass::Dataclass { flags, decorator: ty });
            }
        }
        // A subclass of a class decorated with `dataclass_transform`, or of a class whose
        // metaclass is, is a dataclass; the class statement's keywords are its arguments.
        let metaclass_mro = info
            .metaclass
            .as_ref()
            .map(|meta| self.mro_of(meta))
            .unwrap_or_default();
        let source = info.mro.iter().skip(1).chain(metaclass_mro.iter()).find_map(|entry| {
            let source = self.intern(TypeKind::ClassLiteral(ClassType::plain(entry.class)));
            self.transform_call(source).map(|(call, ..)| (source, call))
        });
        let (source, call) = source?;
        let keywords = node.arguments.as_ref().map(|arguments| &arguments.keywords[..]);
        let flags = DataclassFlags::from_keywords(keywords, DataclassFlags::transform_defaults(Some(call)));
        Some(FieldClass::Dataclass {
            flags,
            decorator: source,
        })
    }

    /// The `dataclass_transform(...)` call decorating a function or class, with the file and
    /// scope its arguments are inferred in.
    fn transform_call(&self, source: Type) -> Option<(&'static ruff_python_ast::ExprCall, FileId, ScopeId)> {
        let (decorators, file, definition) = match self.kind(source) {
            TypeKind::ClassLiteral(class_type) => {
                let class = class_type.class;
                let node = self.class_statement(class, &self.class_info(class))?;
                (&node.decorator_list, class.file, class.definition)
            }
            _ => {
                let function = *function_ids(self, source).first()?;
                (
                    &self.function_node(function)?.decorator_list,
                    function.file,
                    function.definition,
                )
            }
        };
        let scope = self.index(file).definition(definition).scope;
        let call = decorators.iter().find_map(|decorator| match &decorator.expression {
            Expr::Call(call) if self.is_dataclass_transform(file, scope, &call.func) => Some(call),
            _ => None,
        })?;
        Some((call, file, scope))
    }

    /// Whether `callee`, written in `scope` of `file`, is `dataclass_transform` of `typing` or
    /// `typing_extensions` (by what it resolves to, not by its spelling).
    fn is_dataclass_transform(&self, file: FileId, scope: ScopeId, callee: &'static Expr) -> bool {
        let ty = crate::infer::Inferrer::silent(self, file, scope).infer_expression(callee);
        self.first_function_id(ty)
            .is_some_and(|function| self.is_typing_function(function, "dataclass_transform"))
    }

    /// `dataclasses.dataclass`, or a function decorated with `dataclass_transform`.
    fn is_dataclass_decorator(&self, ty: Type) -> bool {
        let Some(function) = self.first_function_id(ty) else {
            return false;
        };
        let Some(node) = self.function_node(function) else {
            return false;
        };
        let module = self
            .file_data(function.file)
            .module
            .as_ref()
            .map(|m| m.as_str().to_string());
        if module.as_deref() == Some("dataclasses") && node.name.as_str() == "dataclass" {
            return true;
        }
        let scope = self.index(function.file).definition(function.definition).scope;
        node.decorator_list.iter().any(|decorator| {
            let callee: &'static Expr = match &decorator.expression {
                Expr::Call(call) => &call.func,
                other => other,
            };
            self.is_dataclass_transform(function.file, scope, callee)
        })
    }

    /// The functions whose calls are field specifiers for classes made by `decorator`:
    /// `dataclasses.field` for `@dataclass`, and the `field_specifiers` its
    /// `dataclass_transform(...)` lists otherwise (attrs' `attrib`/`field`, whatever they are
    /// imported as).
    fn field_specifiers(&self, decorator: Type) -> Vec<FunctionId> {
        if let Some(&function) = function_ids(self, decorator).first()
            && let Some(node) = self.function_node(function)
            && node.name.as_str() == "dataclass"
            && self.file_data(function.file).module.as_ref().map(|m| m.as_str()) == Some("dataclasses")
        {
            return self
                .resolve_stdlib_module("dataclasses")
                .and_then(|dataclasses| self.module_member(&dataclasses, "field"))
                .map(|field| function_ids(self, field))
                .unwrap_or_default();
        }
        let Some((call, file, scope)) = self.transform_call(decorator) else {
            return Vec::new();
        };
        let Some(Expr::Tuple(tuple)) = call.arguments.find_keyword("field_specifiers").map(|k| &k.value) else {
            return Vec::new();
        };
        let mut inferrer = Inferrer::silent(self, file, scope);
        tuple
            .elts
            .iter()
            .flat_map(|element| function_ids(self, inferrer.infer_expression(element)))
            .collect()
    }

    /// What a field specifier call says about its field (the parameters PEP 681 defines): a
    /// default, whether `__init__` takes it, keyword-only, and the parameter's alias. `init` and
    /// `kw_only` left out of the call take the specifier's own default for them, from the first
    /// overload the call's keywords fit (`init: Literal[False] = False` in one overload).
    fn specifier_arguments(&self, call: &ruff_python_ast::ExprCall, callee: &[FunctionId]) -> SpecifierArguments {
        let keyword = |name: &str| call.arguments.find_keyword(name).map(|k| &k.value);
        let given: Vec<&str> = call
            .arguments
            .keywords
            .iter()
            .filter_map(|k| k.arg.as_deref())
            .collect();
        let signature_default = |name: &str| {
            callee
                .iter()
                .find_map(|id| {
                    let parameters = &self.function_node(*id)?.parameters;
                    let all: Vec<_> = parameters
                        .posonlyargs
                        .iter()
                        .chain(&parameters.args)
                        .chain(&parameters.kwonlyargs)
                        .collect();
                    let positional = call.arguments.args.len();
                    let fits = all.iter().enumerate().all(|(i, p)| {
                        p.default.is_some() || i < positional || given.contains(&p.parameter.name.as_str())
                    }) && given
                        .iter()
                        .all(|g| parameters.kwarg.is_some() || all.iter().any(|p| p.parameter.name.as_str() == *g));
                    if !fits {
                        return None;
                    }
                    let parameter = all.iter().find(|p| p.parameter.name.as_str() == name)?;
                    Some(match parameter.default.as_deref() {
                        Some(Expr::BooleanLiteral(b)) => Some(b.value),
                        _ => None,
                    })
                })
                .flatten()
        };
        let flag = |name: &str| match keyword(name) {
            Some(Expr::BooleanLiteral(b)) => Some(b.value),
            Some(_) => None,
            None => signature_default(name),
        };
        SpecifierArguments {
            has_default: keyword("default").is_some()
                || keyword("default_factory").is_some()
                || keyword("factory").is_some(),
            init: flag("init").unwrap_or(true),
            kw_only: flag("kw_only"),
            alias: match keyword("alias") {
                Some(Expr::StringLiteral(alias)) => Some(Name::new(alias.value.to_str())),
                _ => None,
            },
        }
    }

    /// The value a descriptor field accepts: `__init__` assigns its argument to the field, which
    /// calls the descriptor's `__set__`, so the parameter takes what `__set__` takes.
    fn descriptor_value_type(&self, ty: Type) -> Option<Type> {
        let TypeKind::Instance(class_type) = self.kind(ty).clone() else {
            return None;
        };
        let owner = self.class_member_owner(&class_type, "__set__")?;
        let raw = self.specialize_member(self.own_class_member(owner.class, "__set__")?, &owner);
        let TypeKind::Function(function) = self.kind(raw).clone() else {
            return None;
        };
        let signature = self.bound_signature(ty, &function);
        signature.parameters.get(1).map(|value| value.ty)
    }

    /// The annotated fields of one class body, as constructor parameters.
    fn class_fields(&self, class: ClassId, kind: FieldClass) -> Vec<Parameter> {
        if kind == FieldClass::NamedTupleSubclass {
            return Vec::new();
        }
        if kind == FieldClass::TypedDict {
            return self
                .own_typed_dict_keys(class)
                .iter()
                .map(|key| Parameter {
                    name: Some(key.name.clone()),
                    kind: ParameterKind::KeywordOnly,
                    ty: key.ty,
                    annotated: true,
                    has_default: key.optional,
                })
                .collect();
        }
        if let Some(functional) = self.functional_class(class) {
            return functional
                .fields
                .iter()
                .map(|field| Parameter {
                    name: Some(field.name.clone()),
                    kind: ParameterKind::PositionalOrKeyword,
                    ty: field.ty,
                    annotated: true,
                    has_default: field.optional,
                })
                .collect();
        }
        let info = self.class_info(class);
        let (Some(node), Some(body_scope)) = (self.class_statement(class, &info), self.class_body_scope(class, &info))
        else {
            return Vec::new();
        };
        let mut inferrer = Inferrer::silent(self, class.file, body_scope);
        let mut kw_only = matches!(kind, FieldClass::Dataclass { flags, .. } if flags.kw_only);
        let specifiers = match kind {
            FieldClass::Dataclass { decorator, .. } => self.field_specifiers(decorator),
            _ => Vec::new(),
        };
        let mut fields = Vec::new();
        for ann in field_declarations(self, class.file, &node.body) {
            let Expr::Name(name) = &*ann.target else { continue };
            if is_class_var(self, &mut inferrer, &ann.annotation) {
                continue;
            }
            let ty = inferrer.type_expression(&ann.annotation);
            // `_: KW_ONLY` makes the following fields keyword-only.
            if let TypeKind::Instance(ct) = self.kind(ty)
                && self.class_name(ct.class).as_str() == "KW_ONLY"
            {
                kw_only = true;
                continue;
            }
            // A field specifier (`field(...)`, `attrs.field(...)`) may give a default, leave the
            // field out of `__init__`, make it keyword-only or rename its parameter (the
            // parameters PEP 681 defines for field specifiers).
            let mut parameter_name = name.id.clone();
            let mut field_kw_only = kw_only;
            let mut converter_input = None;
            let (has_default, init) = match ann.value.as_deref() {
                None => (false, true),
                Some(Expr::Call(call))
                    if let callee = function_ids(self, inferrer.infer_expression(&call.func))
                        && callee.iter().any(|id| specifiers.contains(id)) =>
                {
                    let arguments = self.specifier_arguments(call, &callee);
                    // The field's own `kw_only` wins over the class's, either way.
                    if let Some(kw_only) = arguments.kw_only {
                        field_kw_only = kw_only;
                    }
                    if let Some(alias) = arguments.alias {
                        parameter_name = alias;
                    }
                    // A converter decides what `__init__` takes for the field.
                    if let Some(converter) = call.arguments.find_keyword("converter") {
                        let converter = inferrer.infer_expression(&converter.value);
                        converter_input = self.converter_input_type(converter);
                    }
                    (arguments.has_default, arguments.init)
                }
                Some(_) => (true, true),
            };
            if !init {
                continue;
            }
            fields.push(Parameter {
                name: Some(parameter_name),
                kind: if field_kw_only {
                    ParameterKind::KeywordOnly
                } else {
                    ParameterKind::PositionalOrKeyword
                },
                ty: converter_input.unwrap_or_else(|| self.descriptor_value_type(ty).unwrap_or(ty)),
                annotated: true,
                has_default,
            });
        }
        fields
    }

    /// Whether `call`, the value of a field of `class`, calls one of the field specifiers of the
    /// decorator (or transform) that made `class` dataclass-like.
    pub(crate) fn is_field_specifier_call(&self, class: ClassId, call: &'static ruff_python_ast::ExprCall) -> bool {
        let Some(FieldClass::Dataclass { decorator, .. }) = self.field_class(class) else {
            return false;
        };
        let info = self.class_info(class);
        let Some(body_scope) = self.class_body_scope(class, &info) else {
            return false;
        };
        let specifiers = self.field_specifiers(decorator);
        let callee = Inferrer::silent(self, class.file, body_scope).infer_expression(&call.func);
        function_ids(self, callee).iter().any(|id| specifiers.contains(id))
    }
}

/// What a field specifier call says about its field.
struct SpecifierArguments {
    has_default: bool,
    init: bool,
    kw_only: Option<bool>,
    alias: Option<Name>,
}

/// Whether an annotation is `ClassVar` or `ClassVar[T]`.
pub(crate) fn is_class_var(db: &Db, inferrer: &mut Inferrer, annotation: &'static Expr) -> bool {
    let head = match annotation {
        Expr::Subscript(sub) => &*sub.value,
        other => other,
    };
    matches!(
        db.kind(inferrer.infer_expression(head)),
        TypeKind::SpecialForm(SpecialForm::ClassVar)
    )
}

/// Whether two annotated assignments declare the same name.
fn same_target(a: &ruff_python_ast::StmtAnnAssign, b: &ruff_python_ast::StmtAnnAssign) -> bool {
    matches!((&*a.target, &*b.target), (Expr::Name(x), Expr::Name(y)) if x.id == y.id)
}

/// The annotated assignments of a class body that declare fields, in order: those at its top
/// level and those in the reachable branches of `if` statements (`if sys.version_info >= ...:`
/// adds a field only on the versions it names).
pub(crate) fn field_declarations(
    db: &Db,
    file: crate::db::FileId,
    body: &'static [Stmt],
) -> Vec<&'static ruff_python_ast::StmtAnnAssign> {
    let index = db.index(file);
    let mut declarations = Vec::new();
    for stmt in body {
        if !index.is_reachable(stmt) {
            continue;
        }
        match stmt {
            Stmt::AnnAssign(ann) => declarations.push(ann),
            Stmt::If(if_stmt) => {
                declarations.extend(field_declarations(db, file, &if_stmt.body));
                for clause in &if_stmt.elif_else_clauses {
                    declarations.extend(field_declarations(db, file, &clause.body));
                }
            }
            _ => {}
        }
    }
    declarations
}

/// The functions a callable type is: one, or each overload.
fn function_ids(db: &Db, ty: Type) -> Vec<FunctionId> {
    match db.kind(ty) {
        TypeKind::Function(function) => vec![function.id],
        TypeKind::Overloaded(items) => items.iter().flat_map(|item| function_ids(db, *item)).collect(),
        _ => Vec::new(),
    }
}

#[salsa::tracked(returns(copy), cycle_fn = field_class_next_round, cycle_initial = no_field_class)]
fn field_class_query<'db>(db: &'db dyn crate::db::TypeDb, key: crate::db::DefinitionKey<'db>) -> Option<FieldClass> {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| db.compute_field_class(class))
}

fn no_field_class(
    _db: &dyn crate::db::TypeDb,
    _id: salsa::Id,
    _key: crate::db::DefinitionKey<'_>,
) -> Option<FieldClass> {
    None
}

fn field_class_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Option<FieldClass>,
    value: Option<FieldClass>,
    _key: crate::db::DefinitionKey<'_>,
) -> Option<FieldClass> {
    crate::cycle::next_round(cycle, value, || None)
}
