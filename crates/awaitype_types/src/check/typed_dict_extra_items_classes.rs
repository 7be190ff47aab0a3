//! `invalid-typed-dict` for PEP 728's class keywords. `closed=` takes only `True` or `False`;
//! `extra_items=` takes a type, possibly `ReadOnly`, but not `Required`/`NotRequired` (extra keys
//! are never required). A subclass must stay assignable to its bases, so what a base says about
//! extra keys limits it:
//!
//! - a base that limits extra keys (closed or with `extra_items`) cannot be reopened with
//!   `closed=False`;
//! - writable extra items of a base keep their exact type: the subclass may not close them nor
//!   change their type; read-only ones may be narrowed (closing is narrowing them to `Never`);
//! - each key the subclass adds is an extra key of the base, so it must fit the base's extra
//!   items like a value of a subtype would (none may be added to a closed base).

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, StmtClassDef};
use ruff_text_size::{Ranged, TextRange};

use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::relation::is_assignable;
use crate::ty::{ClassId, ClassType, Type};
use crate::typed_dict_extra_items::ExtraItems;

pub(super) fn check_extra_items_keywords(db: &Db, class: ClassId, node: &'static StmtClassDef) -> Vec<TypeDiagnostic> {
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
    let keyword_range = |name: &str| {
        node.arguments
            .as_deref()
            .and_then(|arguments| arguments.find_keyword(name))
            .map_or(node.name.range(), Ranged::range)
    };
    let declared = db.declared_extra_items(class);
    if declared.closed_invalid {
        report(
            keyword_range("closed"),
            format!(
                "The `closed` argument of TypedDict `{}` must be `True` or `False`",
                node.name
            ),
        );
    }
    if declared.items_qualified {
        report(
            keyword_range("extra_items"),
            format!(
                "The `extra_items` of TypedDict `{}` cannot be `Required[...]` or `NotRequired[...]`: extra keys are never required",
                node.name
            ),
        );
    }
    let info = db.class_info(class);
    for base in info.bases.iter().filter(|base| db.is_typed_dict(base.class)) {
        let ExtraItems::Items(base_ty, base_read_only) = db.typed_dict_extra_items(base) else {
            continue;
        };
        let base_name = db.class_name(base.class);
        if declared.closed == Some(false) && declared.items.is_none() {
            report(
                keyword_range("closed"),
                format!(
                    "TypedDict `{}` cannot set `closed=False`: its base `{base_name}` limits its extra keys",
                    node.name
                ),
            );
        }
        let own_extra = match declared.items {
            Some((ty, read_only)) => Some((ty, read_only, "extra_items")),
            None if declared.closed == Some(true) => Some((Type::NEVER, false, "closed")),
            None => None,
        };
        if let Some((ty, read_only, keyword)) = own_extra {
            let fits = if base_read_only {
                is_assignable(db, ty, base_ty)
            } else {
                !read_only && is_assignable(db, ty, base_ty) && is_assignable(db, base_ty, ty)
            };
            if !fits {
                report(
                    keyword_range(keyword),
                    format!(
                        "TypedDict `{}` cannot change the extra items of its base `{base_name}` (`{}`){}",
                        node.name,
                        crate::display::display(db, base_ty),
                        if base_read_only {
                            ": they must become a subtype"
                        } else {
                            ": they are not read-only, so they keep their type"
                        }
                    ),
                );
            }
        }
        check_added_keys(db, class, node, base, (base_ty, base_read_only), &mut report);
    }
    diagnostics
}

/// Each key the class declares that `base` lacks must fit `base`'s extra items.
fn check_added_keys(
    db: &Db,
    class: ClassId,
    node: &'static StmtClassDef,
    base: &ClassType,
    (extra, read_only): (Type, bool),
    report: &mut impl FnMut(TextRange, String),
) {
    let base_keys = db.typed_dict_keys(base);
    let declarations = crate::dataclass::field_declarations(db, class.file, &node.body);
    for key in db.own_typed_dict_keys(class).iter() {
        if base_keys.iter().any(|inherited| inherited.name == key.name) {
            continue;
        }
        let fits = if extra.is_never() {
            false
        } else if read_only {
            is_assignable(db, key.ty, extra)
        } else {
            key.optional && !key.read_only && is_assignable(db, key.ty, extra) && is_assignable(db, extra, key.ty)
        };
        if fits {
            continue;
        }
        let range = declarations
            .iter()
            .find(|ann| matches!(&*ann.target, Expr::Name(name) if name.id == key.name))
            .map_or(node.name.range(), |ann| ann.range());
        let base_name = db.class_name(base.class);
        let reason = if extra.is_never() {
            format!("`{base_name}` is closed")
        } else if read_only {
            format!(
                "its type must be assignable to the extra items of `{base_name}` (`{}`)",
                crate::display::display(db, extra)
            )
        } else {
            format!(
                "the extra items of `{base_name}` are `{}`, so the key must be `NotRequired[{}]`",
                crate::display::display(db, extra),
                crate::display::display(db, extra)
            )
        };
        report(
            range,
            format!("TypedDict `{}` cannot add key \"{}\": {reason}", node.name, key.name),
        );
    }
}
