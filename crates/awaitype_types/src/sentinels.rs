//! PEP 661 sentinels: `MISSING = sentinel("MISSING")` (`typing_extensions.Sentinel`) at module
//! level or in a class body makes a unique object whose name is also a type holding only that
//! object, so `int | MISSING` is a valid annotation and `x is MISSING` narrows it. The type is
//! `TypeKind::Sentinel`, identified by the assignment; as an object it is an instance of the
//! `sentinel` class it was made by.

use awaitype_semantic::{DefinitionId, DefinitionKind, ScopeKind};
use ruff_python_ast::Expr;

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::ty::{ClassId, ClassType, Type, TypeKind};

/// The sentinel made by `value`, assigned by `definition`, when it is a call of the `sentinel`
/// class of `typing_extensions` (or `builtins`) in a module or class body not nested in a
/// function: only there is the name a type.
pub(crate) fn sentinel_assignment(
    db: &Db,
    inferrer: &mut Inferrer<'_>,
    file: FileId,
    definition: DefinitionId,
    value: &'static Expr,
) -> Option<Type> {
    let Expr::Call(call) = value else { return None };
    if !matches!(&*call.func, Expr::Name(_) | Expr::Attribute(_)) || !in_static_scope(db, file, definition) {
        return None;
    }
    let callee = inferrer.infer_expression(&call.func);
    let TypeKind::ClassLiteral(class) = db.kind(callee) else {
        return None;
    };
    let module = db.file_data(class.class.file).module.as_ref()?.as_str().to_string();
    if db.class_name(class.class).as_str() != "sentinel" || !matches!(module.as_str(), "typing_extensions" | "builtins")
    {
        return None;
    }
    Some(db.intern(TypeKind::Sentinel {
        file,
        definition,
        class: class.class,
    }))
}

/// Whether a definition is in the module's scope or in class bodies directly inside it.
fn in_static_scope(db: &Db, file: FileId, definition: DefinitionId) -> bool {
    let index = db.index(file);
    let mut scope = Some(index.definition(definition).scope);
    while let Some(id) = scope {
        let data = index.scope(id);
        match data.kind {
            ScopeKind::Module => return true,
            ScopeKind::Class(_) => scope = data.parent,
            _ => return false,
        }
    }
    false
}

impl Db {
    /// The name a sentinel's type is written with: the name it is assigned to.
    pub fn sentinel_name(&self, file: FileId, definition: DefinitionId) -> String {
        match self.index(file).definition(definition).kind {
            DefinitionKind::Assignment { name, .. } => name.id.to_string(),
            _ => "sentinel".to_string(),
        }
    }

    /// A sentinel as an object: an instance of the class that made it.
    pub(crate) fn sentinel_instance(&self, class: ClassId) -> Type {
        self.intern(TypeKind::Instance(ClassType::plain(class)))
    }
}
