//! Type aliases: what an alias stands for and how it is used with type arguments.
//!
//! An alias is `X: TypeAlias = ...`, `type X = ...`, `X = TypeAliasType("X", ...)` or an
//! implicit `X = list[int]` at any level. Its value is evaluated once, as a type expression, by a
//! query per definition, which also records whether that value is a valid type expression: an
//! implicit "alias" whose value is not (`x = 3`, `x = [int]`, `x = "int"`) is just a variable,
//! and naming it in an annotation is an error.
//!
//! `Alias[args]` substitutes the alias's type parameters. The arguments are checked against
//! them: an alias without parameters takes none, there are as many arguments as parameters
//! (unless a `TypeVarTuple` makes the count open), a `ParamSpec` takes a parameter list, and an
//! argument for a bounded or constrained type variable must fit it. An alias used without
//! arguments has its parameters' defaults, or `Unknown` for those without one.

use std::sync::Arc;

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::Ranged;

use crate::db::{AliasValue, FileId};
use crate::infer::Inferrer;
use crate::relation::is_assignable;
use crate::subst::{Substitution, contains_typevars};
use crate::ty::{KnownInstance, Signature, SpecialForm, Type, TypeKind, TypeVarId};
use crate::typevar::TypeVarKind;
use awaitype_semantic::{DefinitionId, DefinitionKind};

/// What calling an alias calls.
pub(super) enum AliasCallee {
    /// `X: TypeAlias = list[int]` holds the class object at runtime: calling it constructs one.
    Class(crate::ty::ClassType),
    /// A `type` statement's or `TypeAliasType(...)`'s alias is a `TypeAliasType` object, and an
    /// explicit alias of a union holds a union object: neither can be called.
    NotCallable,
    /// Anything else is not modelled.
    Unknown,
}

impl Inferrer<'_> {
    /// What calling the alias `definition` of `file` calls.
    pub(super) fn alias_callee(&mut self, file: FileId, definition: DefinitionId) -> AliasCallee {
        let db = self.db;
        match db.index(file).definition(definition).kind {
            DefinitionKind::TypeAlias(_) | DefinitionKind::Assignment { .. } => AliasCallee::NotCallable,
            DefinitionKind::AnnotatedAssignment(_) if self.is_annotated_alias(file, definition) => {
                AliasCallee::NotCallable
            }
            DefinitionKind::AnnotatedAssignment(_) => {
                let alias = db.type_alias_value(file, definition);
                match db.kind(self.bare_alias(&alias)) {
                    TypeKind::Instance(class) => AliasCallee::Class(class.clone()),
                    TypeKind::Union(_) => AliasCallee::NotCallable,
                    _ => AliasCallee::Unknown,
                }
            }
            _ => AliasCallee::Unknown,
        }
    }

    /// Whether the assignment `definition` of `file` makes a variable that is no alias, because its
    /// value is not a valid type expression. Only module and class level assignments are judged:
    /// a function's local variables are runtime values (`Union[arg, None]` in a helper). A call
    /// that makes a class at runtime, by calling a class (`Match = type(pattern.match(""))`, a
    /// metaclass) or a functional form (`Point = namedtuple(...)`), names that class.
    pub(super) fn is_invalid_alias_assignment(&mut self, file: FileId, definition: DefinitionId) -> bool {
        let db = self.db;
        let index = db.index(file);
        let def = index.definition(definition);
        let DefinitionKind::Assignment {
            target: Expr::Name(_),
            value,
            ..
        } = def.kind
        else {
            return false;
        };
        if index.scope(def.scope).kind.is_function_like() {
            return false;
        }
        if let Expr::Call(call) = value {
            if let TypeKind::ClassLiteral(class) = db.kind(db.definition_type(file, definition))
                && class.class == (crate::ty::ClassId { file, definition })
            {
                return false;
            }
            let callee = Inferrer::silent(db, file, def.scope).infer_expression(&call.func);
            if matches!(db.kind(callee), TypeKind::ClassLiteral(_) | TypeKind::SubclassOf(_)) {
                return false;
            }
        }
        !db.type_alias_value(file, definition).valid
    }

    /// Whether `expr` names a variable assigned the result of a call.
    pub(super) fn names_call_result(&mut self, expr: &Expr) -> bool {
        self.definition_named_by(expr).is_some_and(|(file, definition)| {
            matches!(
                self.db.index(file).definition(definition).kind,
                DefinitionKind::Assignment {
                    value: Expr::Call(_),
                    ..
                }
            )
        })
    }

    /// The call, if `value` is `TypeAliasType(...)` from `typing` or `typing_extensions`.
    pub(crate) fn type_alias_type_call(&mut self, value: &'static Expr) -> Option<&'static ExprCall> {
        let Expr::Call(call) = value else { return None };
        let callee = self.infer_expression(&call.func);
        let TypeKind::ClassLiteral(class) = self.db.kind(callee) else {
            return None;
        };
        let is_alias_type = ["typing", "typing_extensions"]
            .iter()
            .any(|module| self.db.known_class(module, "TypeAliasType") == Some(class.class));
        is_alias_type.then_some(call)
    }

    /// An alias named without type arguments: each type parameter takes its default (PEP 696),
    /// or `Unknown` when it has none (a `TypeVarTuple` then stands for a tuple of unknown length).
    pub(super) fn bare_alias(&mut self, alias: &AliasValue) -> Type {
        if alias.params.is_empty() {
            return alias.ty;
        }
        let mut substitution = Substitution::new();
        let args = self.db.fill_type_arguments(&alias.params, Vec::new());
        for (param, arg) in alias.params.iter().zip(args) {
            substitution.insert(*param, arg);
        }
        substitution.apply(self.db, alias.ty)
    }

    /// `Alias[args]`: the alias's value with its parameters replaced by the arguments, which are
    /// checked against the parameters.
    pub(super) fn specialize_alias(
        &mut self,
        alias: &AliasValue,
        elements: &[&'static Expr],
        expr: &'static Expr,
    ) -> Type {
        let db = self.db;
        let params = &alias.params;
        if alias.provisional {
            for element in elements {
                self.type_argument(element);
            }
            return Type::UNKNOWN;
        }
        // An implicit alias that unpacks a `TypeVarTuple` takes arguments not modelled here.
        if alias.provisional || (params.is_empty() && alias.variadic) {
            for element in elements {
                self.type_argument(element);
            }
            return alias.ty;
        }
        if params.is_empty() {
            for element in elements {
                self.type_argument(element);
            }
            self.report(
                expr.range(),
                Rule::InvalidTypeForm,
                "Type alias takes no type arguments: it is not generic or is already specialized; remove the `[...]`",
            );
            return alias.ty;
        }
        let kinds: Vec<TypeVarKind> = params.iter().map(|param| db.typevar(*param).kind).collect();
        let mut substitution = Substitution::new();
        // `Alias[int, str]` of an alias whose only parameter is a `ParamSpec` means `Alias[[int, str]]`.
        if !alias.variadic
            && kinds[..] == [TypeVarKind::ParamSpec]
            && !(elements.len() == 1 && self.is_parameter_list(elements[0]))
        {
            let types: Vec<Type> = elements.iter().map(|element| self.type_expression(element)).collect();
            substitution.insert(params[0], parameters_callable(db, types));
            return substitution.apply(db, alias.ty);
        }
        // A `TypeVarTuple` parameter takes its share of the arguments packed into a tuple.
        if kinds.contains(&TypeVarKind::TypeVarTuple) {
            let Some(args) = self.packed_type_arguments(params, elements, expr) else {
                return self.bare_alias(alias);
            };
            // The plain type variables before the `TypeVarTuple` take one argument each.
            let leading = kinds.iter().take_while(|kind| **kind == TypeVarKind::TypeVar).count();
            for index in 0..leading.min(elements.len()) {
                if self.unpack_operand(elements[index]).is_none() {
                    self.check_alias_argument_fits(params[index], args[index], elements[index]);
                }
            }
            for (param, arg) in params.iter().zip(args) {
                substitution.insert(*param, arg);
            }
            return substitution.apply(db, alias.ty);
        }
        let open_from = kinds.iter().position(|kind| *kind == TypeVarKind::TypeVarTuple);
        let variadic = alias.variadic || open_from.is_some();
        if !variadic {
            let missing = params.get(elements.len()..).unwrap_or_default();
            if elements.len() > params.len() {
                let message = format!(
                    "Too many type arguments for type alias: expected {}, got {}",
                    params.len(),
                    elements.len()
                );
                self.report(expr.range(), Rule::InvalidTypeForm, message);
            } else if missing.iter().any(|param| db.typevar(*param).default.is_none()) {
                let message = format!(
                    "Too few type arguments for type alias: expected {}, got {}",
                    params.len(),
                    elements.len()
                );
                self.report(expr.range(), Rule::InvalidTypeForm, message);
            }
        }
        for (index, element) in elements.iter().enumerate() {
            let Some(param) = params.get(index) else {
                self.type_argument(element);
                continue;
            };
            if open_from.is_some_and(|open| index >= open) {
                // Matched against the `TypeVarTuple` and what follows it: not substituted.
                self.type_argument(element);
                continue;
            }
            let arg = if alias.variadic {
                self.type_argument(element)
            } else {
                self.alias_argument(*param, element)
            };
            substitution.insert(*param, arg);
        }
        for param in params.iter() {
            if substitution.get(*param).is_none() {
                let default = db.typevar(*param).default.unwrap_or(Type::UNKNOWN);
                substitution.insert(*param, default);
            }
        }
        substitution.apply(db, alias.ty)
    }

    /// One type argument for the alias parameter `param`, checked against it.
    fn alias_argument(&mut self, param: TypeVarId, element: &'static Expr) -> Type {
        let db = self.db;
        let info = db.typevar(param);
        match info.kind {
            TypeVarKind::ParamSpec => {
                if self.is_parameter_list(element) {
                    let (parameters, gradual, param_spec) = self.callable_parameters(element);
                    return db.intern(TypeKind::Callable(Box::new(Signature {
                        parameters,
                        return_type: Type::UNKNOWN,
                        gradual,
                        param_spec,
                    })));
                }
                let arg = self.type_argument(element);
                let message = format!(
                    "Type argument for ParamSpec `{}` must be a list of types, `...` or a ParamSpec, not `{}`",
                    info.name,
                    self.display(arg)
                );
                self.report(element.range(), Rule::InvalidTypeForm, message);
                Type::UNKNOWN
            }
            TypeVarKind::TypeVarTuple => {
                self.type_argument(element);
                Type::UNKNOWN
            }
            TypeVarKind::TypeVar => {
                let arg = self.type_argument(element);
                if self.unpack_operand(element).is_some() {
                    // `*Ts` or `*tuple[int, ...]` stands for any number of types, not one.
                    let message = format!(
                        "Type variable `{}` takes one type, not an unpacked argument: only a `TypeVarTuple` parameter takes `*...`",
                        info.name,
                    );
                    self.report(element.range(), Rule::InvalidTypeForm, message);
                    return Type::UNKNOWN;
                }
                self.check_alias_argument_fits(param, arg, element);
                arg
            }
        }
    }

    /// Reports a type argument outside its type variable's bound or constraints.
    fn check_alias_argument_fits(&mut self, param: TypeVarId, arg: Type, element: &'static Expr) {
        let db = self.db;
        let info = db.typevar(param);
        if arg.is_dynamic() || contains_typevars(db, arg) {
            return;
        }
        if let Some(bound) = info.bound
            && !is_assignable(db, arg, bound)
        {
            let message = format!(
                "Type argument `{}` does not satisfy the upper bound `{}` of type variable `{}`",
                self.display(arg),
                self.display(bound),
                info.name
            );
            self.report(element.range(), Rule::InvalidTypeForm, message);
        } else if !info.constraints.is_empty()
            && !info
                .constraints
                .iter()
                .any(|constraint| is_assignable(db, arg, *constraint))
        {
            let message = format!(
                "Type argument `{}` is not one of the constraints of type variable `{}`",
                self.display(arg),
                info.name
            );
            self.report(element.range(), Rule::InvalidTypeForm, message);
        }
    }

    /// Whether `expr` can stand for a `ParamSpec`: `[int, str]`, `...`, a `ParamSpec` or
    /// `Concatenate[...]`.
    pub(super) fn is_parameter_list(&mut self, expr: &'static Expr) -> bool {
        match expr {
            Expr::List(_) | Expr::EllipsisLiteral(_) => true,
            Expr::Subscript(sub) => matches!(
                self.db.kind(self.infer_expression(&sub.value)),
                TypeKind::SpecialForm(SpecialForm::Concatenate)
            ),
            _ => self.param_spec_of(expr).is_some(),
        }
    }
}

/// The callable a `ParamSpec` is replaced by: positional parameters of these types.
fn parameters_callable(db: &crate::db::Db, types: Vec<Type>) -> Type {
    let parameters = types
        .into_iter()
        .map(|ty| crate::ty::Parameter {
            name: None,
            kind: crate::ty::ParameterKind::PositionalOnly,
            ty,
            annotated: true,
            has_default: false,
        })
        .collect();
    db.intern(TypeKind::Callable(Box::new(Signature {
        parameters,
        return_type: Type::UNKNOWN,
        gradual: false,
        param_spec: None,
    })))
}

impl crate::db::Db {
    /// The type an alias stands for, its type parameters in order (for `Alias[int]`), and whether
    /// its value is a valid type expression.
    pub fn type_alias_value(&self, file: FileId, definition: DefinitionId) -> AliasValue {
        alias_value_query(self, self.definition_key(file, definition))
    }
}

/// A salsa query. An alias's value names itself, and aliases that lead back to it, by references
/// (`Json = list["Json"] | int`, see `alias_reference.rs`), which do not ask this query again.
/// A cycle the references miss (past the bounds of `alias_graph.rs`) starts from `Unknown`, so
/// its inner occurrences are `Unknown` (see `cycle::cut_nested`); one that does not settle stands
/// for `Unknown`, with its parameters.
#[salsa::tracked(returns(clone), cycle_fn = alias_next_round, cycle_initial = alias_initial)]
fn alias_value_query<'db>(db: &'db dyn crate::db::TypeDb, key: crate::db::DefinitionKey<'db>) -> AliasValue {
    let (file, definition) = (key.file(db), key.definition(db));
    let db = db.types();
    crate::db::grow(|| compute_alias_value(db, file, definition))
}

fn alias_initial(_db: &dyn crate::db::TypeDb, _id: salsa::Id, _key: crate::db::DefinitionKey<'_>) -> AliasValue {
    unknown_alias()
}

fn alias_next_round(
    db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    previous: &AliasValue,
    value: AliasValue,
    _key: crate::db::DefinitionKey<'_>,
) -> AliasValue {
    let ty = crate::cycle::cut_nested(db.types(), value.ty, previous.ty);
    // An alias that never settles still has the parameters it declares: it stands for
    // `Unknown`, but `Alias[args]` is checked against them.
    let unsettled = AliasValue {
        ty: Type::UNKNOWN,
        params: value.params.clone(),
        valid: true,
        variadic: value.variadic,
        provisional: false,
    };
    crate::cycle::next_round(cycle, AliasValue { ty, ..value }, || unsettled)
}

/// What an alias stands for while it is being computed, or when it never settles: `Unknown`,
/// valid (a cycle is not the fault of the place that names the alias).
fn unknown_alias() -> AliasValue {
    AliasValue {
        ty: Type::UNKNOWN,
        params: Arc::from(Vec::new()),
        valid: true,
        variadic: false,
        provisional: true,
    }
}

fn compute_alias_value(db: &crate::db::Db, file: FileId, definition: DefinitionId) -> AliasValue {
    let index = db.index(file);
    let def = index.definition(definition);
    let mut inferrer = Inferrer::silent(db, file, def.scope);
    inferrer.computing_alias = Some((file, definition));
    let (value, explicit_params) = match def.kind {
        DefinitionKind::Assignment { value, .. } => match inferrer.type_alias_type_call(value) {
            Some(call) => {
                let (value, params) = type_alias_type_arguments(&mut inferrer, call);
                (value, Some(params))
            }
            // A string is a forward reference only where a type is expected: an implicit alias
            // of one is just a `str` variable.
            None if matches!(value, Expr::StringLiteral(_)) => {
                return AliasValue {
                    valid: false,
                    provisional: false,
                    ..unknown_alias()
                };
            }
            None => (Some(value), None),
        },
        DefinitionKind::AnnotatedAssignment(ann) => (ann.value.as_deref(), None),
        DefinitionKind::TypeAlias(alias) => {
            if let Some(scope) = alias.type_params.as_deref().and_then(|p| index.scope_of_node(p)) {
                inferrer.scope = scope;
            }
            let params: Option<Vec<TypeVarId>> = alias.type_params.as_deref().map(|params| {
                params
                    .type_params
                    .iter()
                    .filter_map(|p| index.definition_of_node(p))
                    .map(|definition| TypeVarId::Definition { file, definition })
                    .collect()
            });
            (Some(&*alias.value), params)
        }
        _ => (None, None),
    };
    let Some(value) = value else {
        return AliasValue {
            provisional: false,
            ..unknown_alias()
        };
    };
    let ty = inferrer.type_expression(value);
    let ty = crate::alias_reference::without_direct_self_references(db, file, definition, ty);
    let probe = inferrer.type_form_probe;
    // Explicit parameters say themselves where a `TypeVarTuple` is; only an implicit alias's
    // unpacking leaves the count and the order of its arguments open.
    let variadic = explicit_params.is_none() && probe.variadic;
    let params = explicit_params.unwrap_or_else(|| {
        let mut vars = Vec::new();
        crate::class::collect_typevars(db, ty, &mut vars);
        vars
    });
    AliasValue {
        ty,
        params: Arc::from(params),
        valid: probe.invalid_forms == 0,
        variadic,
        provisional: false,
    }
}

/// The value expression and the type parameters of `TypeAliasType(name, value, type_params=(...))`.
pub(crate) fn type_alias_type_arguments(
    inferrer: &mut Inferrer<'_>,
    call: &'static ExprCall,
) -> (Option<&'static Expr>, Vec<TypeVarId>) {
    let keyword = |name: &str| {
        call.arguments
            .keywords
            .iter()
            .find(|keyword| keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == name))
            .map(|keyword| &keyword.value)
    };
    let value = call.arguments.args.get(1).or_else(|| keyword("value"));
    let mut params = Vec::new();
    if let Some(Expr::Tuple(tuple)) = keyword("type_params") {
        for element in &tuple.elts {
            if let TypeKind::KnownInstance(KnownInstance::TypeVar(var)) =
                inferrer.db.kind(inferrer.infer_expression(element))
            {
                params.push(*var);
            }
        }
    }
    (value, params)
}
