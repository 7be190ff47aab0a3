//! Type expressions: annotations and other places where an expression denotes a type rather
//! than a value (`list[int]`, `int | None`, `Callable[[int], str]`, `"ForwardRef"`).

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, Operator};
use ruff_text_size::{Ranged, TextRange};

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::infer::definitions::QualifiedType;
use crate::relation::union;
use crate::ty::{
    ClassType, KnownInstance, Parameter, ParameterKind, Signature, SpecialForm, Type, TypeKind, TypeVarId,
};
use awaitype_semantic::{DefinitionId, DefinitionKind};

impl Inferrer<'_> {
    /// The type an annotation denotes.
    pub fn type_expression(&mut self, expr: &'static Expr) -> Type {
        match self.type_expression_qualified(expr) {
            // An alias whose value starts with a reference to another (`Expr = int | "Call"`,
            // where `Call` leads back to `Expr`) is seen expanded where it is used; inside an
            // alias's own value, references stay as they are (see `alias_reference.rs`).
            QualifiedType::Type(ty) if self.computing_alias.is_none() => {
                crate::alias_reference::expand_alias_reference(self.db, ty)
            }
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
                    if let TypeKind::SpecialForm(SpecialForm::Annotated) = self.db.kind(head) {
                        self.check_annotated_arity(&sub.slice);
                    }
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
    /// `*args: *tuple[int, str]` / `*args: *Ts` (or `Unpack[...]`) take their arguments as one
    /// tuple: the parameter's type is that tuple, unpacked (`*tuple[int, ...]` is plain `int`).
    pub(crate) fn variadic_annotation(&mut self, expr: &'static Expr) -> Type {
        match self.unpack_operand(expr) {
            Some(operand) => {
                // `Array[*Ts]`: an alias of it takes any number of arguments.
                if self.unpacks_type_var_tuple(expr) {
                    self.type_form_probe.variadic = true;
                }
                let inner = self.unpacked_type(operand);
                let packed = crate::tuple_shape::tuple_of(self.db, [crate::tuple_shape::unpacked(self.db, inner)]);
                crate::tuple_shape::varargs_type(self.db, packed)
            }
            None => self.type_expression(expr),
        }
    }

    fn type_expression_inner(&mut self, expr: &'static Expr) -> Type {
        let db = self.db;
        if let Some(reference) = self.self_reference(expr) {
            return reference;
        }
        match expr {
            Expr::NoneLiteral(_) => Type::NONE,
            Expr::StringLiteral(string) => self.string_annotation(string.value.to_str(), expr),
            Expr::BinOp(binop) if binop.op == Operator::BitOr => {
                let left = self.type_expression(&binop.left);
                let right = self.type_expression(&binop.right);
                self.check_string_in_runtime_union(expr, &binop.left, &binop.right);
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
                if self.param_spec_of(expr).is_some() {
                    self.report_misplaced_param_spec(expr);
                    return Type::UNKNOWN;
                }
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

    /// While an alias's value is evaluated, `expr` naming that alias (`Json`, `Tree[T]`), or an
    /// alias that leads back to it: a reference, with its type arguments (see
    /// `alias_reference.rs`).
    fn self_reference(&mut self, expr: &'static Expr) -> Option<Type> {
        let target = self.computing_alias?;
        let (name, slice) = match expr {
            Expr::Name(_) => (expr, None),
            Expr::Subscript(sub) if matches!(&*sub.value, Expr::Name(_)) => (&*sub.value, Some(&*sub.slice)),
            _ => return None,
        };
        let named = self.definition_named_by(name)?;
        // Another alias that leads back to this one (`Expr = int | list["Call"]` with `Call =
        // tuple[str, "Expr"]`) is a reference too: asking for its value would ask for this one's.
        if named != target
            && !crate::check::alias_cycles::alias_named_by(self, name)
                .is_some_and(|alias| crate::alias_graph::alias_leads_to(self.db, alias, target))
        {
            return None;
        }
        let args = match slice {
            None => Vec::new(),
            Some(Expr::Tuple(tuple)) => tuple.elts.iter().map(|element| self.type_argument(element)).collect(),
            Some(element) => vec![self.type_argument(element)],
        };
        Some(crate::alias_reference::alias_reference(self.db, named.0, named.1, args))
    }

    /// `"C" | int` in an annotation Python evaluates (a module's or class's, or a signature's, in
    /// a source file without `from __future__ import annotations`, before 3.14) raises a
    /// `TypeError`: a class's `|` takes no string. Inside a string nothing is evaluated.
    fn check_string_in_runtime_union(&mut self, expr: &Expr, left: &Expr, right: &Expr) {
        let (string, other) = match (left, right) {
            (Expr::StringLiteral(_), other) | (other, Expr::StringLiteral(_)) => (true, other),
            _ => (false, left),
        };
        if !string
            || self.in_string_annotation
            || self.index.is_stub
            || self.index.has_future_annotations
            || self.db.python_version() >= ruff_python_ast::PythonVersion::PY314
            || self.index.scope(self.scope).kind.is_function_like()
        {
            return;
        }
        let is_class = matches!(other, Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_))
            && self
                .expression_type(other)
                .is_some_and(|ty| matches!(self.db.kind(ty), TypeKind::ClassLiteral(_)))
            || matches!(other, Expr::NoneLiteral(_));
        if is_class {
            self.report(
                expr.range(),
                Rule::InvalidTypeForm,
                "`|` between a class and a string fails at runtime: quote the whole annotation instead",
            );
        }
    }

    /// `Annotated[T]` without metadata is an error at runtime: it takes a type and at least one
    /// metadata element.
    fn check_annotated_arity(&mut self, slice: &Expr) {
        if !matches!(slice, Expr::Tuple(tuple) if tuple.elts.len() >= 2) {
            self.report(
                slice.range(),
                Rule::InvalidTypeForm,
                "`Annotated` takes a type and at least one metadata element, as in `Annotated[int, \"meta\"]`",
            );
        }
    }

    /// Parses a string annotation (a forward reference) and evaluates it in the current scope.
    fn string_annotation(&mut self, source: &str, expr: &'static Expr) -> Type {
        // Parsed once per distinct text and kept with the module the annotation is written in.
        // A string spanning lines (triple-quoted) is parsed as if it were in parentheses.
        let module = self.db.module(self.file);
        let parsed = module
            .string_annotation(source.trim())
            .or_else(|| module.string_annotation(&format!("({})", source.trim())));
        let Some(parsed) = parsed else {
            let shown = source.split_whitespace().collect::<Vec<_>>().join(" ");
            self.report(
                expr.range(),
                Rule::InvalidTypeForm,
                format!("Invalid string annotation `{shown}`: it must contain one type expression"),
            );
            return Type::UNKNOWN;
        };
        // Names inside the string are not indexed; they resolve against final bindings. The
        // problems found inside are reported at the string, whose text has its own positions.
        let mut inner = if self.is_reporting() {
            Inferrer::reporting(self.db, self.file, self.scope)
        } else {
            Inferrer::silent(self.db, self.file, self.scope)
        };
        inner.in_string_annotation = true;
        inner.computing_alias = self.computing_alias;
        inner.string_annotation_range = Some(self.string_annotation_range.unwrap_or(expr.range()));
        let ty = inner.type_expression(parsed.expr());
        self.type_form_probe.invalid_forms += inner.type_form_probe.invalid_forms;
        self.type_form_probe.variadic |= inner.type_form_probe.variadic;
        for diagnostic in inner.take_diagnostics() {
            self.report(expr.range(), diagnostic.rule, diagnostic.message);
        }
        ty
    }

    /// What a value means when used as a type: a class means its instances, `None` means
    /// `None`, a type variable means itself, an alias means its value.
    pub(crate) fn value_as_type(&mut self, value: Type, expr: &Expr) -> Type {
        let db = self.db;
        match db.kind(value).clone() {
            // `X = [int][0]` or `X = list or set` evaluates to a class, but is no alias.
            TypeKind::ClassLiteral(_) if self.names_invalid_implicit_alias(expr) => {
                self.report_invalid_alias_use(expr);
                Type::UNKNOWN
            }
            // A bare implicit generic alias (`Alias = dict[str, T]`, used as `Alias`).
            TypeKind::ClassLiteral(class)
                if self.may_be_generic_alias(&class)
                    && let Some(alias) = self.implicit_alias_of(expr) =>
            {
                alias
            }
            TypeKind::ClassLiteral(class) => {
                if class.args.is_empty() {
                    let info = db.class_info(class.class);
                    if info.type_params.is_empty() {
                        db.intern(TypeKind::Instance(class))
                    } else {
                        db.intern(TypeKind::Instance(db.default_specialization(class.class)))
                    }
                } else {
                    // `Box = list[T]` named without arguments: an alias with unknown parameters.
                    if let Some(alias) = self.implicit_alias_of(expr) {
                        return alias;
                    }
                    db.intern(TypeKind::Instance(class))
                }
            }
            TypeKind::None => Type::NONE,
            // `MaybeC = Optional["C"]`: a subscripted special form has no value type of its own,
            // but the name is an implicit alias of the type it spells.
            TypeKind::Unknown if self.names_special_form_subscript(expr) => {
                self.implicit_alias_of(expr).unwrap_or(Type::UNKNOWN)
            }
            TypeKind::Unknown | TypeKind::Any => {
                if self.names_invalid_implicit_alias(expr) {
                    self.report_invalid_alias_use(expr);
                }
                value
            }
            // Names inside a string annotation resolve against the scope's final bindings, an
            // approximation: only a name the index saw at its place is reported as a function.
            TypeKind::Function(_) | TypeKind::Overloaded(_) | TypeKind::BoundMethod { .. }
                if self.index.use_of(expr).is_some() =>
            {
                self.report(
                    expr.range(),
                    Rule::InvalidTypeForm,
                    format!(
                        "Function `{}` is not allowed in a type expression: it is not a type",
                        self.display(value)
                    ),
                );
                Type::UNKNOWN
            }
            TypeKind::SpecialForm(form) => match form {
                SpecialForm::Any => Type::ANY,
                SpecialForm::Never | SpecialForm::NoReturn => Type::NEVER,
                // A bare `TypeForm` is `TypeForm[Any]`.
                SpecialForm::TypeForm => db.intern(TypeKind::TypeForm(Type::ANY)),
                SpecialForm::LiteralString => db.intern(TypeKind::LiteralString),
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
                SpecialForm::SelfType => self.enclosing_self_type().unwrap_or_else(|| {
                    self.report(
                        expr.range(),
                        Rule::InvalidTypeForm,
                        "`Self` cannot be used outside a class: it stands for the class of `self`; name the type instead",
                    );
                    Type::UNKNOWN
                }),
                SpecialForm::Generic => self.generic_is_no_type(expr),
                SpecialForm::Literal => {
                    self.report(
                        expr.range(),
                        Rule::InvalidTypeForm,
                        "`Literal` needs at least one argument: write `Literal[value, ...]`",
                    );
                    Type::UNKNOWN
                }
                SpecialForm::Alias(target) => {
                    let class = self.alias_target_class(target);
                    match class {
                        Some(class) => db.intern(TypeKind::Instance(db.default_specialization(class))),
                        None => Type::UNKNOWN,
                    }
                }
                _ => Type::UNKNOWN,
            },
            // A `TypeVarTuple` is a type only unpacked (`*Ts`, which `unpacked_type` reads).
            TypeKind::KnownInstance(KnownInstance::TypeVar(var))
                if db.typevar(var).kind == crate::typevar::TypeVarKind::TypeVarTuple =>
            {
                let name = db.typevar(var).name.clone();
                self.report(
                    expr.range(),
                    Rule::InvalidTypeForm,
                    format!("`TypeVarTuple` `{name}` must be unpacked here: write `*{name}`"),
                );
                Type::UNKNOWN
            }
            TypeKind::KnownInstance(KnownInstance::TypeVar(var)) => db.intern(TypeKind::TypeVar(var)),
            TypeKind::KnownInstance(KnownInstance::TypeAlias { file, definition }) => {
                let alias = db.type_alias_value(file, definition);
                self.bare_alias(&alias)
            }
            TypeKind::KnownInstance(KnownInstance::NewType { file, definition }) => {
                db.intern(TypeKind::NewTypeInstance { file, definition })
            }
            // A sentinel's name is the type of that one object.
            TypeKind::Sentinel { .. } => value,
            // A name bound to one of several classes (`class Parser: ...`, then maybe
            // `from _speedups import Parser` where the extension has no stub): any of their
            // instances.
            TypeKind::Union(members)
                if members
                    .iter()
                    .all(|member| member.is_dynamic() || matches!(db.kind(*member), TypeKind::ClassLiteral(_))) =>
            {
                if self.names_invalid_implicit_alias(expr) {
                    self.report_invalid_alias_use(expr);
                    return Type::UNKNOWN;
                }
                let instances: Vec<Type> = members.iter().map(|member| self.value_as_type(*member, expr)).collect();
                union(db, instances)
            }
            // An implicit alias (`IntList = list[int]`, `MaybeInt = int | None`): the value
            // expression denotes the type.
            TypeKind::Instance(_)
            | TypeKind::Union(_)
            | TypeKind::Tuple(_)
            | TypeKind::IntLiteral(_)
            | TypeKind::BoolLiteral(_)
            | TypeKind::StrLiteral(_)
            | TypeKind::BytesLiteral(_)
            | TypeKind::EnumLiteral { .. }
            | TypeKind::LiteralString => {
                if let Some(alias) = self.implicit_alias_of(expr) {
                    return alias;
                }
                // `Color = Enum("Color", "RED GREEN")` (the functional API) makes a class at
                // runtime; it is not modelled yet, so it is an unknown type rather than an error.
                if let TypeKind::Instance(instance) = db.kind(value)
                    && db.is_enum_class(instance.class)
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

    /// Whether a class object used in a type expression may be the value of an implicit generic
    /// alias: a class specialized with type variables, or `tuple` (whose value form does not
    /// keep its arguments).
    fn may_be_generic_alias(&self, class: &ClassType) -> bool {
        let db = self.db;
        db.known_class("builtins", "tuple") == Some(class.class)
            || class.args.iter().any(|arg| crate::subst::contains_typevars(db, *arg))
    }

    /// The implicit alias whose name `X[...]` subscripts, if it is one.
    fn implicit_alias_definition(&mut self, expr: &'static Expr) -> Option<(FileId, DefinitionId)> {
        let (file, definition) = self.definition_named_by_expr_head(expr)?;
        let index = self.db.index(file);
        matches!(
            index.definition(definition).kind,
            DefinitionKind::Assignment {
                target: Expr::Name(_),
                ..
            }
        )
        .then_some((file, definition))
    }

    /// If `expr` names a module- or class-level variable assigned a type (an implicit alias),
    /// the type it denotes.
    fn implicit_alias_of(&mut self, expr: &Expr) -> Option<Type> {
        let (file, definition) = self.definition_named_by(expr)?;
        let index = self.db.index(file);
        match index.definition(definition).kind {
            // A display (`t = (bytes, str)`) is a value, never a type expression.
            DefinitionKind::Assignment {
                value: Expr::Tuple(_) | Expr::List(_) | Expr::Dict(_) | Expr::Set(_),
                ..
            } => None,
            DefinitionKind::Assignment {
                target: Expr::Name(_), ..
            } => {
                if self.is_invalid_alias_assignment(file, definition) {
                    return None;
                }
                let alias = self.db.type_alias_value(file, definition);
                Some(self.bare_alias(&alias))
            }
            _ => None,
        }
    }

    fn report_invalid_alias_use(&mut self, expr: &Expr) {
        self.report(
            expr.range(),
            Rule::InvalidTypeForm,
            "Variable is not allowed in a type expression: its value is not a valid type expression, so it is no type alias",
        );
    }

    /// Whether `expr` names a variable assigned a value that is not a valid type expression.
    fn names_invalid_implicit_alias(&mut self, expr: &Expr) -> bool {
        self.definition_named_by(expr)
            .is_some_and(|(file, definition)| self.is_invalid_alias_assignment(file, definition))
    }

    /// The implicit alias `expr`'s head names, when it is one whose value is spelled as a
    /// subscript or a union (`Vector = Iterable[tuple[T, T]]`); a plain `ListAlias = list` is
    /// subscripted like the class.
    fn subscripted_implicit_alias(&mut self, head: Type, expr: &Expr) -> Option<crate::db::AliasValue> {
        let db = self.db;
        let candidate = match db.kind(head) {
            TypeKind::ClassLiteral(class) => {
                !class.args.is_empty() || db.known_class("builtins", "tuple") == Some(class.class)
            }
            TypeKind::Unknown | TypeKind::Instance(_) | TypeKind::Union(_) => true,
            _ => false,
        };
        if !candidate {
            return None;
        }
        let Expr::Subscript(sub) = expr else { return None };
        let (file, definition) = self.definition_named_by(&sub.value)?;
        let index = db.index(file);
        let DefinitionKind::Assignment {
            target: Expr::Name(_),
            value,
            ..
        } = index.definition(definition).kind
        else {
            return None;
        };
        let spelled_as_type = match value {
            Expr::Subscript(_) => true,
            Expr::BinOp(binop) => binop.op == Operator::BitOr,
            _ => false,
        };
        if !spelled_as_type {
            return None;
        }
        let alias = db.type_alias_value(file, definition);
        // An alias that unpacks a `TypeVarTuple` is not modelled: subscripted like its class.
        let modelled = !(alias.variadic && alias.params.is_empty());
        (alias.valid && modelled).then_some(alias)
    }

    /// Whether `expr` names a variable assigned a subscripted special form (`Union[A, B]`,
    /// `Optional[C]`, `Callable[..., R]`, `Literal["a"]`).
    fn names_special_form_subscript(&mut self, expr: &Expr) -> bool {
        let Some((file, definition)) = self.definition_named_by(expr) else {
            return false;
        };
        let index = self.db.index(file);
        let def = index.definition(definition);
        let subscript = match def.kind {
            DefinitionKind::Assignment {
                target: Expr::Name(_),
                value: Expr::Subscript(subscript),
                ..
            } => subscript,
            // `X = Union[A, B] | None`: a union of types (that may have no value type).
            DefinitionKind::Assignment {
                target: Expr::Name(_),
                value: Expr::BinOp(binop),
                ..
            } => return binop.op == Operator::BitOr,
            _ => return false,
        };
        let mut inferrer = Inferrer::silent(self.db, file, def.scope);
        let head = inferrer.infer_expression(&subscript.value);
        matches!(self.db.kind(head), TypeKind::SpecialForm(_))
    }

    /// The single definition a name or module attribute refers to, if it has exactly one.
    pub(crate) fn definition_named_by(&mut self, expr: &Expr) -> Option<(FileId, DefinitionId)> {
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
        let mut child_is_type_params = false;
        while let Some(id) = current {
            let scope = index.scope(id);
            // PEP 695: a type-parameter scope sees the class body around it.
            let seen_from_type_params = std::mem::replace(
                &mut child_is_type_params,
                id == start && matches!(scope.kind, awaitype_semantic::ScopeKind::TypeParams),
            );
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
            let visible = id == start || !scope.kind.is_class() || seen_from_type_params;
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
        if let Some(alias) = self.subscripted_implicit_alias(head, expr) {
            return self.specialize_alias(&alias, &elements, expr);
        }
        match db.kind(head).clone() {
            // `Alias[int]` of an implicit generic alias (`Alias = tuple[T, *Ts]`): its value is
            // an already specialized class, whose free variables the arguments replace.
            TypeKind::ClassLiteral(class)
                if self.may_be_generic_alias(&class)
                    && let Some((file, definition)) = self.implicit_alias_definition(expr) =>
            {
                let alias = db.type_alias_value(file, definition);
                self.specialize_alias(&alias, &elements, expr)
            }
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
                let variadic = info
                    .type_params
                    .iter()
                    .any(|param| db.typevar(*param).kind == crate::typevar::TypeVarKind::TypeVarTuple);
                if variadic {
                    let args = self
                        .packed_type_arguments(&info.type_params, &elements, expr)
                        .map_or_else(|| db.default_specialization(class.class).args, Vec::into_boxed_slice);
                    return db.intern(TypeKind::Instance(ClassType {
                        class: class.class,
                        args,
                    }));
                }
                let args = self.class_type_arguments(&info.type_params, &elements);
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
                // An already specialized class object is an implicit alias (`Pairs = list[...]`),
                // whose own type variables take the arguments.
                if class.args.is_empty() {
                    self.check_type_argument_count(&info.type_params, args.len(), info.name.as_str(), expr);
                }
                // Fill missing arguments from defaults; drop extras.
                let args = db.fill_type_arguments(&info.type_params, args);
                db.intern(TypeKind::Instance(ClassType {
                    class: class.class,
                    args: args.into(),
                }))
            }
            TypeKind::SpecialForm(SpecialForm::Generic) => self.generic_is_no_type(expr),
            TypeKind::SpecialForm(form) => self.special_form_subscript(form, &elements, slice),
            TypeKind::KnownInstance(KnownInstance::TypeAlias { file, definition }) => {
                let alias = db.type_alias_value(file, definition);
                self.specialize_alias(&alias, &elements, expr)
            }
            TypeKind::Unknown | TypeKind::Any => {
                for element in elements {
                    self.type_argument(element);
                }
                Type::UNKNOWN
            }
            // A generic alias object made by a call at runtime (`Iterable = _alias(...)`): unknown.
            TypeKind::Instance(_) if matches!(expr, Expr::Subscript(sub) if self.names_call_result(&sub.value)) => {
                Type::UNKNOWN
            }
            // Special forms not modelled (`TypeForm[...]`: a `_SpecialForm` object) and objects of
            // other classes that may take arguments at runtime: only builtin values are reported.
            TypeKind::Instance(class)
                if db.file_data(class.class.file).module.as_ref().map(|m| m.as_str()) != Some("builtins") =>
            {
                Type::UNKNOWN
            }
            _ => {
                let message = format!(
                    "Only generic classes and generic type aliases take type arguments, not a value of type `{}`",
                    self.display(head)
                );
                self.report(expr.range(), Rule::InvalidTypeForm, message);
                Type::UNKNOWN
            }
        }
    }

    /// Reports a generic class given fewer type arguments than it has parameters without a
    /// default, or more than it has parameters. Classes with a `ParamSpec` or `TypeVarTuple`
    /// take arguments in other shapes and are not counted.
    fn check_type_argument_count(&mut self, params: &[TypeVarId], given: usize, class_name: &str, expr: &'static Expr) {
        let db = self.db;
        let mut required = 0;
        for param in params {
            let info = db.typevar(*param);
            if info.kind != crate::typevar::TypeVarKind::TypeVar {
                return;
            }
            if info.default.is_none() {
                required += 1;
            }
        }
        if given >= required && given <= params.len() {
            return;
        }
        let expected = if required == params.len() {
            format!("{required}")
        } else {
            format!("{required} to {}", params.len())
        };
        self.report(
            expr.range(),
            Rule::InvalidTypeForm,
            format!(
                "Class `{class_name}` expects {expected} type argument{}, got {given}",
                if expected == "1" { "" } else { "s" }
            ),
        );
    }

    fn definition_named_by_expr_head(&mut self, expr: &'static Expr) -> Option<(FileId, DefinitionId)> {
        let Expr::Subscript(sub) = expr else { return None };
        self.definition_named_by(&sub.value)
    }

    /// `Generic` (bare or subscripted) declares a class's type parameters in its bases; it is
    /// not a type.
    fn generic_is_no_type(&mut self, expr: &Expr) -> Type {
        self.report(
            expr.range(),
            Rule::InvalidTypeForm,
            "`Generic` is only valid as a base class, not as a type: use the generic class itself",
        );
        Type::UNKNOWN
    }

    /// A type argument: like a type expression, but `[A, B]` lists and `...` are allowed
    /// (for `Callable` and `ParamSpec` parameters).
    pub(super) fn type_argument(&mut self, expr: &'static Expr) -> Type {
        if let Some(var) = self.param_spec_of(expr) {
            return self.db.intern(TypeKind::TypeVar(var));
        }
        match expr {
            Expr::EllipsisLiteral(_) => Type::UNKNOWN,
            Expr::List(_) => Type::UNKNOWN,
            Expr::Starred(_) => {
                // `Array[*Ts]`: an alias of it takes any number of arguments.
                if self.unpacks_type_var_tuple(expr) {
                    self.type_form_probe.variadic = true;
                }
                Type::UNKNOWN
            }
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
        let mut types = Vec::with_capacity(elements.len());
        let mut unbounded_parts = 0;
        for element in elements {
            let inner = match self.unpack_operand(element) {
                Some(operand) => self.unpacked_type(operand),
                // `tuple[Ts]`: reported, then read as the `tuple[*Ts]` it must mean.
                None if self.names_type_var_tuple(element) => {
                    self.type_expression(element);
                    let TypeKind::KnownInstance(KnownInstance::TypeVar(var)) = db.kind(self.infer_expression(element))
                    else {
                        continue;
                    };
                    db.intern(TypeKind::TypeVar(*var))
                }
                None => {
                    types.push(self.type_expression(element));
                    continue;
                }
            };
            let unbounded = match db.kind(inner) {
                TypeKind::TypeVar(_) => true,
                _ => crate::tuple_shape::shape_of(db, inner).is_some_and(|shape| shape.variadic.is_some()),
            };
            if unbounded {
                unbounded_parts += 1;
                if unbounded_parts == 2 {
                    self.report(
                        element.range(),
                        Rule::InvalidTypeForm,
                        "A tuple type may contain only one unbounded part (`*tuple[X, ...]` or `*Ts`); this is a second one",
                    );
                }
            }
            types.push(crate::tuple_shape::unpacked(db, inner));
        }
        crate::tuple_shape::tuple_of(db, types)
    }

    /// Whether `expr` is the name of a `TypeVarTuple`.
    fn names_type_var_tuple(&mut self, expr: &'static Expr) -> bool {
        matches!(expr, Expr::Name(_) | Expr::Attribute(_))
            && matches!(
                self.db.kind(self.infer_expression(expr)),
                TypeKind::KnownInstance(KnownInstance::TypeVar(var))
                    if self.db.typevar(*var).kind == crate::typevar::TypeVarKind::TypeVarTuple
            )
    }

    /// The operand of `*X` or `Unpack[X]` in a type argument list, if `expr` is one.
    pub(crate) fn unpack_operand(&mut self, expr: &'static Expr) -> Option<&'static Expr> {
        match expr {
            Expr::Starred(starred) => Some(&starred.value),
            Expr::Subscript(sub)
                if matches!(
                    self.db.kind(self.infer_expression(&sub.value)),
                    TypeKind::SpecialForm(SpecialForm::Unpack)
                ) =>
            {
                Some(&sub.slice)
            }
            _ => None,
        }
    }

    /// What `*X` unpacks: a `TypeVarTuple` (as the `TypeVar` type) or a tuple type. Anything
    /// else is reported and unpacks as a tuple of any length.
    pub(crate) fn unpacked_type(&mut self, operand: &'static Expr) -> Type {
        let db = self.db;
        if matches!(operand, Expr::Name(_) | Expr::Attribute(_))
            && let TypeKind::KnownInstance(KnownInstance::TypeVar(var)) = db.kind(self.infer_expression(operand))
            && db.typevar(*var).kind == crate::typevar::TypeVarKind::TypeVarTuple
        {
            return db.intern(TypeKind::TypeVar(*var));
        }
        let ty = self.type_expression(operand);
        if ty.is_dynamic() || crate::tuple_shape::shape_of(db, ty).is_some() {
            return ty;
        }
        self.report(
            operand.range(),
            Rule::InvalidTypeForm,
            format!(
                "Only a tuple type or a `TypeVarTuple` can be unpacked, not `{}`",
                self.display(ty)
            ),
        );
        crate::tuple_shape::homogeneous(db, Type::UNKNOWN)
    }

    /// Type arguments as written, with `*X` / `Unpack[X]` as `Unpacked` types, grouped for
    /// `params`: the arguments a `TypeVarTuple` parameter takes are packed into one tuple.
    /// `None` when there are too few arguments for the parameters around it.
    /// `*Ts` / `Unpack[Ts]` of a `TypeVarTuple` (an alias using it takes any number of arguments).
    fn unpacks_type_var_tuple(&mut self, expr: &'static Expr) -> bool {
        let Some(operand) = self.unpack_operand(expr) else {
            return false;
        };
        let operand = self.infer_expression(operand);
        matches!(self.db.kind(operand), TypeKind::KnownInstance(KnownInstance::TypeVar(var))
            if self.db.typevar(*var).kind == crate::typevar::TypeVarKind::TypeVarTuple)
    }

    /// The default of a type parameter of kind `kind`, in the form its arguments take: a type
    /// for a `TypeVar`, a parameter list (`[str, int]`, `...`, a `ParamSpec`) for a `ParamSpec`,
    /// and the tuple of types an unpacked tuple or `TypeVarTuple` stands for (`*tuple[str,
    /// int]`, `Unpack[Ts]`) for a `TypeVarTuple`.
    pub(crate) fn type_parameter_default(&mut self, kind: crate::typevar::TypeVarKind, expr: &'static Expr) -> Type {
        let db = self.db;
        match kind {
            crate::typevar::TypeVarKind::TypeVar => self.type_expression(expr),
            crate::typevar::TypeVarKind::ParamSpec => {
                let (parameters, gradual, tail) = self.callable_parameters(expr);
                parameter_list(db, parameters, gradual, tail)
            }
            crate::typevar::TypeVarKind::TypeVarTuple => match self.unpack_operand(expr) {
                Some(operand) => {
                    let inner = self.unpacked_type(operand);
                    crate::tuple_shape::tuple_of(db, [crate::tuple_shape::unpacked(db, inner)])
                }
                None => self.type_expression(expr),
            },
        }
    }

    pub(super) fn packed_type_arguments(
        &mut self,
        params: &[TypeVarId],
        elements: &[&'static Expr],
        expr: &'static Expr,
    ) -> Option<Vec<Type>> {
        let db = self.db;
        // `Array[()]`: no arguments at all (for a `TypeVarTuple`).
        let elements = match elements {
            [Expr::Tuple(empty)] if empty.elts.is_empty() => &[][..],
            _ => elements,
        };
        // A last `ParamSpec` with a default, after the `TypeVarTuple`, is left out when the last
        // argument is no parameter list (`C[int, str]` of `C[*Ts, P]`): it takes its default.
        let all_params = params;
        let mut params = params;
        while let [rest @ .., last] = params
            && let info = db.typevar(*last)
            && info.kind == crate::typevar::TypeVarKind::ParamSpec
            && info.default.is_some()
            && rest
                .iter()
                .any(|param| db.typevar(*param).kind == crate::typevar::TypeVarKind::TypeVarTuple)
            && !elements
                .get(elements.len().wrapping_sub(all_params.len() - rest.len()))
                .is_some_and(|element| self.is_parameter_list(element))
        {
            params = rest;
        }
        let omitted = &all_params[params.len()..];
        // The parameters after the `TypeVarTuple` take the last arguments, one each: a
        // `ParamSpec` among them takes a parameter list (`[int]`, `...`).
        let open = params
            .iter()
            .position(|param| db.typevar(*param).kind == crate::typevar::TypeVarKind::TypeVarTuple);
        let trailing = open.map_or(0, |open| params.len() - open - 1);
        let args: Vec<Type> = elements
            .iter()
            .enumerate()
            .map(|(index, element)| {
                let from_end = elements.len() - index;
                let param = if open.is_some_and(|open| index < open) {
                    Some(params[index])
                } else if from_end <= trailing {
                    Some(params[params.len() - from_end])
                } else {
                    None
                };
                if param.is_some_and(|param| db.typevar(param).kind == crate::typevar::TypeVarKind::ParamSpec) {
                    let (parameters, gradual, tail) = self.callable_parameters(element);
                    return parameter_list(db, parameters, gradual, tail);
                }
                match self.unpack_operand(element) {
                    Some(operand) => {
                        let inner = self.unpacked_type(operand);
                        crate::tuple_shape::unpacked(db, inner)
                    }
                    None => self.type_argument(element),
                }
            })
            .collect();
        match pack_for_params(db, params, args) {
            Ok(mut packed) => {
                packed.extend(omitted.iter().filter_map(|param| db.typevar(*param).default));
                Some(packed)
            }
            Err(PackError::TooFew { needed }) => {
                self.report(
                    expr.range(),
                    Rule::InvalidTypeForm,
                    format!("Too few type arguments: expected at least {needed}"),
                );
                None
            }
            Err(PackError::UnboundedForPlainParameter) => {
                self.report(
                    expr.range(),
                    Rule::InvalidTypeForm,
                    "An unpacked `TypeVarTuple` or `*tuple[X, ...]` can only be an argument for a `TypeVarTuple` parameter",
                );
                None
            }
        }
    }

    fn subclass_of_type(&mut self, elements: &[&'static Expr]) -> Type {
        let Some(first) = elements.first() else {
            return Type::UNKNOWN;
        };
        if let [_, extra, ..] = elements {
            self.report(
                extra.range(),
                Rule::InvalidTypeForm,
                format!(
                    "`type[...]` takes exactly one type argument, got {}: write `type[A | B]` for either class",
                    elements.len()
                ),
            );
        }
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
                // `Literal[(1, 2)]` is a tuple value, not the list of values `Literal[1, 2]`.
                if let Expr::Tuple(tuple) = slice
                    && tuple.parenthesized
                {
                    return self.invalid_literal_member(slice, "a tuple is not a literal value");
                }
                let members: Vec<Type> = elements.iter().map(|e| self.literal_member(e)).collect();
                union(db, members)
            }
            SpecialForm::Tuple => self.tuple_type(elements),
            SpecialForm::Type => self.subclass_of_type(elements),
            SpecialForm::Callable => self.callable_type(elements),
            SpecialForm::Annotated => {
                self.check_annotated_arity(slice);
                elements.first().map_or(Type::UNKNOWN, |e| self.type_expression(e))
            }
            SpecialForm::Final
            | SpecialForm::ClassVar
            | SpecialForm::Required
            | SpecialForm::NotRequired
            | SpecialForm::ReadOnly => elements.first().map_or(Type::UNKNOWN, |e| self.type_expression(e)),
            SpecialForm::TypeForm => {
                let spelled: Vec<Type> = elements.iter().map(|e| self.type_expression(e)).collect();
                match spelled[..] {
                    [spelled] => db.intern(TypeKind::TypeForm(spelled)),
                    _ => {
                        self.report(
                            slice.range(),
                            Rule::InvalidTypeForm,
                            "`TypeForm` takes exactly one type argument: write `TypeForm[T]`",
                        );
                        Type::UNKNOWN
                    }
                }
            }
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
            SpecialForm::Concatenate => {
                self.report(
                    slice.range(),
                    Rule::InvalidTypeForm,
                    "`Concatenate[...]` is not a type: use it as the parameters of `Callable[Concatenate[...], R]` or as the argument of a `ParamSpec` parameter",
                );
                Type::UNKNOWN
            }
            SpecialForm::Unpack => {
                if let [element] = elements
                    && let TypeKind::KnownInstance(KnownInstance::TypeVar(var)) =
                        self.db.kind(self.infer_expression(element))
                    && self.db.typevar(*var).kind == crate::typevar::TypeVarKind::TypeVarTuple
                {
                    self.type_form_probe.variadic = true;
                }
                Type::UNKNOWN
            }
            SpecialForm::SelfType => {
                self.report(
                    slice.range(),
                    Rule::InvalidTypeForm,
                    "`Self` cannot be subscripted: it already stands for the class with its type arguments; write `Self`",
                );
                Type::UNKNOWN
            }
            _ => {
                for e in elements {
                    self.type_argument(e);
                }
                Type::UNKNOWN
            }
        }
    }

    fn callable_type(&mut self, elements: &[&'static Expr]) -> Type {
        let db = self.db;
        let (params, ret) = match elements {
            [params, ret] => (*params, *ret),
            _ => {
                if let (Some(first), Some(last)) = (elements.first(), elements.last()) {
                    self.report(
                        TextRange::new(first.range().start(), last.range().end()),
                        Rule::InvalidTypeForm,
                        format!(
                            "`Callable` takes two arguments, the parameters and the return type (`Callable[[int], str]`), but {} were given",
                            elements.len()
                        ),
                    );
                }
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
    pub(super) fn callable_parameters(&mut self, params: &'static Expr) -> (Vec<Parameter>, bool, Option<TypeVarId>) {
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
                // `[int, *Ts, str]`: the parameters are one unpacked tuple, as for `*args`.
                let mut elements = Vec::with_capacity(list.elts.len());
                let mut unpacks = false;
                let mut gradual = false;
                for element in &list.elts {
                    if matches!(element, Expr::EllipsisLiteral(_)) {
                        self.report(
                            element.range(),
                            Rule::InvalidTypeForm,
                            "`...` cannot be one of the parameter types: write `Callable[..., R]` for any parameters",
                        );
                        gradual = true;
                        continue;
                    }
                    let ty = match self.unpack_operand(element) {
                        Some(operand) => {
                            unpacks = true;
                            if self.unpacks_type_var_tuple(element) {
                                self.type_form_probe.variadic = true;
                            }
                            let inner = self.unpacked_type(operand);
                            crate::tuple_shape::unpacked(db, inner)
                        }
                        None => self.type_expression(element),
                    };
                    elements.push(ty);
                }
                if !unpacks {
                    return (elements.into_iter().map(positional).collect(), gradual, None);
                }
                let packed = crate::tuple_shape::tuple_of(db, elements);
                (crate::tuple_shape::positional_parameters(db, packed), false, None)
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
                // `Any` for a parameter list means any parameters, as `...` does.
                None if matches!(self.db.kind(self.type_argument(other)), TypeKind::Any) => (Vec::new(), true, None),
                None => {
                    self.report(
                        other.range(),
                        Rule::InvalidTypeForm,
                        "Expected parameters: a list of types (`[int, str]`), `...`, a `ParamSpec` or `Concatenate[...]`",
                    );
                    (Vec::new(), true, None)
                }
            },
        }
    }

    /// The type arguments of a generic class or alias. A `ParamSpec` parameter takes a parameter
    /// list (`[int, str]`, `...`, another `ParamSpec`, `Concatenate[...]`), held as a callable
    /// type whose parameters are the list; when it is the only parameter, the brackets may be
    /// left out (`C[int, str]` is `C[[int, str]]`). Other parameters take types, not a
    /// `ParamSpec`.
    fn class_type_arguments(&mut self, params: &[TypeVarId], elements: &[&'static Expr]) -> Vec<Type> {
        let db = self.db;
        let is_param_spec = |var: &TypeVarId| db.typevar(*var).kind == crate::typevar::TypeVarKind::ParamSpec;
        // With a `TypeVarTuple`, arguments do not line up with parameters by position.
        if params
            .iter()
            .any(|var| db.typevar(*var).kind == crate::typevar::TypeVarKind::TypeVarTuple)
        {
            return elements.iter().map(|element| self.type_argument(element)).collect();
        }
        if let [only] = params
            && is_param_spec(only)
            && (elements.len() > 1 || elements.first().is_some_and(|e| self.is_plain_type_argument(e)))
        {
            let parameters = elements.iter().map(|e| self.type_expression(e)).map(|ty| Parameter {
                name: None,
                kind: ParameterKind::PositionalOnly,
                ty,
                annotated: true,
                has_default: false,
            });
            return vec![parameter_list(db, parameters.collect(), false, None)];
        }
        elements
            .iter()
            .enumerate()
            .map(|(index, element)| match params.get(index) {
                Some(param) if is_param_spec(param) => {
                    let (parameters, gradual, tail) = self.callable_parameters(element);
                    parameter_list(db, parameters, gradual, tail)
                }
                Some(_) if self.param_spec_of(element).is_some() => {
                    self.report_misplaced_param_spec(element);
                    Type::UNKNOWN
                }
                _ => self.type_argument(element),
            })
            .collect()
    }

    /// An argument that is a type, not a parameter list (for the one-`ParamSpec` shorthand).
    fn is_plain_type_argument(&mut self, expr: &'static Expr) -> bool {
        if matches!(expr, Expr::List(_) | Expr::EllipsisLiteral(_)) || self.param_spec_of(expr).is_some() {
            return false;
        }
        !matches!(expr, Expr::Subscript(sub) if matches!(
            self.db.kind(self.infer_expression(&sub.value)),
            TypeKind::SpecialForm(SpecialForm::Concatenate)
        ))
    }

    fn report_misplaced_param_spec(&mut self, expr: &'static Expr) {
        self.report(
            expr.range(),
            Rule::InvalidTypeForm,
            "A `ParamSpec` is not a type: use it as `Callable[P, R]`, `Concatenate[..., P]`, `*args: P.args`, `**kwargs: P.kwargs` or the argument of a `ParamSpec` parameter",
        );
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
}

/// Why type arguments do not fit a parameter list with a `TypeVarTuple`.
enum PackError {
    TooFew { needed: usize },
    UnboundedForPlainParameter,
}

/// Groups type arguments (unpacked ones as `Unpacked` types) for `params`: a `TypeVarTuple`
/// parameter takes the arguments that the parameters before and after it leave, packed into one
/// tuple; an unpacked fixed tuple counts as its elements.
fn pack_for_params(db: &crate::db::Db, params: &[TypeVarId], args: Vec<Type>) -> Result<Vec<Type>, PackError> {
    let mut flat: Vec<Type> = Vec::with_capacity(args.len());
    for arg in args {
        if let TypeKind::Unpacked(inner) = db.kind(arg)
            && let Some(shape) = crate::tuple_shape::shape_of(db, *inner)
            && let Some(fixed) = shape.fixed()
        {
            flat.extend_from_slice(fixed);
        } else {
            flat.push(arg);
        }
    }
    let is_unbounded = |ty: &Type| matches!(db.kind(*ty), TypeKind::Unpacked(_));
    let Some(at) = params
        .iter()
        .position(|param| db.typevar(*param).kind == crate::typevar::TypeVarKind::TypeVarTuple)
    else {
        if flat.iter().any(is_unbounded) {
            return Err(PackError::UnboundedForPlainParameter);
        }
        return Ok(flat);
    };
    let after = params.len() - at - 1;
    spread_unbounded_over(db, &mut flat, at, after);
    if flat.len() < at + after {
        return Err(PackError::TooFew { needed: at + after });
    }
    let suffix_start = flat.len() - after;
    if flat[..at].iter().chain(&flat[suffix_start..]).any(is_unbounded) {
        return Err(PackError::UnboundedForPlainParameter);
    }
    let mut packed: Vec<Type> = flat[..at].to_vec();
    packed.push(crate::tuple_shape::tuple_of(db, flat[at..suffix_start].iter().copied()));
    packed.extend_from_slice(&flat[suffix_start..]);
    Ok(packed)
}

/// `*tuple[X, ...]` given where plain parameters must take some of it (`Alias[*tuple[int, ...]]`
/// of `tuple[*Ts, T]`): those parameters take `X`, and the `TypeVarTuple` the rest.
fn spread_unbounded_over(db: &crate::db::Db, flat: &mut Vec<Type>, before: usize, after: usize) {
    let Some(at) = flat.iter().position(|ty| matches!(db.kind(*ty), TypeKind::Unpacked(_))) else {
        return;
    };
    let TypeKind::Unpacked(inner) = db.kind(flat[at]) else {
        return;
    };
    let Some(shape) = crate::tuple_shape::shape_of(db, *inner) else {
        return;
    };
    let Some(crate::tuple_shape::Variadic::Homogeneous(element)) = shape.variadic else {
        return;
    };
    let missing_after = after.saturating_sub(flat.len() - at - 1);
    let missing_before = before.saturating_sub(at);
    for _ in 0..missing_after {
        flat.insert(at + 1, element);
    }
    for _ in 0..missing_before {
        flat.insert(at, element);
    }
}

/// A parameter list (the value of a `ParamSpec`) as a callable type with an unknown return type.
fn parameter_list(db: &Db, parameters: Vec<Parameter>, gradual: bool, tail: Option<TypeVarId>) -> Type {
    db.intern(TypeKind::Callable(Box::new(Signature {
        parameters,
        return_type: Type::UNKNOWN,
        gradual,
        param_spec: tail,
    })))
}
