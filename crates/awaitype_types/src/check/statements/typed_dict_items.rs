//! Writing and deleting TypedDict items in statements: `td[key] = value` checks the value
//! against the key's type (a read-only key cannot be written; an unknown key is `invalid-key`
//! unless extra items allow it), for a literal key or each member of a union of literal keys;
//! `del td[key]` needs a key that may be left out and is not read-only.

use super::*;

impl ScopeChecker<'_> {
    /// `del movie["year"]` with a literal key: the key must exist and may not be required (a
    /// TypedDict without a required key is no longer that TypedDict) nor read-only.
    pub(super) fn check_typed_dict_item_deletion(&mut self, subscript: &'static ruff_python_ast::ExprSubscript) {
        let db = self.db;
        let object = self.infer(&subscript.value);
        let index = self.infer(&subscript.slice);
        let (TypeKind::Instance(instance), TypeKind::StrLiteral(key)) =
            (db.kind(object).clone(), db.kind(index).clone())
        else {
            return;
        };
        if !db.is_typed_dict(instance.class) {
            return;
        }
        let keys = db.typed_dict_keys(&instance);
        let Some(field) = keys.iter().find(|field| field.name.as_str() == &*key) else {
            // Extra keys are never required; only read-only ones cannot be deleted.
            if let Some(extra) = db.typed_dict_extra_field(&instance, &key) {
                if extra.read_only {
                    let message = format!(
                        "Cannot delete key \"{key}\" of TypedDict `{}`: its extra items are read-only",
                        db.class_name(instance.class)
                    );
                    self.report(subscript.slice.range(), Rule::InvalidKey, message);
                }
                return;
            }
            let message = db.unknown_key_message(&instance, &key, &keys);
            self.report(subscript.slice.range(), Rule::InvalidKey, message);
            return;
        };
        let reason = if field.read_only {
            "read-only"
        } else if !field.optional {
            "required"
        } else {
            return;
        };
        let message = format!(
            "Key \"{key}\" of TypedDict `{}` is {reason} and cannot be deleted",
            db.class_name(instance.class)
        );
        self.report(subscript.range(), Rule::InvalidKey, message);
    }

    /// `movie["year"] = value` with a literal key: the key must exist and the value fit its type.
    /// Returns whether the target was such an item (and so is checked).
    pub(super) fn check_typed_dict_item_assignment(
        &mut self,
        object: Type,
        index: Type,
        value: Type,
        subscript: &'static ruff_python_ast::ExprSubscript,
        value_expr: &'static Expr,
    ) -> bool {
        let db = self.db;
        let TypeKind::Instance(instance) = db.kind(object).clone() else {
            return false;
        };
        if !db.is_typed_dict(instance.class) {
            return false;
        }
        // A literal key, or a union of them (a loop over a tuple of literal keys): each key
        // the index may be is written.
        let keys: Vec<ruff_python_ast::name::Name> = match db.kind(index) {
            TypeKind::StrLiteral(key) => vec![ruff_python_ast::name::Name::new(&**key)],
            TypeKind::Union(members) => {
                let literal = |member: &Type| match db.kind(*member) {
                    TypeKind::StrLiteral(key) => Some(ruff_python_ast::name::Name::new(&**key)),
                    _ => None,
                };
                match members.iter().map(literal).collect::<Option<Vec<_>>>() {
                    Some(keys) => keys,
                    None => return false,
                }
            }
            _ => return false,
        };
        for key in keys {
            self.check_typed_dict_key_assignment(&instance, &key, value, subscript, value_expr);
        }
        true
    }

    fn check_typed_dict_key_assignment(
        &mut self,
        instance: &crate::ClassType,
        key: &str,
        value: Type,
        subscript: &'static ruff_python_ast::ExprSubscript,
        value_expr: &'static Expr,
    ) {
        let db = self.db;
        let keys = db.typed_dict_keys(instance);
        // A key beyond the declared ones is an extra item, when extra items are allowed.
        let extra_field = db.typed_dict_extra_field(instance, key);
        let Some(field) = keys
            .iter()
            .find(|field| field.name.as_str() == key)
            .or(extra_field.as_ref())
        else {
            let message = db.unknown_key_message(instance, key, &keys);
            self.report(subscript.slice.range(), Rule::InvalidKey, message);
            return;
        };
        if field.read_only {
            let message = format!(
                "Key \"{key}\" of TypedDict `{}` is read-only and cannot be assigned to",
                db.class_name(instance.class)
            );
            self.report(subscript.range(), Rule::InvalidAssignment, message);
            return;
        }
        let value = self.value_in_context(value, value_expr, field.ty);
        if !is_assignable(db, value, field.ty) {
            let message = format!(
                "Object of type `{}` is not assignable to key \"{key}\" of TypedDict `{}` (of type `{}`)",
                self.display(value),
                db.class_name(instance.class),
                self.display(field.ty)
            );
            self.report(value_expr.range(), Rule::InvalidAssignment, message);
        }
    }
}
