//! Type expressions: annotations and other places where an expression denotes a type rather
//! than a value (`list[int]`, `int | None`, `Callable[[int], str]`, `"ForwardRef"`).

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, Operator};
use ruff_text_size::Ranged;

use crate::db::FileId;
use crate::infer::Inferrer;
use crate::infer::definitions::QualifiedType;
use crate::relation::union;
use crate::subst::Substitution;
use crate::ty::{
    ClassType, KnownInstance, Parameter, ParameterKind, Signature, SpecialForm, Type, TypeKind, TypeVarId,
};
use awaitype_semantic::{DefinitionId, DefinitionKind};

impl Inferrer<'_> {
    /// The type an annotation denotes.
    pub fn type_expression(&mut self, expr: &'static Expr) -> Type {
        match self.type_expression_qualified(expr) {
            QualifiedType::Type(ty) => ty,
            QualifiedType::Bare => Type::UNKNOWN,
        }
    }

    /// Like [`Self::type_expression`], but a bare `Final`/`ClassVar`/`TypeAlias` is reported as
    /// such so the caller can take the type from the assigned value.
    pub(crate) fn type_expression_qualified(&mut self, expr: &'static Expr) -> QualifiedType {
        match expr {
            Expr::Subscript(sub) => {
                let head = self.infer_expression(&sub.value);
                if let TypeKind::SpecialForm(SpecialForm::Final | SpecialForm::ClassVar | SpecialForm::Annotated) =
                    self.db.kind(head)
                {
                    let first = match &*sub.slice {
                        Expr::Tuple(tuple) => tuple.elts.first(),
                        other => Some(other),
                    };
                    return match first {
                        Some(first) => self.type_expression_qualified(first),
                        None => QualifiedType::Type(Type::UNKNOWN),
                    };
                }
                QualifiedType::Type(self.type_expression_inner(expr))
            }
            // Only a name can be a bare qualifier; other forms are never evaluated as values.
            Expr::Name(_) | Expr::Attribute(_) => {
                let value = self.infer_expression(expr);
                if let TypeKind::SpecialForm(SpecialForm::Final | SpecialForm::ClassVar | SpecialForm::TypeAlias) =
                    self.db.kind(value)
                {
                    return QualifiedType::Bare;
                }
                QualifiedType::Type(self.type_expression_inner(expr))
            }
            _ => QualifiedType::Type(self.type_expression_inner(expr)),
        }
    }

    /// Whether an annotation is a bare `Final` / `ClassVar` / `TypeAlias` (the type comes from
    /// the assigned value).
    pub fn is_bare_qualifier(&mut self, annotation: &'static Expr) -> bool {
        matches!(self.type_expression_qualified(annotation), QualifiedType::Bare)
    }

    /// `*args: X` annotations: `X` is the element type; `*args: *Ts` is variadic.
    pub(crate) fn variadic_annotation(&mut self, expr: &'static Expr) -> Type {
        match expr {
            Expr::Starred(_) => Type::UNKNOWN,
            _ => self.type_expression(expr),
        }
    }

    fn type_expression_inner(&mut self, expr: &'static Expr) -> Type {
        let db = self.db;
        match expr {
            Expr::NoneLiteral(_) => Type::NONE,
            Expr::StringLiteral(string) => self.string_annotation(string.value.to_str(), expr),
            Expr::BinOp(binop) if binop.op == Operator::BitOr => {
                let left = self.type_expression(&binop.left);
                let right = self.type_expression(&binop.right);
                union(db, [left, right])
            }
            // `*args: P.args, **kwargs: P.kwargs` of a ParamSpec `P`: any arguments.
            Expr::Attribute(attribute)
                if matches!(attribute.attr.as_str(), "args" | "kwargs")
                    && matches!(
                        self.db.kind(self.infer_expression(&attribute.value)),
                        TypeKind::KnownInstance(KnownInstance::TypeVar(_))
                    ) =>
            {
                Type::UNKNOWN
            }
            Expr::Name(_) | Expr::Attribute(_) => {
                let value = self.infer_expression(expr);
                self.value_as_type(value, expr)
            }
            Expr::Subscript(sub) => {
                let head = self.infer_expression(&sub.value);
                self.subscript_type(head, &sub.slice, expr)
            }
            Expr::EllipsisLiteral(_) => Type::UNKNOWN,
            _ => {
                self.report(
                    expr.range(),
                    Rule::InvalidTypeForm,
                    "Invalid expression in a type annotation",
                );
                Type::UNKNOWN
            }
        }
    }

    /// Parses a string annotation (a forward reference) and evaluates it in the current scope.
    fn string_annotation(&mut self, source: &str, expr: &'static Expr) -> Type {
        // Parsed once per distinct text and kept with the module the annotation is written in.
        let Some(parsed) = self.db.module(self.file).string_annotation(source.trim()) else {
            self.report(
                expr.range(),
                Rule::InvalidTypeForm,
                format!("Invalid string annotation `{source}`"),
            );
            return Type::UNKNOWN;
        };
        let reporting = self.is_reporting();
        // Names inside the string are not indexed; they resolve against final bindings.
        let mut inner = Inferrer::silent(self.db, self.file, self.scope);
        let ty = inner.type_expression(parsed.expr());
        if reporting && ty.is_unknown() {
            // Unresolvable forward references surface through the silent evaluation as Unknown.
        }
        ty
    }

    /// What a value means when used as a type: a class means its instances, `None` means
    /// `None`, a type variable means itself, an alias means its value.
    pub(crate) fn value_as_type(&mut self, value: Type, expr: &Expr) -> Type {
        let db = self.db;
        match db.kind(value).clone() {
            TypeKind::ClassLiteral(class) => {
                if class.args.is_empty() {
                    let info = db.class_info(class.class);
                    if info.type_params.is_empty() {
                        db.intern(TypeKind::Instance(class))
                    } else {
                        db.intern(TypeKind::Instance(db.default_specialization(class.class)))
                    }
                } else {
                    db.intern(TypeKind::Instance(class))
                }
            }
            TypeKind::None => Type::NONE,
            // `MaybeC = Optional["C"]`: a subscripted special form has no value type of its own,
            // but the name is an implicit alias of the type it spells.
            TypeKind::Unknown if self.names_special_form_subscript(expr) => {
                self.implicit_alias_of(expr).unwrap_or(Type::UNKNOWN)
            }
            TypeKind::Unknown | TypeKind::Any => value,
            TypeKind::SpecialForm(form) => match form {
                SpecialForm::Any => Type::ANY,
                SpecialForm::Never | SpecialForm::NoReturn => Type::NEVER,
                SpecialForm::LiteralString => db.known_instance("builtins", "str", &[]),
                SpecialForm::Tuple => {
                    let object = Type::UNKNOWN;
                    db.known_instance("builtins", "tuple", &[object])
                }
                SpecialForm::Type => db.known_instance("builtins", "type", &[]),
                SpecialForm::Callable => db.intern(TypeKind::Callable(Box::new(Signature {
                    parameters: Vec::new(),
                    return_type: Type::UNKNOWN,
                    gradual: true,
                    param_spec: None,
                }))),
                SpecialForm::SelfType => self.enclosing_self_type().unwrap_or(Type::UNKNOWN),
                SpecialForm::Alias(target) => {
                    let class = self.alias_target_class(target);
                    match class {
                        Some(class) => db.intern(TypeKind::Instance(db.default_specialization(class))),
                        None => Type::UNKNOWN,
                    }
                }
                _ => Type::UNKNOWN,
            },
            TypeKind::KnownInstance(KnownInstance::TypeVar(var)) => db.intern(TypeKind::TypeVar(var)),
            TypeKind::KnownInstance(KnownInstance::TypeAlias { file, definition }) => {
                db.type_alias_value(file, definition).0
            }
            TypeKind::KnownInstance(KnownInstance::NewType { file, definition }) => {
                db.intern(TypeKind::NewTypeInstance { file, definition })
            }
            // A name bound to one of several classes (`class Parser: ...`, then maybe
            // `from _speedups import Parser` where the extension has no stub): any of their
            // instances.
            TypeKind::Union(members)
                if members
                    .iter()
                    .all(|member| member.is_dynamic() || matches!(db.kind(*member), TypeKind::ClassLiteral(_))) =>
            {
                let instances: Vec<Type> = members.iter().map(|member| self.value_as_type(*member, expr)).collect();
                union(db, instances)
            }
            // An implicit alias (`IntList = list[int]`, `MaybeInt = int | None`): the value
            // expression denotes the type.
            TypeKind::Instance(_) | TypeKind::Union(_) | TypeKind::Tuple(_) => {
                if let Some(alias) = self.implicit_alias_of(expr) {
                    return alias;
                }
                // `Color = Enum("Color", "RED GREEN")` (the functional API) makes a class at
                // runtime; it is not modelled yet, so it is an unknown type rather than an error.
                if let TypeKind::Instance(instance) = db.kind(value)
                    && let Some(enum_class) = db.known_class("enum", "Enum")
                    && db
                        .class_info(instance.class)
                        .mro
                        .iter()
                        .any(|entry| entry.class == enum_class)
                {
                    return Type::UNKNOWN;
                }
                self.report(
                    expr.range(),
                    Rule::InvalidTypeForm,
                    format!(
                        "Variable of type `{}` is not allowed in a type expression",
                        self.display(value)
                    ),
                );
                Type::UNKNOWN
            }
            TypeKind::Module(module) => {
                self.report(
                    expr.range(),
                    Rule::InvalidTypeForm,
                    format!("Module `{}` is not allowed in a type expression", module.name),
                );
                Type::UNKNOWN
            }
            _ => Type::UNKNOWN,
        }
    }

    /// If `expr` names a module- or class-level variable assigned a type (an implicit alias),
    /// the type it denotes.
    fn implicit_alias_of(&mut self, expr: &Expr) -> Option<Type> {
        let (file, definition) = self.definition_named_by(expr)?;
        let index = self.db.index(file);
        match index.definition(definition).kind {
            DefinitionKind::Assignment {
                target: Expr::Name(_), ..
            } => Some(self.db.type_alias_value(file, definition).0),
            _ => None,
        }
    }

    /// Whether `expr` names a variable assigned a subscripted special form (`Union[A, B]`,
    /// `Optional[C]`, `Callable[..., R]`, `Literal["a"]`).
    fn names_special_form_subscript(&mut self, expr: &Expr) -> bool {
        let Some((file, definition)) = self.definition_named_by(expr) else {
            return false;
        };
        let index = self.db.index(file);
        let def = index.definition(definition);
        let DefinitionKind::Assignment {
            target: Expr::Name(_),
            value: Expr::Subscript(subscript),
            ..
        } = def.kind
        else {
            return false;
        };
        let mut inferrer = Inferrer::silent(self.db, file, def.scope);
        let head = inferrer.infer_expression(&subscript.value);
        matches!(self.db.kind(head), TypeKind::SpecialForm(_))
    }

    /// The single definition a name or module attribute refers to, if it has exactly one.
    fn definition_named_by(&mut self, expr: &Expr) -> Option<(FileId, DefinitionId)> {
        match expr {
            Expr::Name(name) => {
                let bindings = self.bindings_named_by(expr, name.id.as_str())?;
                let [definition] = bindings.definitions[..] else {
                    return None;
                };
                // Follow `from m import Alias`, through re-exports (a few modules deep).
                let (mut file, mut definition) = (self.file, definition);
                for _ in 0..8 {
                    let index = self.db.index(file);
                    let DefinitionKind::ImportFrom { stmt, alias } = index.definition(definition).kind else {
                        return Some((file, definition));
                    };
                    let module = self.db.resolve_import_from_module(file, stmt)?;
                    let target = module.file?;
                    let bindings = self
                        .db
                        .index(target)
                        .scope(awaitype_semantic::ScopeId::MODULE)
                        .end_bindings_of(alias.name.id.as_str())?;
                    let [next] = bindings.definitions[..] else {
                        return None;
                    };
                    (file, definition) = (target, next);
                }
                None
            }
            Expr::Attribute(attribute) => {
                let value = self.infer_expression_silently_static(&attribute.value)?;
                let TypeKind::Module(module) = self.db.kind(value).clone() else {
                    return None;
                };
                let file = module.file?;
                let index = self.db.index(file);
                let bindings = index
                    .scope(awaitype_semantic::ScopeId::MODULE)
                    .end_bindings_of(attribute.attr.id.as_str())?;
                let [definition] = bindings.definitions[..] else {
                    return None;
                };
                Some((file, definition))
            }
            _ => None,
        }
    }

    /// The bindings a name refers to: at the use when this scope binds it, otherwise the final
    /// ones of the enclosing scope that does (class bodies are skipped, as for any free name).
    fn bindings_named_by(&self, expr: &Expr, name: &str) -> Option<awaitype_semantic::Bindings> {
        let index = self.index;
        let use_ = index.use_of(expr);
        let start = use_.map_or(self.scope, |use_| use_.scope);
        let mut current = Some(start);
        while let Some(id) = current {
            let scope = index.scope(id);
            let flags = scope
                .symbol(name)
                .map(|symbol| scope.symbol_data(symbol).flags)
                .unwrap_or_default();
            if flags.global {
                return index
                    .scope(awaitype_semantic::ScopeId::MODULE)
                    .end_bindings_of(name)
                    .cloned();
            }
            let visible = id == start || !scope.kind.is_class();
            if visible && flags.bound && !flags.nonlocal {
                return match use_ {
                    Some(use_) if id == start && !use_.deferred && !use_.bindings.definitions.is_empty() => {
                        Some(use_.bindings.clone())
                    }
                    _ => scope.end_bindings_of(name).cloned(),
                };
            }
            current = scope.parent;
        }
        None
    }

    fn infer_expression_silently_static(&mut self, expr: &Expr) -> Option<Type> {
        // Attribute values are part of the same AST; the cache has them once inferred.
        self.expression_type(expr)
    }

    /// `Self` inside a class body or method: the enclosing class's `Self` type variable.
    fn enclosing_self_type(&self) -> Option<Type> {
        let index = self.index;
        for scope in index.parent_scopes(self.scope) {
            if let awaitype_semantic::ScopeKind::Class(node) = index.scope(scope).kind {
                let definition = index.definition_of_node(node)?;
                let class = crate::ty::ClassId {
                    file: self.file,
                    definition,
                };
                return Some(self.db.intern(TypeKind::TypeVar(TypeVarId::SelfOf(class))));
            }
        }
        None
    }

    fn alias_target_class(&mut self, target: &'static str) -> Option<crate::ty::ClassId> {
        match target.split_once('.') {
            Some(("collections", name)) => {
                let name: &'static str = name;
                self.db.known_class("collections", name)
            }
            _ => self.db.known_class("builtins", target),
        }
    }

    /// `X[args]` in a type expression.
    fn subscript_type(&mut self, head: Type, slice: &'static Expr, expr: &'static Expr) -> Type {
        let db = self.db;
        let elements: Vec<&'static Expr> = match slice {
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        match db.kind(head).clone() {
            TypeKind::ClassLiteral(class) => {
                if db.known_class("builtins", "tuple") == Some(class.class) {
                    return self.tuple_type(&elements);
                }
                if db.known_class("builtins", "type") == Some(class.class) {
                    return self.subclass_of_type(&elements);
                }
                // A dataclass's `x: InitVar[T] = default` is a parameter of `__init__` of type
                // `T`, never stored: the annotation means `T` for the default and the parameter.
                if db.known_class("dataclasses", "InitVar") == Some(class.class)
                    && let [element] = elements[..]
                {
                    return self.type_expression(element);
                }
                let info = db.class_info(class.class);
                let mut args: Vec<Type> = elements.iter().map(|e| self.type_argument(e)).collect();
                if info.type_params.is_empty() {
                    if !info.has_dynamic_base {
                        self.report(
                            expr.range(),
                            Rule::InvalidTypeForm,
                            format!("Class `{}` is not generic", info.name),
                        );
                    }
                    return db.intern(TypeKind::Instance(class));
                }
                // Fill missing arguments from defaults; drop extras.
                for param in info.type_params.iter().skip(args.len()) {
                    args.push(db.typevar(*param).default.unwrap_or(Type::UNKNOWN));
                }
                args.truncate(info.type_params.len());
                db.intern(TypeKind::Instance(ClassType {
                    class: class.class,
                    args: args.into(),
                }))
            }
            TypeKind::SpecialForm(form) => self.special_form_subscript(form, &elements, slice),
            TypeKind::KnownInstance(KnownInstance::TypeAlias { file, definition }) => {
                let (value, params) = db.type_alias_value(file, definition);
                let mut substitution = Substitution::new();
                for (param, arg) in params.iter().zip(elements.iter()) {
                    let arg = self.type_argument(arg);
                    substitution.insert(*param, arg);
                }
                substitution.apply(db, value)
            }
            TypeKind::Unknown | TypeKind::Any => {
                for element in elements {
                    self.type_argument(element);
                }
                Type::UNKNOWN
            }
            _ => {
                // A subscripted implicit generic alias, e.g. `_FutureLike[_T]`.
                if let Some((file, definition)) = self.definition_named_by_expr_head(expr) {
                    let (value, params) = db.type_alias_value(file, definition);
                    let mut substitution = Substitution::new();
                    for (param, arg) in params.iter().zip(elements.iter()) {
                        let arg = self.type_argument(arg);
                        substitution.insert(*param, arg);
                    }
                    return substitution.apply(db, value);
                }
                Type::UNKNOWN
            }
        }
    }

    fn definition_named_by_expr_head(&mut self, expr: &'static Expr) -> Option<(FileId, DefinitionId)> {
        let Expr::Subscript(sub) = expr else { return None };
        self.definition_named_by(&sub.value)
    }

    /// A type argument: like a type expression, but `[A, B]` lists and `...` are allowed
    /// (for `Callable` and `ParamSpec` parameters).
    fn type_argument(&mut self, expr: &'static Expr) -> Type {
        match expr {
            Expr::EllipsisLiteral(_) => Type::UNKNOWN,
            Expr::List(_) => Type::UNKNOWN,
            Expr::Starred(_) => Type::UNKNOWN,
            _ => self.type_expression(expr),
        }
    }

    fn tuple_type(&mut self, elements: &[&'static Expr]) -> Type {
        let db = self.db;
        if let [element, Expr::EllipsisLiteral(_)] = elements {
            let element = self.type_expression(element);
            return db.known_instance("builtins", "tuple", &[element]);
        }
        if let [Expr::Tuple(empty)] = elements
            && empty.elts.is_empty()
        {
            return db.intern(TypeKind::Tuple(Box::new([])));
        }
        // `...` means "any number of the element before it": only as the second of two.
        if let Some(ellipsis) = elements.iter().find(|e| matches!(e, Expr::EllipsisLiteral(_))) {
            self.report(
                ellipsis.range(),
                Rule::InvalidTypeForm,
                "`...` in `tuple[...]` must follow exactly one element type: `tuple[int, ...]` is a tuple of any length",
            );
            return db.known_instance("builtins", "tuple", &[Type::UNKNOWN]);
        }
        let is_unpacked = |this: &mut Self, element: &'static Expr| match element {
            Expr::Starred(_) => true,
            Expr::Subscript(sub) => {
                let head = this.infer_expression(&sub.value);
                matches!(this.db.kind(head), TypeKind::SpecialForm(SpecialForm::Unpack))
            }
            _ => false,
        };
        if elements.iter().any(|e| is_unpacked(self, e)) {
            // tuple[int, *Ts] (or `Unpack[Ts]`): variadic; approximated as tuple of unknown length.
            return db.known_instance("builtins", "tuple", &[Type::UNKNOWN]);
        }
        let types: Box<[Type]> = elements.iter().map(|e| self.type_expression(e)).collect();
        db.intern(TypeKind::Tuple(types))
    }

    fn subclass_of_type(&mut self, elements: &[&'static Expr]) -> Type {
        let Some(first) = elements.first() else {
            return Type::UNKNOWN;
        };
        let inner = self.type_expression(first);
        self.subclass_of(inner)
    }

    fn subclass_of(&mut self, inner: Type) -> Type {
        let db = self.db;
        match db.kind(inner).clone() {
            TypeKind::Instance(class) => db.intern(TypeKind::SubclassOf(class)),
            TypeKind::Union(members) => union(db, members.iter().map(|m| self.subclass_of(*m))),
            TypeKind::Any => db.known_instance("builtins", "type", &[]),
            TypeKind::TypeVar(var) => db.intern(TypeKind::SubclassOfTypeVar(var)),
            // `type[None]`: the class of `None`.
            TypeKind::None => db.none_type_class().map_or(Type::UNKNOWN, |class| {
                db.intern(TypeKind::SubclassOf(ClassType::plain(class)))
            }),
            _ => Type::UNKNOWN,
        }
    }

    fn special_form_subscript(&mut self, form: SpecialForm, elements: &[&'static Expr], slice: &'static Expr) -> Type {
        let db = self.db;
        match form {
            SpecialForm::Union => {
                let members: Vec<Type> = elements.iter().map(|e| self.type_expression(e)).collect();
                union(db, members)
            }
            SpecialForm::Optional => {
                let inner = elements.first().map_or(Type::UNKNOWN, |e| self.type_expression(e));
                union(db, [inner, Type::NONE])
            }
            SpecialForm::Literal => {
                let members: Vec<Type> = elements.iter().map(|e| self.literal_member(e)).collect();
                union(db, members)
            }
            SpecialForm::Tuple => self.tuple_type(elements),
            SpecialForm::Type => self.subclass_of_type(elements),
            SpecialForm::Callable => self.callable_type(elements),
            SpecialForm::Annotated
            | SpecialForm::Final
            | SpecialForm::ClassVar
            | SpecialForm::Required
            | SpecialForm::NotRequired
            | SpecialForm::ReadOnly => elements.first().map_or(Type::UNKNOWN, |e| self.type_expression(e)),
            SpecialForm::TypeGuard | SpecialForm::TypeIs => {
                let guarded: Vec<Type> = elements.iter().map(|e| self.type_expression(e)).collect();
                match guarded[..] {
                    [guarded] => db.intern(TypeKind::TypeGuard {
                        guarded,
                        type_is: form == SpecialForm::TypeIs,
                    }),
                    _ => db.known_instance("builtins", "bool", &[]),
                }
            }
            SpecialForm::Alias(target) => {
                let Some(class) = self.alias_target_class(target) else {
                    return Type::UNKNOWN;
                };
                let head = db.intern(TypeKind::ClassLiteral(ClassType::plain(class)));
                let Expr::Subscript(_) = slice else {
                    return self.subscript_type(head, slice, slice);
                };
                self.subscript_type(head, slice, slice)
            }
            SpecialForm::Unpack | SpecialForm::Concatenate => Type::UNKNOWN,
            _ => {
                for e in elements {
                    self.type_argument(e);
                }
                Type::UNKNOWN
            }
        }
    }

    fn literal_member(&mut self, expr: &'static Expr) -> Type {
        let db = self.db;
        match expr {
            Expr::NumberLiteral(number) => match &number.value {
                ruff_python_ast::Number::Int(int) => match int.as_i64() {
                    Some(value) => db.intern(TypeKind::IntLiteral(value)),
                    None => db.known_instance("builtins", "int", &[]),
                },
                _ => Type::UNKNOWN,
            },
            Expr::UnaryOp(unary) if unary.op == ruff_python_ast::UnaryOp::USub => {
                if let Expr::NumberLiteral(number) = &*unary.operand
                    && let ruff_python_ast::Number::Int(int) = &number.value
                    && let Some(value) = int.as_i64()
                {
                    return db.intern(TypeKind::IntLiteral(-value));
                }
                Type::UNKNOWN
            }
            Expr::StringLiteral(string) => db.intern(TypeKind::StrLiteral(string.value.to_str().into())),
            Expr::BytesLiteral(bytes) => {
                let value: Vec<u8> = bytes.value.bytes().collect();
                db.intern(TypeKind::BytesLiteral(value.into()))
            }
            Expr::BooleanLiteral(b) => db.intern(TypeKind::BoolLiteral(b.value)),
            Expr::NoneLiteral(_) => Type::NONE,
            Expr::Subscript(_) => self.type_expression(expr),
            // Enum members and aliases of literals.
            Expr::Attribute(_) | Expr::Name(_) => {
                if let Expr::Attribute(attribute) = expr
                    && let TypeKind::ClassLiteral(owner) = db.kind(self.infer_expression(&attribute.value))
                    && db.is_enum_non_member(owner.class, attribute.attr.as_str())
                {
                    let message = format!(
                        "`{}.{}` is not a member of enum `{}` (a method, property, `nonmember(...)` or private name), so it cannot be a `Literal` argument",
                        db.class_name(owner.class),
                        attribute.attr,
                        db.class_name(owner.class)
                    );
                    self.report(expr.range(), Rule::InvalidTypeForm, message);
                    return Type::UNKNOWN;
                }
                let ty = self.infer_expression(expr);
                match db.kind(ty) {
                    TypeKind::Union(_) => self.type_expression(expr),
                    _ => ty,
                }
            }
            _ => {
                self.report(
                    expr.range(),
                    Rule::InvalidTypeForm,
                    "Type arguments for `Literal` must be literal values, enum members or `None`",
                );
                Type::UNKNOWN
            }
        }
    }

    fn callable_type(&mut self, elements: &[&'static Expr]) -> Type {
        let db = self.db;
        let (params, ret) = match elements {
            [params, ret] => (*params, *ret),
            _ => {
                return db.intern(TypeKind::Callable(Box::new(Signature {
                    parameters: Vec::new(),
                    return_type: Type::UNKNOWN,
                    gradual: true,
                    param_spec: None,
                })));
            }
        };
        let return_type = self.type_expression(ret);
        let (parameters, gradual, param_spec) = self.callable_parameters(params);
        db.intern(TypeKind::Callable(Box::new(Signature {
            parameters,
            return_type,
            gradual,
            param_spec,
        })))
    }

    /// The parameter part of `Callable[params, R]`: a list of types (possibly ending in
    /// `*Ts`), `...`, a `ParamSpec`, or `Concatenate[A, ..., P]`.
    fn callable_parameters(&mut self, params: &'static Expr) -> (Vec<Parameter>, bool, Option<TypeVarId>) {
        let db = self.db;
        let positional = |ty: Type| Parameter {
            name: None,
            kind: ParameterKind::PositionalOnly,
            ty,
            annotated: true,
            has_default: false,
        };
        match params {
            Expr::List(list) => {
                let mut parameters = Vec::new();
                let mut tail = None;
                let mut gradual = false;
                for element in &list.elts {
                    if let Some(var) = self.unpacked_typevar_tuple(element) {
                        tail = Some(var);
                        continue;
                    }
                    let is_unpack = matches!(element, Expr::Starred(_))
                        || matches!(element, Expr::Subscript(sub) if matches!(
                            db.kind(self.infer_expression(&sub.value)),
                            TypeKind::SpecialForm(SpecialForm::Unpack)
                        ));
                    if is_unpack {
                        // `*tuple[int, ...]`: any number of positional arguments.
                        gradual = true;
                        continue;
                    }
                    let ty = self.type_expression(element);
                    parameters.push(positional(ty));
                }
                (parameters, gradual, tail)
            }
            Expr::EllipsisLiteral(_) => (Vec::new(), true, None),
            Expr::Subscript(sub)
                if matches!(
                    db.kind(self.infer_expression(&sub.value)),
                    TypeKind::SpecialForm(SpecialForm::Concatenate)
                ) =>
            {
                let elements: Vec<&'static Expr> = match &*sub.slice {
                    Expr::Tuple(tuple) => tuple.elts.iter().collect(),
                    other => vec![other],
                };
                let mut parameters = Vec::new();
                let mut tail = None;
                let mut gradual = false;
                for element in elements {
                    match self.param_spec_of(element) {
                        Some(var) => tail = Some(var),
                        None if matches!(element, Expr::EllipsisLiteral(_)) => gradual = true,
                        None => {
                            let ty = self.type_expression(element);
                            parameters.push(positional(ty));
                        }
                    }
                }
                (parameters, gradual, tail)
            }
            other => match self.param_spec_of(other) {
                Some(var) => (Vec::new(), false, Some(var)),
                None => {
                    self.type_argument(other);
                    (Vec::new(), true, None)
                }
            },
        }
    }

    /// The `ParamSpec` an expression names, if it does.
    pub(crate) fn param_spec_of(&mut self, expr: &'static Expr) -> Option<TypeVarId> {
        if !matches!(expr, Expr::Name(_) | Expr::Attribute(_)) {
            return None;
        }
        match self.db.kind(self.infer_expression(expr)) {
            TypeKind::KnownInstance(KnownInstance::TypeVar(var))
                if self.db.typevar(*var).kind == crate::typevar::TypeVarKind::ParamSpec =>
            {
                Some(*var)
            }
            _ => None,
        }
    }

    /// `*Ts` or `Unpack[Ts]` for a `TypeVarTuple` `Ts`.
    pub(crate) fn unpacked_typevar_tuple(&mut self, expr: &'static Expr) -> Option<TypeVarId> {
        let inner = match expr {
            Expr::Starred(starred) => &*starred.value,
            Expr::Subscript(sub)
                if matches!(
                    self.db.kind(self.infer_expression(&sub.value)),
                    TypeKind::SpecialForm(SpecialForm::Unpack)
                ) =>
            {
                &*sub.slice
            }
            _ => return None,
        };
        match self.db.kind(self.infer_expression(inner)) {
            TypeKind::KnownInstance(KnownInstance::TypeVar(var)) => Some(*var),
            // `*tuple[int, ...]` and other unpacked tuples: any positional arguments.
            _ => None,
        }
    }
}

impl crate::db::Db {
    /// The type an alias stands for, and its free type variables in order (for `Alias[int]`).
    pub fn type_alias_value(&self, file: FileId, definition: DefinitionId) -> (Type, std::sync::Arc<[TypeVarId]>) {
        alias_value_query(self, self.definition_key(file, definition))
    }
}

/// A salsa query. An alias that refers to itself (`Json = list["Json"] | int`) starts from
/// `Unknown`, so its inner occurrences are `Unknown` (see `cycle::cut_nested`); one that does
/// not settle stands for `Unknown`.
#[salsa::tracked(returns(clone), cycle_fn = alias_next_round, cycle_initial = alias_initial)]
fn alias_value_query<'db>(db: &'db dyn crate::db::TypeDb, key: crate::db::DefinitionKey<'db>) -> crate::db::AliasValue {
    let (file, definition) = (key.file(db), key.definition(db));
    let db = db.types();
    crate::db::grow(|| compute_alias_value(db, file, definition))
}

fn alias_initial(
    _db: &dyn crate::db::TypeDb,
    _id: salsa::Id,
    _key: crate::db::DefinitionKey<'_>,
) -> crate::db::AliasValue {
    unknown_alias()
}

fn alias_next_round(
    db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    previous: &crate::db::AliasValue,
    value: crate::db::AliasValue,
    _key: crate::db::DefinitionKey<'_>,
) -> crate::db::AliasValue {
    let (ty, params) = value;
    let ty = crate::cycle::cut_nested(db.types(), ty, previous.0);
    crate::cycle::next_round(cycle, (ty, params), unknown_alias)
}

fn unknown_alias() -> crate::db::AliasValue {
    (Type::UNKNOWN, std::sync::Arc::from(Vec::new()))
}

fn compute_alias_value(db: &crate::db::Db, file: FileId, definition: DefinitionId) -> crate::db::AliasValue {
    {
        {
            let index = db.index(file);
            let def = index.definition(definition);
            let (value, scope, explicit_params) = match def.kind {
                DefinitionKind::Assignment { value, .. } => (Some(value), def.scope, None),
                DefinitionKind::AnnotatedAssignment(ann) => (ann.value.as_deref(), def.scope, None),
                DefinitionKind::TypeAlias(alias) => {
                    let scope = alias
                        .type_params
                        .as_deref()
                        .and_then(|p| index.scope_of_node(p))
                        .unwrap_or(def.scope);
                    let params: Option<Vec<TypeVarId>> = alias.type_params.as_deref().map(|params| {
                        params
                            .type_params
                            .iter()
                            .filter_map(|p| index.definition_of_node(p))
                            .map(|definition| TypeVarId::Definition { file, definition })
                            .collect()
                    });
                    (Some(&*alias.value), scope, params)
                }
                _ => (None, def.scope, None),
            };
            let Some(value) = value else {
                return (Type::UNKNOWN, std::sync::Arc::from(Vec::new()));
            };
            let mut inferrer = Inferrer::silent(db, file, scope);
            let ty = inferrer.type_expression(value);
            let params = explicit_params.unwrap_or_else(|| {
                let mut vars = Vec::new();
                crate::class::collect_typevars(db, ty, &mut vars);
                vars
            });
            (ty, std::sync::Arc::from(params))
        }
    }
}
