//! Synthesized constructors: `@dataclass` classes (PEP 557; also decorators marked with PEP 681's
//! `dataclass_transform`) and `typing.NamedTuple` subclasses get an `__init__` / `__new__` whose
//! parameters are the annotated fields of the class body, in order, bases first. Stubs cannot
//! spell these signatures, so the checker derives them as the typing spec describes.

use ruff_python_ast::{Expr, Stmt};

use crate::db::Db;
use crate::infer::Inferrer;
use crate::ty::{ClassId, FunctionId, Parameter, ParameterKind, Signature, SpecialForm, Type, TypeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldClass {
    Dataclass {
        kw_only: bool,
        /// The decorator that made it one: it says which calls are field specifiers.
        decorator: Type,
    },
    NamedTuple,
    /// A subclass of a named tuple: no fields of its own.
    NamedTupleSubclass,
    /// Keys are keyword arguments; a key that may be left out has a default.
    TypedDict,
}

impl Db {
    /// The signature of the synthesized constructor, if the class gets one (its own `__init__`
    /// wins over a synthesized one).
    pub fn synthesized_constructor(&self, class: ClassId) -> Option<Signature> {
        let kind = self.field_class(class)?;
        if matches!(kind, FieldClass::Dataclass { .. }) && self.own_class_member(class, "__init__").is_some() {
            return None;
        }
        let mut parameters: Vec<Parameter> = Vec::new();
        let mro = self.class_info(class).mro.clone();
        for entry in mro.iter().rev() {
            let Some(entry_kind) = self.field_class(entry.class) else {
                continue;
            };
            for field in self.class_fields(entry.class, entry_kind) {
                parameters.retain(|p| p.name != field.name);
                parameters.push(field);
            }
        }
        // Keyword-only fields go after the positional ones.
        parameters.sort_by_key(|p| p.kind == ParameterKind::KeywordOnly);
        Some(Signature {
            parameters,
            return_type: Type::NONE,
            gradual: false,
            param_spec: None,
        })
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

    fn field_class(&self, class: ClassId) -> Option<FieldClass> {
        if let Some(functional) = self.functional_class(class) {
            return Some(match functional.kind {
                crate::functional_class::FunctionalKind::NamedTuple => FieldClass::NamedTuple,
                crate::functional_class::FunctionalKind::TypedDict { .. } => FieldClass::TypedDict,
            });
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
                let kw_only = keywords.is_some_and(|keywords| {
                    keywords.iter().any(|k| {
                        k.arg.as_ref().is_some_and(|a| a.as_str() == "kw_only")
                            && matches!(&k.value, Expr::BooleanLiteral(b) if b.value)
                    })
                });
                return Some(FieldClass::Dataclass { kw_only, decorator: ty });
            }
        }
        None
    }

    /// `dataclasses.dataclass`, or a function decorated with `dataclass_transform`.
    fn is_dataclass_decorator(&self, ty: Type) -> bool {
        let function = match self.kind(ty) {
            TypeKind::Function(function) => function.id,
            TypeKind::Overloaded(items) => match items.first().map(|i| self.kind(*i)) {
                Some(TypeKind::Function(function)) => function.id,
                _ => return false,
            },
            _ => return false,
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
        node.decorator_list.iter().any(|decorator| {
            let callee = match &decorator.expression {
                Expr::Call(call) => &*call.func,
                other => other,
            };
            matches!(callee, Expr::Name(n) if n.id.as_str() == "dataclass_transform")
                || matches!(callee, Expr::Attribute(a) if a.attr.as_str() == "dataclass_transform")
        })
    }

    /// The functions whose calls are field specifiers for classes made by `decorator`:
    /// `dataclasses.field` for `@dataclass`, and the `field_specifiers` its
    /// `dataclass_transform(...)` lists otherwise (attrs' `attrib`/`field`, whatever they are
    /// imported as).
    fn field_specifiers(&self, decorator: Type) -> Vec<FunctionId> {
        let Some(&function) = function_ids(self, decorator).first() else {
            return Vec::new();
        };
        let Some(node) = self.function_node(function) else {
            return Vec::new();
        };
        let module = self
            .file_data(function.file)
            .module
            .as_ref()
            .map(|m| m.as_str().to_string());
        if module.as_deref() == Some("dataclasses") && node.name.as_str() == "dataclass" {
            return self
                .resolve_stdlib_module("dataclasses")
                .and_then(|dataclasses| self.module_member(&dataclasses, "field"))
                .map(|field| function_ids(self, field))
                .unwrap_or_default();
        }
        let scope = self.index(function.file).definition(function.definition).scope;
        let mut inferrer = Inferrer::silent(self, function.file, scope);
        let mut specifiers = Vec::new();
        for decorator in &node.decorator_list {
            let Expr::Call(call) = &decorator.expression else {
                continue;
            };
            let Some(keyword) = call.arguments.find_keyword("field_specifiers") else {
                continue;
            };
            let Expr::Tuple(tuple) = &keyword.value else { continue };
            for element in &tuple.elts {
                let ty = inferrer.infer_expression(element);
                specifiers.extend(function_ids(self, ty));
            }
        }
        specifiers
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
        let mut kw_only = matches!(kind, FieldClass::Dataclass { kw_only: true, .. });
        let specifiers = match kind {
            FieldClass::Dataclass { decorator, .. } => self.field_specifiers(decorator),
            _ => Vec::new(),
        };
        let mut fields = Vec::new();
        for ann in field_declarations(self, class.file, &node.body) {
            let Expr::Name(name) = &*ann.target else { continue };
            let annotation_value = inferrer.infer_expression(&ann.annotation);
            if let TypeKind::SpecialForm(SpecialForm::ClassVar) = self.kind(annotation_value) {
                continue;
            }
            if let Expr::Subscript(sub) = &*ann.annotation
                && let TypeKind::SpecialForm(SpecialForm::ClassVar) = self.kind(inferrer.infer_expression(&sub.value))
            {
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
            let (has_default, init) = match ann.value.as_deref() {
                None => (false, true),
                Some(Expr::Call(call))
                    if function_ids(self, inferrer.infer_expression(&call.func))
                        .iter()
                        .any(|id| specifiers.contains(id)) =>
                {
                    let keyword = |name: &str| {
                        call.arguments
                            .keywords
                            .iter()
                            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))
                    };
                    let is_true = |name: &str| {
                        keyword(name).is_some_and(|k| matches!(&k.value, Expr::BooleanLiteral(b) if b.value))
                    };
                    let has_default = keyword("default").is_some()
                        || keyword("default_factory").is_some()
                        || keyword("factory").is_some();
                    let init =
                        !keyword("init").is_some_and(|k| matches!(&k.value, Expr::BooleanLiteral(b) if !b.value));
                    field_kw_only |= is_true("kw_only");
                    if let Some(Expr::StringLiteral(alias)) = keyword("alias").map(|k| &k.value) {
                        parameter_name = ruff_python_ast::name::Name::new(alias.value.to_str());
                    }
                    (has_default, init)
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
                ty,
                annotated: true,
                has_default,
            });
        }
        fields
    }
}

/// The functions a callable type is: one, or each overload.
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

fn function_ids(db: &Db, ty: Type) -> Vec<FunctionId> {
    match db.kind(ty) {
        TypeKind::Function(function) => vec![function.id],
        TypeKind::Overloaded(items) => items.iter().flat_map(|item| function_ids(db, *item)).collect(),
        _ => Vec::new(),
    }
}
