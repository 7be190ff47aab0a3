//! When one TypedDict type is assignable to another, and to `Mapping[str, V]` / `dict[str, V]`
//! (PEP 589, PEP 705's `ReadOnly`, PEP 728's extra items).
//!
//! TypedDicts are structural. Every key of the target must be allowed by the source: a key the
//! target can write must be writable in the source with the same type and requiredness (types
//! match both ways); a read-only key of the target only needs a source value that fits, and a
//! key the target requires must be required in the source. A key the source does not declare is
//! covered by the source's extra items, which every TypedDict has (an open one has
//! `ReadOnly[object]` ones).
//!
//! When the target limits its extra keys (closed, or `extra_items=T`), the source's own keys
//! that the target does not declare, and the source's extra items, must fit the target's extra
//! items the same way: read-only extra items only need values that fit; writable ones need the
//! same type, writable, and never required.

use crate::db::Db;
use crate::ty::{ClassType, Type};
use crate::typed_dict_extra_items::ExtraItems;

/// One item as seen by the relation: its value type, whether it may be missing, and whether it
/// is read-only.
#[derive(Clone, Copy)]
struct Item {
    ty: Type,
    optional: bool,
    read_only: bool,
}

/// Whether `have` (a source item) may stand for `want` (a target item).
fn item_fits(have: Item, want: Item, assignable: &mut dyn FnMut(Type, Type) -> bool) -> bool {
    if !assignable(have.ty, want.ty) {
        return false;
    }
    if want.read_only {
        want.optional || !have.optional
    } else {
        !have.read_only && have.optional == want.optional && assignable(want.ty, have.ty)
    }
}

/// Whether the TypedDict `from` is assignable to the TypedDict `to`.
pub(crate) fn typed_dict_assignable(
    db: &Db,
    from: &ClassType,
    to: &ClassType,
    assignable: &mut dyn FnMut(Type, Type) -> bool,
) -> bool {
    let from_keys = db.typed_dict_keys(from);
    let to_keys = db.typed_dict_keys(to);
    let (from_extra_ty, from_extra_read_only) = db.typed_dict_extra_items(from).as_items(db);
    let from_extra = Item {
        ty: from_extra_ty,
        optional: true,
        read_only: from_extra_read_only,
    };
    let keys_fit = to_keys.iter().all(|key| {
        let want = Item {
            ty: key.ty,
            optional: key.optional,
            read_only: key.read_only,
        };
        match from_keys.iter().find(|have| have.name == key.name) {
            Some(have) => item_fits(
                Item {
                    ty: have.ty,
                    optional: have.optional,
                    read_only: have.read_only,
                },
                want,
                assignable,
            ),
            // The source's extra items may hold the key, or leave it out.
            None => !from_extra_ty.is_never() && item_fits(from_extra, want, assignable),
        }
    });
    if !keys_fit {
        return false;
    }
    let ExtraItems::Items(to_extra_ty, to_extra_read_only) = db.typed_dict_extra_items(to) else {
        return true;
    };
    let want = Item {
        ty: to_extra_ty,
        optional: true,
        read_only: to_extra_read_only,
    };
    let own_fit = from_keys
        .iter()
        .filter(|have| !to_keys.iter().any(|key| key.name == have.name))
        .all(|have| {
            item_fits(
                Item {
                    ty: have.ty,
                    optional: have.optional,
                    read_only: have.read_only,
                },
                want,
                assignable,
            )
        });
    own_fit && (from_extra_ty.is_never() || item_fits(from_extra, want, assignable))
}

/// Whether the TypedDict `from` is assignable to `Mapping[str, value]` (when `mutable` is false)
/// or `dict[str, value]` (when true), which needs known extra items: every value, declared or
/// extra, must fit `value`; a `dict` can also be written and cleared, so every item must be
/// writable, never required, and of exactly the type `value`. `None` when the TypedDict's
/// extra items are not limited: the stubs' `Mapping[str, object]` then decides.
pub(crate) fn typed_dict_as_mapping(
    db: &Db,
    from: &ClassType,
    value: Type,
    mutable: bool,
    assignable: &mut dyn FnMut(Type, Type) -> bool,
) -> Option<bool> {
    let ExtraItems::Items(extra_ty, extra_read_only) = db.typed_dict_extra_items(from) else {
        return None;
    };
    let items = db
        .typed_dict_keys(from)
        .into_iter()
        .map(|key| Item {
            ty: key.ty,
            optional: key.optional,
            read_only: key.read_only,
        })
        .chain((!extra_ty.is_never()).then_some(Item {
            ty: extra_ty,
            optional: true,
            read_only: extra_read_only,
        }))
        .collect::<Vec<_>>();
    if mutable && extra_ty.is_never() {
        return Some(false);
    }
    Some(items.iter().all(|item| {
        assignable(item.ty, value) && (!mutable || (!item.read_only && item.optional && assignable(value, item.ty)))
    }))
}

/// The mapping views a TypedDict with limited extra items has (PEP 728): `Mapping[str, V]`,
/// where `V` joins the types of all its values, declared and extra, and `dict[str, V]` too when
/// it is assignable to that (every item writable and never required). `None` for a TypedDict
/// whose extra keys are not limited: the stubs' `Mapping[str, object]` describes it.
pub(crate) fn typed_dict_mapping_views(db: &Db, instance: &ClassType) -> Option<(ClassType, Option<ClassType>)> {
    let ExtraItems::Items(extra, _) = db.typed_dict_extra_items(instance) else {
        return None;
    };
    let values = db
        .typed_dict_keys(instance)
        .into_iter()
        .map(|key| key.ty)
        .chain((!extra.is_never()).then_some(extra));
    let value = crate::relation::union(db, values);
    let str_type = db.known_instance("builtins", "str", &[]);
    let mapping = ClassType {
        class: db.known_class("typing", "Mapping")?,
        args: vec![str_type, value].into(),
    };
    let dict = db.known_class("builtins", "dict").map(|class| ClassType {
        class,
        args: vec![str_type, value].into(),
    });
    let dict = dict.filter(|_| {
        typed_dict_as_mapping(db, instance, value, true, &mut |from, to| {
            crate::relation::is_assignable(db, from, to)
        }) == Some(true)
    });
    Some((mapping, dict))
}
