//! `invalid-method-override`: a method redefined in a subclass must be usable wherever the base
//! class's method is (Liskov): it must accept every call the base method accepts and return
//! something the base method's callers can use. The most common async mistake is a special case
//! of this: an `async def` overriding a synchronous method (or the reverse) returns a coroutine
//! where callers expect a value, so it gets a message of its own.
//!
//! Constructors (`__init__`, `__new__`, ...) are exempt, as the typing spec says, unless marked
//! `@override` (which asks for the comparison), and so are
//! private (name-mangled) methods, overloads, properties and methods whose kind (static, class,
//! instance) differs from the base's, which are not compared signature by signature. Names of
//! positional parameters are not compared either: callers of methods pass those by position in
//! practice, and renaming them is common in the standard library.

use crate::relation::is_assignable;
use crate::{ClassId, Db, FileId, FunctionId, Signature, Type, TypeDiagnostic, TypeKind, typevars_of};
use awaitype_diagnostics::Rule;
use ruff_python_ast::{Stmt, StmtClassDef, StmtFunctionDef};

/// Methods that construct or initialize objects: their signatures may change freely.
const EXEMPT: &[&str] = &[
    "__init__",
    "__new__",
    "__init_subclass__",
    "__post_init__",
    "__class_getitem__",
];

pub(crate) fn check_method_overrides(db: &Db, file: FileId, class: &'static StmtClassDef) -> Vec<TypeDiagnostic> {
    let index = db.index(file);
    let mut diagnostics = Vec::new();
    let Some(definition) = index.definition_of_node(class) else {
        return diagnostics;
    };
    let Some(class_scope) = index.scope_of_node(class) else {
        return diagnostics;
    };
    let class_id = ClassId { file, definition };
    let info = db.class_info(class_id);
    if info.is_cyclic || info.has_dynamic_base {
        return diagnostics;
    }
    let self_type = db.class_self_type(class_id);
    let class_params: Vec<_> = self_type.args.iter().flat_map(|arg| typevars_of(db, *arg)).collect();
    let receiver = db.intern(TypeKind::Instance(self_type));
    for stmt in &class.body {
        let Stmt::FunctionDef(method) = stmt else { continue };
        if !index.is_reachable(stmt) || !index.swallow_conditions(stmt).is_empty() {
            continue;
        }
        let name = method.name.as_str();
        let Some(method_definition) = index.definition_of_node(method) else {
            continue;
        };
        let method_id = FunctionId {
            file,
            definition: method_definition,
        };
        // A constructor marked `@override` asks for the comparison it is otherwise exempt from.
        let exempt = EXEMPT.contains(&name) && !db.function_flags(method_id).override_;
        if exempt || (name.starts_with("__") && !name.ends_with("__")) {
            continue;
        }
        // Only the final definition of the name is the class's method.
        let Some(TypeKind::Function(function)) = db
            .public_symbol_type(file, class_scope, name)
            .map(|ty| db.kind(ty).clone())
        else {
            continue;
        };
        if function.id != method_id {
            continue;
        }
        let Some((base_class, base_function)) = overridden_method(db, &info.mro, name) else {
            continue;
        };
        // A function the base binds under another name (`encode = codecs.charmap_encode`) may be
        // a builtin, which does not bind to instances as the stub's `def` suggests.
        if db
            .function_node(base_function.id)
            .is_none_or(|node| node.name.as_str() != name)
        {
            continue;
        }
        let (flags, base_flags) = (db.function_flags(method_id), db.function_flags(base_function.id));
        if flags.property
            || base_flags.property
            || flags.staticmethod != base_flags.staticmethod
            || flags.classmethod != base_flags.classmethod
            || flags.overload
            || flags.has_other_decorators
            || base_flags.has_other_decorators
        {
            continue;
        }
        let signature = db.bound_signature(receiver, &function);
        let base_signature = db.bound_signature(receiver, &base_function);
        // Generic methods would have to be unified with each other first; only their async-ness
        // is compared.
        let generic = [&signature, &base_signature].iter().any(|signature| {
            let callable = db.intern(TypeKind::Callable(Box::new((*signature).clone())));
            typevars_of(db, callable).iter().any(|var| !class_params.contains(var))
        });
        if let Some(message) = incompatibility(db, method, &signature, &base_function, &base_signature, generic) {
            let owner = db.class_name(class_id);
            let base_owner = db.class_name(base_class);
            diagnostics.push(TypeDiagnostic {
                range: method.name.range,
                rule: Rule::InvalidMethodOverride,
                message: format!("Method `{owner}.{name}` overrides `{base_owner}.{name}` incompatibly: {message}"),
            });
        }
    }
    diagnostics
}

/// The nearest base class (in MRO order) defining `name` as a plain function, with the function
/// specialized to the subclass's view of that base.
fn overridden_method(db: &Db, mro: &[crate::ClassType], name: &str) -> Option<(ClassId, crate::FunctionType)> {
    for base in mro.iter().skip(1) {
        let Some(member) = db.own_class_member(base.class, name) else {
            continue;
        };
        let specialized = db.specialize_member(member, base);
        return match db.kind(specialized) {
            TypeKind::Function(function) => Some((base.class, function.clone())),
            _ => None,
        };
    }
    None
}

/// Why the override cannot stand in for the base method, if it cannot.
fn incompatibility(
    db: &Db,
    method: &StmtFunctionDef,
    signature: &Signature,
    base_function: &crate::FunctionType,
    base_signature: &Signature,
    generic: bool,
) -> Option<String> {
    let base_node = db.function_node(base_function.id)?;
    let show = |ty: Type| crate::display::display(db, ty);
    let returns_compatible = is_assignable(db, signature.return_type, base_signature.return_type);
    if !returns_compatible {
        if method.is_async && !base_node.is_async {
            return Some(format!(
                "it is `async def`, so it returns `{}`, but the overridden method is synchronous and returns `{}`; \
                 remove `async` or make the base method async too",
                show(signature.return_type),
                show(base_signature.return_type)
            ));
        }
        if !method.is_async && base_node.is_async {
            return Some(format!(
                "the overridden method is `async def` (it returns `{}`), but this one is synchronous and returns `{}`; \
                 did you mean `async def`?",
                show(base_signature.return_type),
                show(signature.return_type)
            ));
        }
        // An unannotated method's inferred return type is not a promise to callers.
        if method.returns.is_some() && base_node.returns.is_some() && !generic {
            return Some(format!(
                "return type `{}` is not assignable to `{}`",
                show(signature.return_type),
                show(base_signature.return_type)
            ));
        }
    }
    if !generic {
        let mut comparable = signature.clone();
        comparable.return_type = base_signature.return_type;
        let callable = db.intern(TypeKind::Callable(Box::new(comparable)));
        let base_callable = db.intern(TypeKind::Callable(Box::new(
            crate::signature_relation::ignoring_positional_names(base_signature),
        )));
        if !is_assignable(db, callable, base_callable) {
            return Some(format!(
                "its parameters `{}` do not accept every call that `{}` accepts",
                show_parameters(db, signature),
                show_parameters(db, base_signature)
            ));
        }
    }
    // Assignability of callables does not compare the names of positional-or-keyword
    // parameters; a caller of the base method may still use them. Dunder methods are left out:
    // the language calls them with positional arguments, and nobody writes `x.__eq__(other=y)`.
    let name = method.name.as_str();
    if name.starts_with("__") && name.ends_with("__") {
        return None;
    }
    dropped_keyword(signature, base_signature).map(|name| {
        format!(
            "callers may pass `{name}` by keyword to the overridden method, but this one has no parameter `{name}` \
             that accepts it; keep the parameter's name"
        )
    })
}

/// A parameter of the base method that a caller may pass by keyword and the override cannot
/// take by that keyword (it renamed it, made it positional-only or dropped it), if any. Names
/// in the historical positional-only style (`__x`) are positional by convention.
fn dropped_keyword(signature: &Signature, base_signature: &Signature) -> Option<ruff_python_ast::name::Name> {
    use crate::ty::ParameterKind::{KeywordOnly, KwArgs, PositionalOrKeyword};
    if signature.gradual || signature.parameters.iter().any(|parameter| parameter.kind == KwArgs) {
        return None;
    }
    base_signature
        .parameters
        .iter()
        .filter(|parameter| matches!(parameter.kind, PositionalOrKeyword | KeywordOnly))
        .filter_map(|parameter| parameter.name.as_ref())
        .find(|name| {
            !name.starts_with("__")
                && !signature.parameters.iter().any(|parameter| {
                    matches!(parameter.kind, PositionalOrKeyword | KeywordOnly)
                        && parameter.name.as_ref() == Some(*name)
                })
        })
        .cloned()
}

fn show_parameters(db: &Db, signature: &Signature) -> String {
    let shown = Signature {
        parameters: signature.parameters.clone(),
        return_type: Type::NONE,
        gradual: signature.gradual,
        param_spec: signature.param_spec,
    };
    let text = crate::display::display(db, db.intern(TypeKind::Callable(Box::new(shown))));
    // `(x: int) -> None`: only the parameter list is meant.
    text.rsplit_once(" -> ")
        .map_or(text.clone(), |(params, _)| params.to_string())
}
