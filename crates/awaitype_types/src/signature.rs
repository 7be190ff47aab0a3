//! Function signatures and decorator flags, computed lazily per `def` and memoized. An
//! `async def f() -> T` gets the return type `CoroutineType[Any, Any, T]`, as at runtime.

use std::sync::Arc;

use awaitype_semantic::{DefinitionKind, ScopeKind};
use ruff_python_ast::{Expr, StmtFunctionDef};

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::ty::{FunctionId, Parameter, ParameterKind, Signature, Type, TypeKind};

/// How decorators that the typing spec gives meaning to change a function.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FunctionFlags {
    pub overload: bool,
    pub staticmethod: bool,
    pub classmethod: bool,
    pub property: bool,
    /// A `@x.setter` / `@x.deleter` decorator: the binding stays the property.
    pub property_accessor: bool,
    /// `typing.final`: the method may not be overridden (an identity decorator).
    pub final_: bool,
    /// `typing.override`: the method must override something (an identity decorator).
    pub override_: bool,
    /// Other decorators, applied through ordinary calls.
    pub has_other_decorators: bool,
}

impl Db {
    /// The function a callable value is, or its first overload.
    pub(crate) fn first_function_id(&self, ty: Type) -> Option<FunctionId> {
        match self.kind(ty) {
            TypeKind::Function(function) => Some(function.id),
            TypeKind::Overloaded(items) => match items.first().map(|item| self.kind(*item)) {
                Some(TypeKind::Function(function)) => Some(function.id),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn function_node(&self, id: FunctionId) -> Option<&'static StmtFunctionDef> {
        match self.index(id.file).definition(id.definition).kind {
            DefinitionKind::Function(node) => Some(node),
            _ => None,
        }
    }

    /// Whether the function is defined directly in a class body.
    pub fn is_method(&self, id: FunctionId) -> bool {
        let index = self.index(id.file);
        let scope = index.definition(id.definition).scope;
        index.scope(scope).kind.is_class()
    }

    pub fn function_flags(&self, id: FunctionId) -> FunctionFlags {
        let Some(node) = self.function_node(id) else {
            return FunctionFlags::default();
        };
        // `__new__` is implicitly a static method (it receives the class explicitly).
        let mut flags = FunctionFlags {
            staticmethod: node.name.as_str() == "__new__" && self.is_method(id),
            ..FunctionFlags::default()
        };
        if node.decorator_list.is_empty() {
            return flags;
        }
        let scope = self.index(id.file).definition(id.definition).scope;
        let mut inferrer = Inferrer::silent(self, id.file, scope);
        for decorator in &node.decorator_list {
            if let Expr::Attribute(attribute) = &decorator.expression
                && matches!(attribute.attr.as_str(), "setter" | "deleter" | "getter")
            {
                flags.property_accessor = true;
                continue;
            }
            let ty = inferrer.infer_expression(&decorator.expression);
            match self.kind(ty) {
                TypeKind::ClassLiteral(class) => {
                    let name = self.class_name(class.class);
                    let in_builtins =
                        self.file_data(class.class.file).module.as_ref().map(|m| m.as_str()) == Some("builtins");
                    match name.as_str() {
                        "staticmethod" if in_builtins => flags.staticmethod = true,
                        "classmethod" if in_builtins => flags.classmethod = true,
                        "property" if in_builtins => flags.property = true,
                        _ => flags.has_other_decorators = true,
                    }
                }
                TypeKind::Function(function) if self.is_typing_function(function.id, "overload") => {
                    flags.overload = true;
                }
                TypeKind::Function(function) if self.is_typing_function(function.id, "final") => {
                    flags.final_ = true;
                }
                TypeKind::Function(function) if self.is_typing_function(function.id, "override") => {
                    flags.override_ = true;
                }
                _ => flags.has_other_decorators = true,
            }
        }
        flags
    }

    /// Whether `id` is the function `name` of `typing` or `typing_extensions`.
    pub fn is_typing_function(&self, id: FunctionId, name: &str) -> bool {
        let module = self.file_data(id.file).module.as_ref().map(|m| m.as_str().to_string());
        matches!(module.as_deref(), Some("typing" | "typing_extensions"))
            && self.function_node(id).is_some_and(|node| node.name.as_str() == name)
    }

    /// The declared signature of a function (unannotated returns are inferred from the body).
    pub fn function_signature(&self, id: FunctionId) -> Arc<Signature> {
        signature_query(self, self.definition_key(id.file, id.definition))
    }

    /// The signature as the annotations declare it (an unannotated return is `Unknown`): what
    /// does not depend on the function's body.
    pub(crate) fn declared_signature(&self, id: FunctionId) -> Arc<Signature> {
        declared_signature_query(self, self.definition_key(id.file, id.definition))
    }

    /// The return type as written (`None` when unannotated), without the coroutine wrapping.
    pub fn declared_return_type(&self, id: FunctionId) -> Option<Type> {
        let node = self.function_node(id)?;
        let returns = node.returns.as_deref()?;
        let mut inferrer = Inferrer::silent(self, id.file, annotation_scope(self, id.file, id, node));
        Some(inferrer.type_expression(returns))
    }
}

/// Annotations are evaluated in the scope enclosing the function, or its PEP 695 scope.
fn annotation_scope(
    db: &Db,
    file: FileId,
    id: FunctionId,
    node: &'static StmtFunctionDef,
) -> awaitype_semantic::ScopeId {
    let index = db.index(file);
    node.type_params
        .as_deref()
        .and_then(|params| index.scope_of_node(params))
        .unwrap_or(index.definition(id.definition).scope)
}

fn compute_signature(db: &Db, id: FunctionId) -> Signature {
    let Some(node) = db.function_node(id) else {
        return Signature {
            parameters: Vec::new(),
            return_type: Type::UNKNOWN,
            gradual: true,
            param_spec: None,
        };
    };
    let file = id.file;
    let index = db.index(file);
    let scope = annotation_scope(db, file, id, node);
    let mut inferrer = Inferrer::silent(db, file, scope);
    let flags = db.function_flags(id);
    let class_scope = {
        let def_scope = index.definition(id.definition).scope;
        match index.scope(def_scope).kind {
            ScopeKind::Class(class_node) => {
                let class_def = index.definition_of_node(class_node);
                class_def.map(|definition| crate::ty::ClassId { file, definition })
            }
            _ => None,
        }
    };

    let mut parameters = Vec::new();
    let params = &node.parameters;
    let groups = [
        (&params.posonlyargs, ParameterKind::PositionalOnly),
        (&params.args, ParameterKind::PositionalOrKeyword),
    ];
    let mut position = 0usize;
    for (group, kind) in groups {
        for param in group {
            let annotated = param.parameter.annotation.is_some();
            let ty = match param.parameter.annotation.as_deref() {
                Some(annotation) => inferrer.type_expression(annotation),
                None => implicit_first_parameter_type(db, class_scope, flags, position, node.name.as_str()),
            };
            // Old-style positional-only parameters: a leading `__x` in stubs and sources.
            let kind = if kind == ParameterKind::PositionalOrKeyword
                && param.parameter.name.as_str().starts_with("__")
                && !param.parameter.name.as_str().ends_with("__")
                && params.posonlyargs.is_empty()
            {
                ParameterKind::PositionalOnly
            } else {
                kind
            };
            parameters.push(Parameter {
                name: Some(param.parameter.name.id.clone()),
                kind,
                ty,
                annotated,
                has_default: param.default.is_some(),
            });
            position += 1;
        }
    }
    // `*args: P.args, **kwargs: P.kwargs` end the parameters with those of a `ParamSpec`,
    // filled in when a call solves it. (`*args: *Ts` is a `*args` of an unpacked tuple.)
    let mut param_spec = None;
    if let Some(vararg) = &params.vararg
        && let Some(ruff_python_ast::Expr::Attribute(attribute)) = vararg.annotation.as_deref()
        && attribute.attr.as_str() == "args"
        && params.kwarg.as_ref().is_some_and(|k| {
            matches!(k.annotation.as_deref(), Some(ruff_python_ast::Expr::Attribute(a)) if a.attr.as_str() == "kwargs")
        })
    {
        param_spec = inferrer.param_spec_of(&attribute.value);
    }
    if let Some(vararg) = params.vararg.as_ref().filter(|_| param_spec.is_none()) {
        let ty = vararg
            .annotation
            .as_deref()
            .map_or(Type::UNKNOWN, |a| inferrer.variadic_annotation(a));
        parameters.push(Parameter {
            name: Some(vararg.name.id.clone()),
            kind: ParameterKind::VarArgs,
            ty,
            annotated: vararg.annotation.is_some(),
            has_default: false,
        });
    }
    for param in &params.kwonlyargs {
        let annotated = param.parameter.annotation.is_some();
        let ty = param
            .parameter
            .annotation
            .as_deref()
            .map_or(Type::UNKNOWN, |a| inferrer.type_expression(a));
        parameters.push(Parameter {
            name: Some(param.parameter.name.id.clone()),
            kind: ParameterKind::KeywordOnly,
            ty,
            annotated,
            has_default: param.default.is_some(),
        });
    }
    let is_param_spec_kwargs =
        param_spec.is_some_and(|var| db.typevar(var).kind == crate::typevar::TypeVarKind::ParamSpec);
    let unpacked_kwargs = params
        .kwarg
        .as_ref()
        .filter(|_| !is_param_spec_kwargs)
        .and_then(|kwarg| {
            let annotation = kwarg.annotation.as_deref()?;
            crate::infer::unpacked_kwargs::typed_dict_of_unpack(&mut inferrer, annotation).map(|td| (kwarg, td))
        });
    if let Some((kwarg, typed_dict)) = unpacked_kwargs {
        crate::infer::unpacked_kwargs::push_unpacked_kwargs_parameters(
            db,
            typed_dict,
            kwarg.name.id.clone(),
            &mut parameters,
        );
    } else if let Some(kwarg) = params.kwarg.as_ref().filter(|_| !is_param_spec_kwargs) {
        let ty = kwarg
            .annotation
            .as_deref()
            .map_or(Type::UNKNOWN, |a| inferrer.type_expression(a));
        parameters.push(Parameter {
            name: Some(kwarg.name.id.clone()),
            kind: ParameterKind::KwArgs,
            ty,
            annotated: kwarg.annotation.is_some(),
            has_default: false,
        });
    }

    let declared = node.returns.as_deref().map(|r| inferrer.type_expression(r));
    let return_type = match declared {
        Some(declared) => {
            if node.is_async && !is_async_generator(db, id) {
                coroutine_of(db, declared)
            } else {
                declared
            }
        }
        // Filled in by `signature_query` from the body: the annotations alone do not say.
        None => Type::UNKNOWN,
    };
    Signature {
        parameters,
        return_type,
        gradual: false,
        param_spec,
    }
}

/// `self` is the class's `Self`; `cls` of a classmethod is `type[Self]`.
fn implicit_first_parameter_type(
    db: &Db,
    class: Option<crate::ty::ClassId>,
    flags: crate::signature::FunctionFlags,
    position: usize,
    name: &str,
) -> Type {
    let Some(class) = class else { return Type::UNKNOWN };
    if position != 0 || (flags.staticmethod && name != "__new__") {
        return Type::UNKNOWN;
    }
    let self_var = crate::ty::TypeVarId::SelfOf(class);
    // `__new__` takes the class although it is a static method; these two are implicit
    // class methods.
    let takes_class = flags.classmethod || matches!(name, "__new__" | "__init_subclass__" | "__class_getitem__");
    if takes_class {
        return db.intern(TypeKind::SubclassOfTypeVar(self_var));
    }
    db.intern(TypeKind::TypeVar(self_var))
}

pub(crate) fn is_async_generator(db: &Db, id: FunctionId) -> bool {
    let Some(node) = db.function_node(id) else { return false };
    if !node.is_async {
        return false;
    }
    let index = db.index(id.file);
    index
        .scope_of_node(node)
        .and_then(|scope| index.scope(scope).function.as_ref())
        .is_some_and(|info| info.yields.iter().any(|y| matches!(y, Expr::Yield(_))))
}

/// `CoroutineType[Any, Any, T]`.
pub fn coroutine_of(db: &Db, result: Type) -> Type {
    db.known_instance("types", "CoroutineType", &[Type::ANY, Type::ANY, result])
}

impl Db {
    /// The undecorated function defined by a `def` statement.
    pub fn function_type(&self, id: FunctionId) -> Type {
        self.intern(TypeKind::Function(crate::ty::FunctionType {
            id,
            substitution: Box::new([]),
        }))
    }
}

/// A salsa query: the signature as its annotations declare it, with the return type inferred
/// from the body when it is not annotated. Only that last step depends on the body, so the
/// annotations are evaluated once, however often a cycle through the body goes round, and an
/// edit of an annotated function's body leaves its signature alone. A signature whose
/// annotations depend on the signature itself (a decorator that inspects the function it
/// decorates) takes `(...) -> Unknown` if the cycle does not settle.
#[salsa::tracked(returns(clone), cycle_fn = signature_next_round, cycle_initial = returning_nothing_yet)]
fn signature_query<'db>(db: &'db dyn crate::db::TypeDb, key: crate::db::DefinitionKey<'db>) -> Arc<Signature> {
    with_unannotated_return(db, key, crate::infer::returns::inferred_return_type)
}

/// The declared signature, with the return type `unannotated_return` gives when the return is
/// not annotated.
fn with_unannotated_return<'db>(
    db: &'db dyn crate::db::TypeDb,
    key: crate::db::DefinitionKey<'db>,
    unannotated_return: impl FnOnce(&Db, FunctionId) -> Type,
) -> Arc<Signature> {
    let declared = declared_signature_query(db, key);
    let id = function_of(db, key);
    let db = db.types();
    let returns_annotated = db.function_node(id).is_none_or(|node| node.returns.is_some());
    if returns_annotated || declared.gradual {
        return declared;
    }
    Arc::new(Signature {
        return_type: unannotated_return(db, id),
        ..(*declared).clone()
    })
}

/// A salsa query: the signature the annotations declare (an unannotated return is `Unknown`).
#[salsa::tracked(returns(clone), cycle_fn = signature_next_round, cycle_initial = gradual_signature)]
fn declared_signature_query<'db>(db: &'db dyn crate::db::TypeDb, key: crate::db::DefinitionKey<'db>) -> Arc<Signature> {
    let id = function_of(db, key);
    let db = db.types();
    crate::db::grow(|| Arc::new(compute_signature(db, id)))
}

/// Where a function's inferred return depends on itself (recursion), the cycle starts from its
/// declared signature returning `Never` (no value yet), like every inferred type.
fn returning_nothing_yet<'db>(
    db: &'db dyn crate::db::TypeDb,
    _id: salsa::Id,
    key: crate::db::DefinitionKey<'db>,
) -> Arc<Signature> {
    with_unannotated_return(db, key, |_, _| Type::NEVER)
}

fn gradual_signature(
    _db: &dyn crate::db::TypeDb,
    _id: salsa::Id,
    _function: crate::db::DefinitionKey<'_>,
) -> Arc<Signature> {
    unknown_signature()
}

fn unknown_signature() -> Arc<Signature> {
    Arc::new(Signature {
        parameters: Vec::new(),
        return_type: Type::UNKNOWN,
        gradual: true,
        param_spec: None,
    })
}

fn signature_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Arc<Signature>,
    value: Arc<Signature>,
    _function: crate::db::DefinitionKey<'_>,
) -> Arc<Signature> {
    crate::cycle::next_round(cycle, value, unknown_signature)
}

/// The function a query key stands for.
pub(crate) fn function_of(db: &dyn crate::db::TypeDb, key: crate::db::DefinitionKey<'_>) -> FunctionId {
    FunctionId {
        file: key.file(db),
        definition: key.definition(db),
    }
}
