//! TypedDict (PEP 589, with PEP 655's `Required`/`NotRequired` and PEP 705's `ReadOnly`): a
//! dictionary whose string keys each have a type of their own.
//!
//! A TypedDict class, written as a class statement or with the functional form, is a class whose
//! bases include typeshed's `typing._TypedDict` (a `Mapping[str, object]`), so everything a
//! mapping can do comes from the stubs. What the stubs cannot say is handled here: the keys and
//! their types (bases first), reading and writing an item with a literal key, the constructor's
//! keyword arguments, and a dict display checked against the keys where a TypedDict is expected.

use std::sync::Arc;

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, ExprDict};

use crate::db::Db;
use crate::functional_class::FunctionalField;
use crate::infer::Inferrer;
use crate::relation::is_assignable;
use crate::subst::Substitution;
use crate::ty::{ClassId, ClassType, SpecialForm, Type, TypeKind};

impl Db {
    /// Whether instances of `class` are TypedDicts.
    pub fn is_typed_dict(&self, class: ClassId) -> bool {
        self.class_info(class).is_typed_dict
    }

    /// The keys a TypedDict class declares itself (not its bases), with their types in terms of
    /// its own type parameters and whether they may be left out.
    pub(crate) fn own_typed_dict_keys(&self, class: ClassId) -> Arc<[FunctionalField]> {
        own_keys_query(self, self.definition_key(class.file, class.definition))
    }

    /// Every key of a TypedDict instance type, bases first, specialized to its type arguments.
    pub fn typed_dict_keys(&self, instance: &ClassType) -> Vec<FunctionalField> {
        let mut keys: Vec<FunctionalField> = Vec::new();
        for entry in self.mro_of(instance).iter().rev() {
            if !self.is_typed_dict(entry.class) {
                continue;
            }
            let substitution = Substitution::for_class(self, entry);
            for key in self.own_typed_dict_keys(entry.class).iter() {
                keys.retain(|existing| existing.name != key.name);
                keys.push(FunctionalField {
                    name: key.name.clone(),
                    ty: substitution.apply(self, key.ty),
                    optional: key.optional,
                    read_only: key.read_only,
                });
            }
        }
        keys
    }
}

impl Db {
    /// The `invalid-key` message for `key`, which is not one of `keys`: the keys there are,
    /// and the closest one when the key looks misspelled.
    pub fn unknown_key_message(&self, instance: &ClassType, key: &str, keys: &[FunctionalField]) -> String {
        let known: Vec<String> = keys.iter().map(|field| format!("\"{}\"", field.name)).collect();
        let listed = if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        };
        let hint = crate::suggest::closest(key, keys.iter().map(|field| field.name.as_str()))
            .map(|closest| format!("; did you mean \"{closest}\"?"))
            .unwrap_or_default();
        format!(
            "TypedDict `{}` has no key \"{key}\"; its keys are {listed}{hint}",
            self.class_name(instance.class)
        )
    }
}

fn compute_own_keys(db: &Db, class: ClassId) -> Vec<FunctionalField> {
    if let Some(functional) = db.functional_class(class) {
        return functional.fields.clone();
    }
    let info = db.class_info(class);
    let (Some(node), Some(body_scope)) = (db.class_statement(class, &info), db.class_body_scope(class, &info)) else {
        return Vec::new();
    };
    let total = !node.arguments.as_deref().is_some_and(|arguments| {
        arguments.keywords.iter().any(|keyword| {
            keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == "total")
                && matches!(&keyword.value, Expr::BooleanLiteral(b) if !b.value)
        })
    });
    let mut inferrer = Inferrer::silent(db, class.file, body_scope);
    crate::dataclass::field_declarations(db, class.file, &node.body)
        .into_iter()
        .filter_map(|ann| {
            let Expr::Name(name) = &*ann.target else { return None };
            let (ty, required, read_only) = inferrer.typed_dict_value_type(&ann.annotation);
            Some(FunctionalField {
                name: name.id.clone(),
                ty,
                optional: !required.unwrap_or(total),
                read_only,
            })
        })
        .collect()
}

impl Inferrer<'_> {
    /// A key's annotation: its type without the `Required`/`NotRequired`/`ReadOnly` wrappers,
    /// whether a wrapper said the key is required, and whether it is read-only. The wrappers may
    /// be nested in any order, and inside `Annotated[...]`.
    pub(crate) fn typed_dict_value_type(&mut self, annotation: &'static Expr) -> (Type, Option<bool>, bool) {
        if let Expr::Subscript(subscript) = annotation {
            let head = self.infer_expression(&subscript.value);
            if matches!(self.db.kind(head), TypeKind::SpecialForm(SpecialForm::Annotated))
                && let Expr::Tuple(arguments) = &*subscript.slice
                && let Some(inner) = arguments.elts.first()
            {
                return self.typed_dict_value_type(inner);
            }
            let wrapper = match self.db.kind(head) {
                TypeKind::SpecialForm(SpecialForm::Required) => Some((Some(true), false)),
                TypeKind::SpecialForm(SpecialForm::NotRequired) => Some((Some(false), false)),
                TypeKind::SpecialForm(SpecialForm::ReadOnly) => Some((None, true)),
                _ => None,
            };
            if let Some((required, read_only)) = wrapper {
                let (ty, inner, inner_read_only) = self.typed_dict_value_type(&subscript.slice);
                return (ty, required.or(inner), read_only || inner_read_only);
            }
        }
        (self.type_expression(annotation), None, false)
    }

    /// The TypedDict qualifiers (`Required`, `NotRequired`, `ReadOnly`) wrapping an annotation,
    /// outermost first, looking through `Annotated`, with the range of each head.
    pub(crate) fn typed_dict_qualifiers(
        &mut self,
        annotation: &'static Expr,
    ) -> Vec<(SpecialForm, ruff_text_size::TextRange)> {
        let mut qualifiers = Vec::new();
        let mut current = annotation;
        while let Expr::Subscript(subscript) = current {
            let head = self.infer_expression(&subscript.value);
            let TypeKind::SpecialForm(form) = self.db.kind(head).clone() else {
                break;
            };
            match form {
                SpecialForm::Required | SpecialForm::NotRequired | SpecialForm::ReadOnly => {
                    qualifiers.push((form, ruff_text_size::Ranged::range(&*subscript.value)));
                    current = &subscript.slice;
                }
                SpecialForm::Annotated => match &*subscript.slice {
                    Expr::Tuple(arguments) if !arguments.elts.is_empty() => current = &arguments.elts[0],
                    _ => break,
                },
                _ => break,
            }
        }
        qualifiers
    }

    /// `isinstance(x, Movie)` / `issubclass(c, Movie)` with a TypedDict class: at runtime a
    /// TypedDict is a plain `dict`, so the typing spec forbids such checks.
    pub(crate) fn check_typed_dict_class_check(&mut self, call: &'static ruff_python_ast::ExprCall, callee: Type) {
        let TypeKind::Function(function) = self.db.kind(callee).clone() else {
            return;
        };
        let is_builtins = self.db.file_data(function.id.file).module.as_ref().map(|m| m.as_str()) == Some("builtins");
        let name = self.db.function_node(function.id).map(|node| node.name.id.clone());
        let Some(name) = name.filter(|name| is_builtins && (name == "isinstance" || name == "issubclass")) else {
            return;
        };
        let Some(second) = call.arguments.args.get(1) else {
            return;
        };
        let classes: Vec<&'static Expr> = match second {
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        for class in classes {
            let ty = self.infer_expression(class);
            if let TypeKind::ClassLiteral(literal) = self.db.kind(ty).clone()
                && self.db.is_typed_dict(literal.class)
                && self.is_reporting()
            {
                let message = format!(
                    "TypedDict class `{}` cannot be used with `{name}()`: at runtime its instances are plain dicts",
                    self.db.class_name(literal.class)
                );
                self.report(ruff_text_size::Ranged::range(class), Rule::InvalidArgumentType, message);
            }
        }
    }

    /// `TypeVar("T", bound=TypedDict)`: the bare `TypedDict` special form is not a type (only
    /// the classes it makes are), so it cannot bound a type variable.
    pub(crate) fn check_typed_dict_bound(&mut self, call: &'static ruff_python_ast::ExprCall) {
        let Some(bound) = call.arguments.find_keyword("bound") else {
            return;
        };
        let bound_type = self.infer_expression(&bound.value);
        if !matches!(self.db.kind(bound_type), TypeKind::SpecialForm(SpecialForm::TypedDict))
            || self.typevar_constructor_kind(&call.func).is_none()
            || !self.is_reporting()
        {
            return;
        }
        let message = "`TypedDict` cannot be the bound of a type variable: it is not a type".to_string();
        self.report(
            ruff_text_size::Ranged::range(&bound.value),
            Rule::InvalidTypeForm,
            message,
        );
    }

    /// Reports a `Required`/`NotRequired`/`ReadOnly` qualifier on an annotation that is not a
    /// TypedDict key's (a parameter or a return type).
    pub(crate) fn report_misplaced_typed_dict_qualifier(&mut self, annotation: &'static Expr) {
        let Some((form, range)) = self.typed_dict_qualifiers(annotation).first().copied() else {
            return;
        };
        if self.is_reporting() {
            let message = format!(
                "`{}` is only allowed in the annotation of a TypedDict key",
                crate::display::special_form_name(form)
            );
            self.report(range, Rule::InvalidTypeForm, message);
        }
    }

    /// `movie["title"]` with a literal key: the key's type. An unknown key is an error; a key
    /// that is not a literal leaves the item to the mapping's `__getitem__` (`None` here). A
    /// union of literal keys gives the union of their types.
    pub(crate) fn typed_dict_item(
        &mut self,
        instance: &ClassType,
        key: Type,
        range: ruff_text_size::TextRange,
    ) -> Option<Type> {
        let key = match self.db.kind(key).clone() {
            TypeKind::StrLiteral(key) => key,
            TypeKind::Union(members)
                if members
                    .iter()
                    .all(|member| matches!(self.db.kind(*member), TypeKind::StrLiteral(_))) =>
            {
                let items: Vec<Type> = members
                    .iter()
                    .filter_map(|member| self.typed_dict_item(instance, *member, range))
                    .collect();
                return Some(crate::relation::union(self.db, items));
            }
            _ => return None,
        };
        let keys = self.db.typed_dict_keys(instance);
        if let Some(field) = keys.iter().find(|field| field.name.as_str() == &*key) {
            return Some(field.ty);
        }
        if let Some(extra) = self.db.typed_dict_extra_items(instance).value_type() {
            return Some(extra);
        }
        if self.is_reporting() {
            let message = self.db.unknown_key_message(instance, &key, &keys);
            self.report(range, Rule::InvalidKey, message);
        }
        Some(Type::UNKNOWN)
    }

    /// Why a value does not fit where a TypedDict is expected, when it is a dict display: the
    /// first unknown key, wrongly typed value or missing required key. Empty otherwise.
    pub fn typed_dict_mismatch_hint(&mut self, value: &'static Expr, expected: Type) -> String {
        let (Expr::Dict(dict), TypeKind::Instance(instance)) = (value, self.db.kind(expected).clone()) else {
            return String::new();
        };
        if !self.db.is_typed_dict(instance.class) {
            return String::new();
        }
        self.typed_dict_display_problem(dict, &instance)
            .map(|problem| format!("; {problem}"))
            .unwrap_or_default()
    }

    /// What keeps a dict display from being the TypedDict `instance`, or `None` when it is one:
    /// every key a known string literal, every value fitting its key, no required key missing.
    fn typed_dict_display_problem(&mut self, dict: &'static ExprDict, instance: &ClassType) -> Option<String> {
        let db = self.db;
        let keys = db.typed_dict_keys(instance);
        let extra = db.typed_dict_extra_items(instance).value_type();
        let mut seen = Vec::new();
        for item in &dict.items {
            let Some(Expr::StringLiteral(key)) = &item.key else {
                return Some("TypedDict keys must be string literals".to_string());
            };
            let key = key.value.to_str();
            let expected = match keys.iter().find(|field| field.name.as_str() == key) {
                Some(field) => {
                    seen.push(field.name.clone());
                    field.ty
                }
                None => match extra {
                    Some(extra) => extra,
                    None => return Some(db.unknown_key_message(instance, key, &keys)),
                },
            };
            let found = self.infer_in_context(&item.value, expected);
            if !is_assignable(db, found, expected) {
                return Some(format!(
                    "key \"{key}\" expects `{}`, found `{}`",
                    self.display(expected),
                    self.display(found)
                ));
            }
        }
        let missing: Vec<String> = keys
            .iter()
            .filter(|field| !field.optional && !seen.contains(&field.name))
            .map(|field| format!("\"{}\"", field.name))
            .collect();
        (!missing.is_empty()).then(|| {
            format!(
                "missing required key{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            )
        })
    }

    /// `movie.get("year")` / `movie.get("year", default)` with a literal key of the TypedDict: the
    /// key's type, or `None` (or the default's type) when it is missing. `None` for any other
    /// call, which typeshed's `Mapping.get` then types.
    pub(crate) fn typed_dict_get(&mut self, call: &'static ruff_python_ast::ExprCall) -> Option<Type> {
        let Expr::Attribute(attribute) = &*call.func else {
            return None;
        };
        if attribute.attr.as_str() != "get" || !call.arguments.keywords.is_empty() || call.arguments.args.len() > 2 {
            return None;
        }
        let receiver = self.infer_expression(&attribute.value);
        let TypeKind::Instance(instance) = self.db.kind(receiver).clone() else {
            return None;
        };
        if !self.db.is_typed_dict(instance.class) {
            return None;
        }
        let (Some(Expr::StringLiteral(key)), default) = (call.arguments.args.first(), call.arguments.args.get(1))
        else {
            return None;
        };
        let keys = self.db.typed_dict_keys(&instance);
        let field = keys.iter().find(|field| field.name.as_str() == key.value.to_str())?;
        let missing = match default {
            Some(default) => self.infer_expression(default),
            None => Type::NONE,
        };
        Some(crate::relation::union(self.db, [field.ty, missing]))
    }

    /// `movie.update(other)` where `other` is a TypedDict too: the typing spec gives `update` a
    /// parameter that is the receiver with every key optional, so `other` may have fewer keys
    /// (or more), but each key it shares must fit the receiver's type and must not be read-only
    /// in the receiver, unless `other` declares it `Never` (it can then never be present). `None`
    /// for any other call, which typeshed's `update` then types.
    pub(crate) fn typed_dict_update(&mut self, call: &'static ruff_python_ast::ExprCall) -> Option<Type> {
        let Expr::Attribute(attribute) = &*call.func else {
            return None;
        };
        let [argument] = &call.arguments.args[..] else {
            return None;
        };
        if attribute.attr.as_str() != "update" || !call.arguments.keywords.is_empty() {
            return None;
        }
        let receiver = self.infer_expression(&attribute.value);
        let TypeKind::Instance(instance) = self.db.kind(receiver).clone() else {
            return None;
        };
        let argument_type = self.infer_expression(argument);
        let TypeKind::Instance(source) = self.db.kind(argument_type).clone() else {
            return None;
        };
        if !self.db.is_typed_dict(instance.class) || !self.db.is_typed_dict(source.class) {
            return None;
        }
        let keys = self.db.typed_dict_keys(&instance);
        let problem = self.db.typed_dict_keys(&source).into_iter().find_map(|have| {
            let key = keys.iter().find(|key| key.name == have.name)?;
            if have.ty.is_never() {
                None
            } else if key.read_only {
                Some(format!("key \"{}\" is read-only", key.name))
            } else if !is_assignable(self.db, have.ty, key.ty) {
                Some(format!(
                    "key \"{}\" expects `{}`, found `{}`",
                    key.name,
                    self.display(key.ty),
                    self.display(have.ty)
                ))
            } else {
                None
            }
        });
        if let Some(problem) = problem
            && self.is_reporting()
        {
            let message = format!(
                "Cannot update TypedDict `{}` with `{}`: {problem}",
                self.db.class_name(instance.class),
                self.display(argument_type)
            );
            self.report(
                ruff_text_size::Ranged::range(argument),
                Rule::InvalidArgumentType,
                message,
            );
        }
        Some(Type::NONE)
    }

    /// A dict display where a TypedDict is expected: the TypedDict when every key is a known
    /// literal, every value fits its key's type and no required key is missing.
    pub(crate) fn typed_dict_in_context(&mut self, dict: &'static ExprDict, expected: Type) -> Option<Type> {
        let TypeKind::Instance(instance) = self.db.kind(expected).clone() else {
            return None;
        };
        if !self.db.is_typed_dict(instance.class) {
            return None;
        }
        self.typed_dict_display_problem(dict, &instance)
            .is_none()
            .then_some(expected)
    }
}

/// A salsa query: keys typed by annotations that lead back to the TypedDict (a key whose value
/// is the TypedDict itself) start from "no keys".
#[salsa::tracked(returns(clone), cycle_fn = own_keys_next_round, cycle_initial = no_keys)]
fn own_keys_query<'db>(db: &'db dyn crate::db::TypeDb, key: crate::db::DefinitionKey<'db>) -> Arc<[FunctionalField]> {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| compute_own_keys(db, class).into())
}

fn no_keys(_db: &dyn crate::db::TypeDb, _id: salsa::Id, _key: crate::db::DefinitionKey<'_>) -> Arc<[FunctionalField]> {
    Arc::from(Vec::new())
}

fn own_keys_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Arc<[FunctionalField]>,
    value: Arc<[FunctionalField]>,
    _key: crate::db::DefinitionKey<'_>,
) -> Arc<[FunctionalField]> {
    crate::cycle::next_round(cycle, value, || Arc::from(Vec::new()))
}
