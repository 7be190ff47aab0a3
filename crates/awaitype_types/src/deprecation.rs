//! PEP 702: `@deprecated("reason")` (from `warnings` or `typing_extensions`) marks a function,
//! method, overload or class whose every use should warn. Deprecation is a property of the
//! definition, read from its decorators, so it survives re-exports, aliases and attribute access:
//! whatever path leads to the object, its type leads back to the `def` or `class`.

use std::sync::Arc;

use awaitype_semantic::{DefinitionId, DefinitionKind};
use ruff_python_ast::{Decorator, Expr};

use crate::Type;
use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::ty::{FunctionId, TypeKind};

impl Db {
    /// The reason given to `@deprecated` on this `def` or `class`, if it is deprecated (an empty
    /// string when the reason is not a literal).
    pub fn deprecation_reason(&self, file: FileId, definition: DefinitionId) -> Option<Arc<str>> {
        // Only a decorated `def` or `class` can be deprecated: the others are answered without a
        // query (most are asked, on every use, and a memo each costs time after every edit).
        if decorators(self, file, definition).is_empty() {
            return None;
        }
        deprecation_query(self, self.definition_key(file, definition))
    }
}

/// A salsa query: the decorators are typed, and a decorator may lead back to the function it
/// decorates; such a cycle starts from "not deprecated".
#[salsa::tracked(returns(clone), cycle_fn = deprecation_next_round, cycle_initial = not_deprecated)]
fn deprecation_query<'db>(db: &'db dyn crate::db::TypeDb, key: crate::db::DefinitionKey<'db>) -> Option<Arc<str>> {
    let (file, definition) = (key.file(db), key.definition(db));
    let db = db.types();
    crate::db::grow(|| compute_deprecation_reason(db, file, definition))
}

fn not_deprecated(_db: &dyn crate::db::TypeDb, _id: salsa::Id, _key: crate::db::DefinitionKey<'_>) -> Option<Arc<str>> {
    None
}

fn deprecation_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Option<Arc<str>>,
    value: Option<Arc<str>>,
    _key: crate::db::DefinitionKey<'_>,
) -> Option<Arc<str>> {
    crate::cycle::next_round(cycle, value, || None)
}

/// The decorators of a `def` or `class` statement (none for other definitions).
fn decorators(db: &Db, file: FileId, definition: DefinitionId) -> &'static [Decorator] {
    match db.index(file).definition(definition).kind {
        DefinitionKind::Function(node) => &node.decorator_list,
        DefinitionKind::Class(node) => &node.decorator_list,
        _ => &[],
    }
}

fn compute_deprecation_reason(db: &Db, file: FileId, definition: DefinitionId) -> Option<Arc<str>> {
    let decorators = decorators(db, file, definition);
    if decorators.is_empty() {
        return None;
    }
    let index = db.index(file);
    let scope = index.definition(definition).scope;
    let mut inferrer = Inferrer::silent(db, file, scope);
    decorators
        .iter()
        .find_map(|decorator| deprecated_decorator_reason(db, &mut inferrer, &decorator.expression))
}

impl Db {
    /// The warning for using a value of type `ty`, when it is a deprecated function, method or
    /// class: says what is deprecated and why. Called for every name and attribute read, so the
    /// message is only built once the definition is known to be deprecated.
    pub fn deprecated_use_message(&self, ty: Type) -> Option<String> {
        if let Some(function) = self.function_id_of(ty) {
            let reason = self.deprecation_reason(function.file, function.definition)?;
            return Some(with_reason(self.function_description(function), &reason));
        }
        let TypeKind::ClassLiteral(class) = self.kind(ty) else {
            return None;
        };
        let reason = self.deprecation_reason(class.class.file, class.class.definition)?;
        Some(with_reason(
            format!("The class `{}`", self.class_name(class.class)),
            &reason,
        ))
    }

    /// The warning for a call that selected overload `overload`, when that overload is deprecated.
    /// A call may also select a plain method it does not name (`obj()` runs `__call__`): that
    /// method is then reported as a deprecated use.
    pub fn deprecated_overload_message(&self, overload: Type) -> Option<String> {
        let function = self.function_id_of(overload)?;
        if !self.function_flags(function).overload {
            return self.deprecated_use_message(overload);
        }
        let reason = self.deprecation_reason(function.file, function.definition)?;
        let name = self
            .function_node(function)
            .map_or_else(String::new, |node| node.name.to_string());
        Some(with_reason(
            format!("The overload of `{name}` that matches these arguments"),
            &reason,
        ))
    }

    /// The `def` behind a function or bound method value.
    fn function_id_of(&self, ty: Type) -> Option<FunctionId> {
        match self.kind(ty) {
            TypeKind::Function(function) => Some(function.id),
            TypeKind::BoundMethod { function, .. } => match self.kind(*function) {
                TypeKind::Function(function) => Some(function.id),
                _ => None,
            },
            _ => None,
        }
    }

    fn function_description(&self, id: FunctionId) -> String {
        let name = self
            .function_node(id)
            .map_or_else(String::new, |node| node.name.to_string());
        match self.defining_class(id) {
            Some(class) => format!("The method `{}.{name}`", self.class_name(class)),
            None => format!("The function `{name}`"),
        }
    }
}

impl Inferrer<'_> {
    /// Warns at `range` when an operator ran the dunder method `name` of `receiver` and that
    /// method is `@deprecated`: the operator is a use of it that names it nowhere.
    pub(crate) fn check_deprecated_dunder(&mut self, receiver: Type, name: &str, range: ruff_text_size::TextRange) {
        if !self.is_reporting() {
            return;
        }
        if let Some(method) = self.lookup_dunder(receiver, name) {
            self.check_deprecated_use(method, range);
        }
    }

    /// Warns at `range` when reading attribute `name` of `value` runs a `@deprecated` property
    /// getter: the read yields the getter's result, so the function itself is never seen.
    pub(crate) fn check_deprecated_property(&mut self, value: Type, name: &str, range: ruff_text_size::TextRange) {
        if !self.is_reporting() {
            return;
        }
        let db = self.db;
        let TypeKind::Instance(instance) = db.kind(value) else {
            return;
        };
        let Some(owner) = db.class_member_owner(instance, name) else {
            return;
        };
        let Some(raw) = db.own_class_member(owner.class, name) else {
            return;
        };
        let TypeKind::Function(getter) = db.kind(raw) else {
            return;
        };
        if !db.function_flags(getter.id).property {
            return;
        }
        if let Some(reason) = db.deprecation_reason(getter.id.file, getter.id.definition) {
            let what = format!("The property `{}.{name}`", db.class_name(owner.class));
            self.report(
                range,
                awaitype_diagnostics::Rule::Deprecated,
                with_reason(what, &reason),
            );
        }
    }
}

impl Inferrer<'_> {
    /// Warns at `range` when assigning attribute `name` of `value` runs a `@deprecated` property
    /// setter (`@x.setter` then `@deprecated(...)`): the assignment is a use of the setter.
    pub(crate) fn check_deprecated_setter(&mut self, value: Type, name: &str, range: ruff_text_size::TextRange) {
        if !self.is_reporting() {
            return;
        }
        let db = self.db;
        let TypeKind::Instance(instance) = db.kind(value) else {
            return;
        };
        let Some(owner) = db.class_member_owner(instance, name) else {
            return;
        };
        let info = db.class_info(owner.class);
        let Some(scope) = db.class_body_scope(owner.class, &info) else {
            return;
        };
        let index = db.index(owner.class.file);
        let scope_data = index.scope(scope);
        let Some(symbol) = scope_data.symbol(name) else {
            return;
        };
        let setter = scope_data.all_definitions[symbol.index()].iter().find(|definition| {
            let DefinitionKind::Function(node) = index.definition(**definition).kind else {
                return false;
            };
            node.decorator_list.iter().any(|decorator| {
                matches!(&decorator.expression, Expr::Attribute(attribute)
                    if attribute.attr.as_str() == "setter"
                        && matches!(&*attribute.value, Expr::Name(property) if property.id.as_str() == name))
            })
        });
        let Some(setter) = setter else {
            return;
        };
        if let Some(reason) = db.deprecation_reason(owner.class.file, *setter) {
            let what = format!("The setter of property `{}.{name}`", db.class_name(owner.class));
            self.report(
                range,
                awaitype_diagnostics::Rule::Deprecated,
                with_reason(what, &reason),
            );
        }
    }
}

fn with_reason(what: String, reason: &str) -> String {
    if reason.is_empty() {
        format!("{what} is deprecated")
    } else {
        format!("{what} is deprecated: {reason}")
    }
}

/// `@deprecated("reason")`: a call of the `deprecated` class of `warnings` or `typing_extensions`.
fn deprecated_decorator_reason(db: &Db, inferrer: &mut Inferrer<'_>, decorator: &'static Expr) -> Option<Arc<str>> {
    let Expr::Call(call) = decorator else { return None };
    let callee = inferrer.infer_expression(&call.func);
    let TypeKind::ClassLiteral(class) = db.kind(callee) else {
        return None;
    };
    let module = db.file_data(class.class.file).module.as_ref()?.as_str().to_string();
    if db.class_name(class.class).as_str() != "deprecated"
        || !matches!(module.as_str(), "warnings" | "typing_extensions")
    {
        return None;
    }
    let reason = match call.arguments.args.first() {
        Some(Expr::StringLiteral(literal)) => literal.value.to_str().to_string(),
        _ => String::new(),
    };
    Some(reason.into())
}
