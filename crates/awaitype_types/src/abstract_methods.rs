//! Abstract methods (`@abc.abstractmethod`): a class whose metaclass is `abc.ABCMeta` (any
//! subclass of `abc.ABC`, and every protocol) cannot be instantiated while some method one of its
//! classes declares abstract has no concrete definition further down its MRO. Calling such a
//! class fails at runtime with `TypeError`, so the call is reported
//! (`abstract-class-instantiation`, from `infer/call.rs`).

use std::sync::Arc;

use awaitype_semantic::DefinitionKind;
use ruff_python_ast::name::Name;
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};

use crate::db::{Db, DefinitionKey, TypeDb};
use crate::infer::Inferrer;
use crate::ty::{ClassId, TypeKind};

impl Db {
    /// The methods a class leaves abstract, in MRO order of the classes that declare them;
    /// empty unless the class's metaclass derives from `abc.ABCMeta` (otherwise
    /// `@abstractmethod` has no effect).
    pub(crate) fn abstract_methods(&self, class: ClassId) -> Arc<[Name]> {
        // Most classes are not abstract-capable: decided from their class info, without a memo
        // of their own (each memo is verified again after every edit).
        if !self.may_have_abstract_methods(class) {
            return Arc::from([]);
        }
        abstract_methods_query(self, self.definition_key(class.file, class.definition))
    }

    /// Whether `@abstractmethod` has an effect on the class: its metaclass derives from
    /// `abc.ABCMeta`, or it subclasses a protocol (whose metaclass does); never for a TypedDict
    /// (a `dict` at runtime) or a class with an unknown base.
    fn may_have_abstract_methods(&self, class: ClassId) -> bool {
        let info = self.class_info(class);
        if info.has_dynamic_base || info.is_typed_dict {
            return false;
        }
        let Some(abc_meta) = self.known_class("abc", "ABCMeta") else {
            return false;
        };
        info.metaclass
            .as_ref()
            .is_some_and(|metaclass| self.is_subclass(metaclass.class, abc_meta))
            || info.mro.iter().any(|entry| self.class_info(entry.class).is_protocol)
    }
}

#[salsa::tracked(returns(clone), cycle_fn = abstract_next_round, cycle_initial = none_abstract)]
fn abstract_methods_query<'db>(db: &'db dyn TypeDb, key: DefinitionKey<'db>) -> Arc<[Name]> {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| compute_abstract_methods(db, class).into())
}

fn none_abstract(_db: &dyn TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> Arc<[Name]> {
    Arc::from([])
}

fn abstract_next_round(
    _db: &dyn TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Arc<[Name]>,
    value: Arc<[Name]>,
    _key: DefinitionKey<'_>,
) -> Arc<[Name]> {
    crate::cycle::next_round(cycle, value, || Arc::from([]))
}

fn compute_abstract_methods(db: &Db, class: ClassId) -> Vec<Name> {
    let info = db.class_info(class);
    // From the most basic class down: a later (more derived) definition of a name decides.
    let mut abstract_names: Vec<Name> = Vec::new();
    for entry in info.mro.iter().rev() {
        let entry_info = db.class_info(entry.class);
        let Some(scope) = db.class_body_scope(entry.class, &entry_info) else {
            continue;
        };
        let index = db.index(entry.class.file);
        let body = index.scope(scope);
        // Protocols written in source leave unimplemented members abstract too (stubs have only
        // placeholder bodies, so this is not applied to them).
        let source_protocol = entry_info.is_protocol && !db.file_data(entry.class.file).is_stub();
        for (symbol, bindings) in body.symbols.iter().zip(&body.end_bindings) {
            if bindings.definitions.is_empty() {
                if source_protocol && symbol.flags.declared && !IGNORED_PROTOCOL_NAMES.contains(&symbol.name.as_str()) {
                    abstract_names.retain(|name| *name != symbol.name);
                    abstract_names.push(symbol.name.clone());
                }
                continue;
            }
            let abstract_here =
                bindings
                    .definitions
                    .iter()
                    .all(|definition| match index.definition(*definition).kind {
                        DefinitionKind::Function(node) => {
                            is_abstract(db, entry.class, node) || source_protocol && has_placeholder_body(node)
                        }
                        DefinitionKind::AnnotatedAssignment(ann) => {
                            source_protocol
                                && ann.value.is_none()
                                && !IGNORED_PROTOCOL_NAMES.contains(&symbol.name.as_str())
                        }
                        _ => false,
                    });
            abstract_names.retain(|name| *name != symbol.name);
            if abstract_here {
                abstract_names.push(symbol.name.clone());
            }
        }
        // Attributes assigned through `self` in the class's methods implement declared ones.
        for name in index.instance_attribute_names(scope) {
            abstract_names.retain(|abstract_name| abstract_name.as_str() != name);
        }
    }
    abstract_names
}

/// Names a protocol body may declare without making them members.
const IGNORED_PROTOCOL_NAMES: &[&str] = &["__slots__", "__doc__", "__module__", "__annotations__"];

/// A protocol method whose body is only a docstring, `...` or `pass` has no implementation: an
/// explicit subclass must provide one. (`raise` bodies are left alone: they may be deliberate.)
fn has_placeholder_body(node: &StmtFunctionDef) -> bool {
    node.body.iter().all(|stmt| match stmt {
        Stmt::Pass(_) => true,
        Stmt::Expr(expr) => matches!(&*expr.value, Expr::EllipsisLiteral(_) | Expr::StringLiteral(_)),
        _ => false,
    })
}

/// A method that `super().name(...)` would run although it has no implementation: an abstract
/// method of a protocol written in source whose body is only a placeholder (`...`, `pass`, a
/// docstring). Such a call runs the placeholder, so the subclass gets `None` back whatever the
/// declared return type says. Gives the protocol's name.
pub(crate) fn unimplemented_protocol_method(db: &Db, function: crate::ty::FunctionId) -> Option<Name> {
    if db.file_data(function.file).is_stub() {
        return None;
    }
    let class = db.defining_class(function)?;
    let node = db.function_node(function)?;
    let info = db.class_info(class);
    (info.is_protocol && has_placeholder_body(node) && is_abstract(db, class, node)).then(|| info.name.clone())
}

/// Whether a method is decorated with `abc.abstractmethod` (by the decorator's identity).
pub(crate) fn is_abstract(db: &Db, class: ClassId, node: &'static StmtFunctionDef) -> bool {
    if node.decorator_list.is_empty() {
        return false;
    }
    let scope = db.class_body_scope(class, &db.class_info(class));
    let Some(scope) = scope else { return false };
    let mut inferrer = Inferrer::silent(db, class.file, scope);
    node.decorator_list.iter().any(|decorator| {
        let expr: &'static Expr = &decorator.expression;
        let ty = inferrer.infer_expression(expr);
        matches!(db.kind(ty), TypeKind::Function(function)
            if db.file_data(function.id.file).module.as_ref().is_some_and(|m| m.as_str() == "abc")
                && db.function_node(function.id).is_some_and(|f| f.name.as_str() == "abstractmethod"))
    })
}
