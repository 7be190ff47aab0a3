//! PEP 747 `TypeForm[T]`: the type of objects that spell a type expression. A value is one in
//! three ways: a class object (`int` spells `int`, `type[C]` spells `C`), an explicit
//! `TypeForm(expr)` call, or an expression written where a `TypeForm` is expected (an annotated
//! assignment, an argument), which is then evaluated as a type expression: `"list[int]"`,
//! `str | None`, `Annotated[int, ...]`. An expression that is not a valid type expression
//! (`1`, `tuple()`, a bare `Optional`, `ClassVar[int]`) keeps its value type, which is not a
//! type form.

use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::Ranged;

use awaitype_diagnostics::Rule;

use crate::db::Db;
use crate::infer::Inferrer;
use crate::relation::is_assignable;
use crate::ty::{SpecialForm, Type, TypeKind};

/// The type a value spells when it is used as a type form: `TypeForm[T]` spells `T`, the class
/// `C` (or `type[C]`) spells `C`; `None` for other values.
pub(crate) fn spelled_type(db: &Db, value: Type) -> Option<Type> {
    match db.kind(value) {
        TypeKind::TypeForm(form) => Some(*form),
        TypeKind::ClassLiteral(class) | TypeKind::SubclassOf(class) => {
            Some(db.intern(TypeKind::Instance(class.clone())))
        }
        TypeKind::SubclassOfTypeVar(var) => Some(db.intern(TypeKind::TypeVar(*var))),
        _ => None,
    }
}

/// `X | Y` of two different class objects (or `None`, or unions and generic aliases made
/// before) whose metaclass keeps `type.__or__`: at runtime a `types.UnionType`. Typeshed's `type.__or__` also allows its receiver's
/// class back, which only `int | int` gives.
pub(crate) fn runtime_union(db: &Db, left: Type, right: Type) -> Option<Type> {
    let union_type = db.known_class("types", "UnionType")?;
    let generic_alias = db.known_class("types", "GenericAlias");
    // A metaclass may define `|` itself; only `type`'s makes a union object.
    let type_class = db.known_class("builtins", "type");
    let plain_or = |class: crate::ty::ClassId| {
        db.class_info(class).metaclass.as_ref().is_none_or(|meta| {
            db.class_member_owner(meta, "__or__")
                .is_some_and(|owner| Some(owner.class) == type_class)
        })
    };
    let is_type_object = |ty: Type| match db.kind(ty) {
        TypeKind::ClassLiteral(class) => plain_or(class.class),
        TypeKind::None => true,
        TypeKind::Instance(instance) => instance.class == union_type || Some(instance.class) == generic_alias,
        _ => false,
    };
    if left == right || !is_type_object(left) || !is_type_object(right) {
        return None;
    }
    if !matches!(db.kind(left), TypeKind::ClassLiteral(_)) && !matches!(db.kind(right), TypeKind::ClassLiteral(_)) {
        return None;
    }
    Some(db.intern(TypeKind::Instance(crate::ty::ClassType::plain(union_type))))
}

/// Whether `expected` asks for a type form (is one, or has one as a union member).
fn expects_type_form(db: &Db, expected: Type) -> bool {
    match db.kind(expected) {
        TypeKind::TypeForm(_) => true,
        TypeKind::Union(members) => members.iter().any(|m| matches!(db.kind(*m), TypeKind::TypeForm(_))),
        _ => false,
    }
}

impl Inferrer<'_> {
    /// `expr` written where `expected` asks for a type form: when it is a valid type expression,
    /// the type form it spells (`expected` itself when that form fits it, so a declaration keeps
    /// its declared `TypeForm[...]`); `None` when no type form is expected or `expr` is not one.
    pub(crate) fn implicit_type_form(&mut self, expr: &'static Expr, expected: Type) -> Option<Type> {
        let db = self.db;
        if !expects_type_form(db, expected) {
            return None;
        }
        // The value of a subscripted qualifier is not modelled (it is `Unknown`), so the
        // qualifier is reported here rather than as a value that does not fit.
        if matches!(expr, Expr::Subscript(_)) && self.is_qualifier_form(expr) {
            self.report(
                expr.range(),
                Rule::InvalidTypeForm,
                "A type qualifier or special form such as `ClassVar[...]`, `Final[...]` or `Unpack[...]` is not a type expression, so it cannot be a `TypeForm`",
            );
            return Some(expected);
        }
        let spelled = self.quiet_type_form(expr)?;
        let form = db.intern(TypeKind::TypeForm(spelled));
        Some(if is_assignable(db, form, expected) {
            expected
        } else {
            form
        })
    }

    /// `expr` evaluated as a type expression without reporting, when it is a valid one.
    fn quiet_type_form(&mut self, expr: &'static Expr) -> Option<Type> {
        if !may_spell_type(expr) || self.is_qualifier_form(expr) {
            return None;
        }
        let outer = std::mem::take(&mut self.type_form_probe);
        let ty = self.quietly_if(true, |inferrer| inferrer.type_expression(expr));
        let valid = self.type_form_probe.invalid_forms == 0;
        self.type_form_probe = outer;
        valid.then_some(ty)
    }

    /// `TypeForm(expr)`: the argument must be a valid type expression (reported as one when it
    /// is not); the call gives the type form of what it spells.
    pub(crate) fn type_form_call(&mut self, call: &'static ExprCall) -> Type {
        let db = self.db;
        let [argument] = &call.arguments.args[..] else {
            self.report(
                call.range(),
                Rule::InvalidTypeForm,
                "`TypeForm(...)` takes exactly one argument: a type expression",
            );
            return Type::UNKNOWN;
        };
        if !call.arguments.keywords.is_empty() || !may_spell_type(argument) || self.is_qualifier_form(argument) {
            self.report(
                argument.range(),
                Rule::InvalidTypeForm,
                "The argument of `TypeForm(...)` must be a type expression, such as `int`, `str | None` or `\"list[int]\"`",
            );
            return Type::UNKNOWN;
        }
        let spelled = self.type_expression(argument);
        db.intern(TypeKind::TypeForm(spelled))
    }

    /// A type qualifier (`ClassVar[int]`, `Final`, `Required[...]`, `Unpack[...]`) or a special
    /// form that needs arguments (`Optional`, `Union`): valid in some annotations, but not a
    /// type expression of its own.
    fn is_qualifier_form(&mut self, expr: &'static Expr) -> bool {
        let (head, subscripted) = match expr {
            Expr::Subscript(subscript) => (&*subscript.value, true),
            Expr::Name(_) | Expr::Attribute(_) => (expr, false),
            _ => return false,
        };
        let head_type = self.quietly_if(true, |inferrer| inferrer.infer_expression(head));
        let TypeKind::SpecialForm(form) = self.db.kind(head_type) else {
            return false;
        };
        match form {
            SpecialForm::ClassVar
            | SpecialForm::Final
            | SpecialForm::Required
            | SpecialForm::NotRequired
            | SpecialForm::ReadOnly
            | SpecialForm::Unpack
            | SpecialForm::TypeAlias
            | SpecialForm::Generic
            | SpecialForm::Protocol
            | SpecialForm::Concatenate => true,
            SpecialForm::Optional | SpecialForm::Union | SpecialForm::Annotated => !subscripted,
            _ => false,
        }
    }
}

/// Expressions that may be type expressions at all: names, attributes, subscripts, `|` unions,
/// strings and `None`. Calls, numbers, tuples and the like never are.
fn may_spell_type(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) | Expr::StringLiteral(_) | Expr::NoneLiteral(_) => true,
        Expr::BinOp(binary) => {
            binary.op == ruff_python_ast::Operator::BitOr
                && may_spell_type(&binary.left)
                && may_spell_type(&binary.right)
        }
        _ => false,
    }
}
