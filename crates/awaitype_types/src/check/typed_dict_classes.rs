//! `invalid-typed-dict`: what the typing spec forbids in a TypedDict class statement. Its body
//! declares keys and nothing else (no methods), its keywords are only `total` (and PEP 728's
//! `closed` and `extra_items`), never `metaclass`, and its bases are TypedDicts (or `Generic`).
//! A key a base already has may be redeclared only compatibly: a mutable key keeps its exact
//! type, its requiredness and its mutability; a read-only key may become a subtype, mutable, or
//! required, but a required one stays required. Two bases that bring the same key must agree the
//! same way, or the class cannot be a subtype of both.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, Stmt, StmtClassDef};
use ruff_text_size::{Ranged, TextRange};

use crate::db::Db;
use crate::functional_class::FunctionalField;
use crate::infer::TypeDiagnostic;
use crate::relation::is_assignable;
use crate::ty::ClassId;

/// The class keywords a TypedDict accepts.
const TYPED_DICT_KEYWORDS: [&str; 3] = ["total", "closed", "extra_items"];

pub(super) fn check_typed_dict_class(db: &Db, class: ClassId, node: &'static StmtClassDef) -> Vec<TypeDiagnostic> {
    let mut diagnostics = Vec::new();
    if !db.is_typed_dict(class) {
        return diagnostics;
    }
    let mut report = |range: TextRange, message: String| {
        diagnostics.push(TypeDiagnostic {
            range,
            rule: Rule::InvalidTypedDict,
            message,
        });
    };
    for stmt in &node.body {
        if let Stmt::FunctionDef(function) = stmt {
            report(
                function.name.range(),
                format!(
                    "TypedDict `{}` cannot define method `{}`: a TypedDict body declares only keys",
                    node.name, function.name
                ),
            );
        }
    }
    if let Some(arguments) = node.arguments.as_deref() {
        for keyword in &arguments.keywords {
            let Some(name) = &keyword.arg else { continue };
            if !TYPED_DICT_KEYWORDS.contains(&name.as_str()) {
                report(
                    keyword.range(),
                    format!(
                        "TypedDict `{}` does not accept the class keyword `{name}`: only `total`, `closed` and `extra_items` are allowed",
                        node.name
                    ),
                );
            }
        }
    }
    let info = db.class_info(class);
    if info.has_dynamic_base {
        return diagnostics;
    }
    for base in &info.bases {
        if !db.is_typed_dict(base.class) && !is_allowed_plain_base(db, base.class) {
            report(
                node.name.range(),
                format!(
                    "TypedDict `{}` cannot inherit from `{}`, which is not a TypedDict: a TypedDict's bases must be TypedDicts or `Generic`",
                    node.name,
                    db.class_name(base.class)
                ),
            );
        }
    }
    for (range, message) in key_conflicts(db, class, node) {
        report(range, message);
    }
    diagnostics
}

/// `typing._TypedDict` (what `TypedDict` itself becomes as a base) and `Generic`.
fn is_allowed_plain_base(db: &Db, class: ClassId) -> bool {
    [
        ("typing", "_TypedDict"),
        ("typing", "Generic"),
        ("typing_extensions", "_TypedDict"),
    ]
    .iter()
    .any(|(module, name)| db.known_class(module, name) == Some(class))
}

/// The keys the class redeclares incompatibly with a base (reported on the declaration), and the
/// keys two bases bring incompatibly (reported on the class name).
fn key_conflicts(db: &Db, class: ClassId, node: &'static StmtClassDef) -> Vec<(TextRange, String)> {
    let info = db.class_info(class);
    let typed_dict_bases: Vec<_> = info.bases.iter().filter(|base| db.is_typed_dict(base.class)).collect();
    if typed_dict_bases.is_empty() {
        return Vec::new();
    }
    let own = db.own_typed_dict_keys(class);
    let declarations = crate::dataclass::field_declarations(db, class.file, &node.body);
    let mut conflicts = Vec::new();
    for key in own.iter() {
        let range = declarations
            .iter()
            .find(|ann| matches!(&*ann.target, Expr::Name(name) if name.id == key.name))
            .map_or(node.name.range(), |ann| ann.range());
        for base in &typed_dict_bases {
            let base_keys = db.typed_dict_keys(base);
            if let Some(inherited) = base_keys.iter().find(|inherited| inherited.name == key.name)
                && let Some(reason) = incompatibility(db, key, inherited)
            {
                conflicts.push((
                    range,
                    format!(
                        "TypedDict `{}` cannot redeclare key \"{}\" of `{}`: {reason}",
                        node.name,
                        key.name,
                        db.class_name(base.class)
                    ),
                ));
            }
        }
    }
    // Keys the class does not declare itself: the one it ends up with must fit every base.
    let merged = db.typed_dict_keys(&crate::ty::ClassType::plain(class));
    for key in merged.iter().filter(|key| own.iter().all(|own| own.name != key.name)) {
        for base in &typed_dict_bases {
            let base_keys = db.typed_dict_keys(base);
            if let Some(inherited) = base_keys.iter().find(|inherited| inherited.name == key.name)
                && let Some(reason) = incompatibility(db, key, inherited)
            {
                conflicts.push((
                    node.name.range(),
                    format!(
                        "TypedDict `{}` inherits key \"{}\" incompatibly from its bases: for `{}`, {reason}",
                        node.name,
                        key.name,
                        db.class_name(base.class)
                    ),
                ));
            }
        }
    }
    conflicts
}

/// Why `key` cannot stand for `inherited` (the same key of a base), if it cannot.
fn incompatibility(db: &Db, key: &FunctionalField, inherited: &FunctionalField) -> Option<String> {
    if inherited.read_only {
        if !is_assignable(db, key.ty, inherited.ty) {
            return Some(format!(
                "its type `{}` is not assignable to the read-only `{}`",
                crate::display::display(db, key.ty),
                crate::display::display(db, inherited.ty)
            ));
        }
        if key.optional && !inherited.optional {
            return Some("a required key cannot become `NotRequired`".to_string());
        }
        return None;
    }
    if key.read_only {
        return Some("a mutable key cannot become `ReadOnly`".to_string());
    }
    if !(is_assignable(db, key.ty, inherited.ty) && is_assignable(db, inherited.ty, key.ty)) {
        return Some(format!(
            "its type `{}` differs from `{}` (a mutable key keeps its type)",
            crate::display::display(db, key.ty),
            crate::display::display(db, inherited.ty)
        ));
    }
    if key.optional != inherited.optional {
        let (was, now) = if inherited.optional {
            ("`NotRequired`", "required")
        } else {
            ("required", "`NotRequired`")
        };
        return Some(format!("a mutable key that is {was} cannot become {now}"));
    }
    None
}
