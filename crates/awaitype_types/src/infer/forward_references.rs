//! Names inside a string annotation written in a class body. Such an annotation is a forward
//! reference evaluated against the class's final bindings, which can make it mean something its
//! author could not have meant:
//!
//! - the member being declared: `str: "str" = ""` declares a `str` member, and its annotation
//!   cannot refer to that member itself (it would have to know its own type first), so the name
//!   is looked up in the enclosing scopes instead. A name that only the member itself binds
//!   (`Loop: "Loop"`) is then undefined, and reported;
//! - a method: `def int(self)` is never a type, so `"int"` means the enclosing `int`.

use awaitype_semantic::{DefinitionKind, ScopeKind};
use ruff_text_size::{Ranged, TextRange};

use super::names::Lookup;
use crate::infer::Inferrer;
use crate::ty::TypeKind;

impl Inferrer<'_> {
    /// Looks up `name` inside the string annotation at `annotation`, written in a class body.
    pub(super) fn lookup_in_class_forward_reference(&mut self, name: &str, annotation: TextRange) -> Lookup {
        let index = self.index;
        let scope = self.scope;
        let data = index.scope(scope);
        let Some(symbol) = data.symbol(name) else {
            return self.lookup_public(scope, name);
        };
        let declares_itself = data.all_definitions[symbol.index()].iter().any(|definition| {
            matches!(index.definition(*definition).kind,
                DefinitionKind::AnnotatedAssignment(assignment)
                    if assignment.annotation.range().contains_range(annotation))
        });
        if declares_itself {
            return self.lookup_enclosing(scope, name);
        }
        match self.lookup_public(scope, name) {
            Lookup::Found(ty) | Lookup::PossiblyUnbound(ty)
                if matches!(self.db.kind(ty), TypeKind::Function(_) | TypeKind::Overloaded(_)) =>
            {
                self.lookup_enclosing(scope, name)
            }
            found => found,
        }
    }

    /// Whether names are being looked up in a string annotation written in a class body, and
    /// where that string is.
    pub(super) fn class_forward_reference(&self) -> Option<TextRange> {
        let annotation = self.string_annotation_range?;
        matches!(self.index.scope(self.scope).kind, ScopeKind::Class(_)).then_some(annotation)
    }
}
