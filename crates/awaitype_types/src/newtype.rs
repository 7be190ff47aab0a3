//! `N = NewType("N", base)`: a distinct type that is a subtype of `base`. Values of it behave
//! like values of the base (attributes, operators) but a plain base value is not an `N`; the
//! only way to make one is to call `N(value)`.

use awaitype_semantic::{DefinitionId, DefinitionKind};
use ruff_python_ast::Expr;

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::ty::{Parameter, ParameterKind, Signature, Type, TypeKind};

impl Db {
    /// The base type named by the second argument of the `NewType(...)` call.
    pub fn newtype_base(&self, file: FileId, definition: DefinitionId) -> Type {
        let index = self.index(file);
        let def = index.definition(definition);
        let DefinitionKind::Assignment { value, .. } = def.kind else {
            return Type::UNKNOWN;
        };
        let Expr::Call(call) = value else {
            return Type::UNKNOWN;
        };
        let Some(base) = call.arguments.args.get(1) else {
            return Type::UNKNOWN;
        };
        Inferrer::silent(self, file, def.scope).type_expression(base)
    }

    /// The name given as the first argument of the `NewType(...)` call.
    pub fn newtype_name(&self, file: FileId, definition: DefinitionId) -> String {
        let index = self.index(file);
        if let DefinitionKind::Assignment {
            value: Expr::Call(call),
            ..
        } = index.definition(definition).kind
            && let Some(Expr::StringLiteral(name)) = call.arguments.args.first()
        {
            return name.value.to_str().to_string();
        }
        "NewType".to_string()
    }

    /// Calling `N(value)`: takes one positional value of the base type and returns an `N`.
    pub fn newtype_constructor(&self, file: FileId, definition: DefinitionId) -> Signature {
        Signature {
            parameters: vec![Parameter {
                name: Some(ruff_python_ast::name::Name::new_static("item")),
                kind: ParameterKind::PositionalOnly,
                ty: self.newtype_base(file, definition),
                annotated: true,
                has_default: false,
            }],
            return_type: self.intern(TypeKind::NewTypeInstance { file, definition }),
            gradual: false,
            param_spec: None,
        }
    }
}
