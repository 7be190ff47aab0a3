//! The members of `Literal[...]` in a type expression: ints (with a unary sign), strings, bytes,
//! booleans, `None`, enum members (by attribute), and other `Literal` types or aliases of them;
//! anything else is an invalid type form with the reason.

use awaitype_diagnostics::Rule;
use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::infer::Inferrer;
use crate::ty::{KnownInstance, Type, TypeKind};

impl Inferrer<'_> {
    pub(super) fn literal_member(&mut self, expr: &'static Expr) -> Type {
        let db = self.db;
        match expr {
            Expr::NumberLiteral(number) => match &number.value {
                ruff_python_ast::Number::Int(int) => match int.as_i64() {
                    Some(value) => db.intern(TypeKind::IntLiteral(value)),
                    None => db.known_instance("builtins", "int", &[]),
                },
                _ => self.invalid_literal_member(expr, "a float or complex number has no literal type"),
            },
            // `Literal[-4]` and `Literal[+5]`: a signed integer is still a literal value.
            Expr::UnaryOp(unary)
                if matches!(
                    unary.op,
                    ruff_python_ast::UnaryOp::USub | ruff_python_ast::UnaryOp::UAdd
                ) && let Expr::NumberLiteral(number) = &*unary.operand
                    && let ruff_python_ast::Number::Int(int) = &number.value =>
            {
                match int.as_i64() {
                    Some(value) if unary.op == ruff_python_ast::UnaryOp::USub => {
                        db.intern(TypeKind::IntLiteral(-value))
                    }
                    Some(value) => db.intern(TypeKind::IntLiteral(value)),
                    None => db.known_instance("builtins", "int", &[]),
                }
            }
            Expr::StringLiteral(string) => db.intern(TypeKind::StrLiteral(string.value.to_str().into())),
            Expr::BytesLiteral(bytes) => {
                let value: Vec<u8> = bytes.value.bytes().collect();
                db.intern(TypeKind::BytesLiteral(value.into()))
            }
            Expr::BooleanLiteral(b) => db.intern(TypeKind::BoolLiteral(b.value)),
            Expr::NoneLiteral(_) => Type::NONE,
            Expr::Subscript(_) => {
                let ty = self.type_expression(expr);
                self.literal_types_only(ty, expr)
            }
            Expr::Attribute(attribute) if self.names_enum_member(attribute) => self.infer_expression(expr),
            // An alias of literal types (`Mode = Literal["r", "w"]`) may be nested.
            Expr::Attribute(_) | Expr::Name(_) => {
                if let Expr::Attribute(attribute) = expr
                    && let TypeKind::ClassLiteral(owner) = db.kind(self.infer_expression(&attribute.value))
                    && db.is_enum_non_member(owner.class, attribute.attr.as_str())
                {
                    let message = format!(
                        "`{}.{}` is not a member of enum `{}` (a method, property, `nonmember(...)` or private name), so it cannot be a `Literal` argument",
                        db.class_name(owner.class),
                        attribute.attr,
                        db.class_name(owner.class)
                    );
                    self.report(expr.range(), Rule::InvalidTypeForm, message);
                    return Type::UNKNOWN;
                }
                let value = self.infer_expression(expr);
                match db.kind(value) {
                    TypeKind::Unknown | TypeKind::KnownInstance(KnownInstance::TypeAlias { .. }) => {
                        let ty = self.value_as_type(value, expr);
                        self.literal_types_only(ty, expr)
                    }
                    _ => {
                        self.invalid_literal_member(expr, &format!("`{}` is not a literal value", self.display(value)))
                    }
                }
            }
            _ => self.invalid_literal_member(expr, "an expression is not a literal value"),
        }
    }

    /// Whether `Color.RED` names a member of an enum class (a valid `Literal` argument).
    fn names_enum_member(&mut self, attribute: &'static ruff_python_ast::ExprAttribute) -> bool {
        let owner = self.infer_expression(&attribute.value);
        match self.db.kind(owner) {
            TypeKind::ClassLiteral(class) => self.db.is_enum_member(class.class, attribute.attr.as_str()),
            _ => false,
        }
    }

    /// `ty`, when every member of it is a literal type (what a nested `Literal[...]` or an alias
    /// of one gives); otherwise reports that `expr` is not a valid `Literal` argument.
    fn literal_types_only(&mut self, ty: Type, expr: &'static Expr) -> Type {
        let db = self.db;
        let is_literal = |member: &Type| {
            matches!(
                db.kind(*member),
                TypeKind::IntLiteral(_)
                    | TypeKind::StrLiteral(_)
                    | TypeKind::BytesLiteral(_)
                    | TypeKind::BoolLiteral(_)
                    | TypeKind::EnumLiteral { .. }
                    | TypeKind::None
                    | TypeKind::Unknown
                    | TypeKind::Instance(_)
            ) && !matches!(db.kind(*member), TypeKind::Instance(class) if !db.is_enum_class(class.class))
        };
        let literal = match db.kind(ty) {
            TypeKind::Union(members) => members.iter().all(is_literal),
            _ => is_literal(&ty),
        };
        if literal {
            return ty;
        }
        self.invalid_literal_member(expr, &format!("`{}` is not a literal type", self.display(ty)))
    }

    pub(super) fn invalid_literal_member(&mut self, expr: &'static Expr, why: &str) -> Type {
        self.report(
            expr.range(),
            Rule::InvalidTypeForm,
            format!(
                "Type arguments for `Literal` must be literal values (ints, strings, bytes, booleans), enum members, `None` or other `Literal` types: {why}"
            ),
        );
        Type::UNKNOWN
    }
}
