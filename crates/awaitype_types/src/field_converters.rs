//! Field specifier converters (the typing spec's `converter=` parameter of a
//! `dataclass_transform` field specifier). A field `x: int = field(converter=parse)` is stored as
//! `int`, but `__init__` and assignments take what `parse` accepts: the type of its first
//! positional parameter. An overloaded converter (or a class with an overloaded constructor)
//! accepts what any of its overloads accepts.

use ruff_python_ast::{Expr, ExprCall};

use crate::db::Db;
use crate::relation::union;
use crate::ty::{ClassId, ParameterKind, Signature, Type, TypeKind};

impl Db {
    /// What a converter accepts: the union, over its signatures, of the first positional
    /// parameter's type (or of `*args`' element type). `None` when it has no usable signature.
    pub(crate) fn converter_input_type(&self, converter: Type) -> Option<Type> {
        let candidates: Vec<Signature> = match self.kind(converter) {
            TypeKind::Overloaded(items) => items
                .iter()
                .filter_map(|item| crate::infer::callable_value_signature(self, *item))
                .collect(),
            TypeKind::ClassLiteral(class) => match crate::infer::constructor_overloads(self, class) {
                Some(items) => items
                    .iter()
                    .filter_map(|item| crate::infer::callable_value_signature(self, *item))
                    .collect(),
                None => crate::infer::callable_value_signature(self, converter)
                    .into_iter()
                    .collect(),
            },
            _ => crate::infer::callable_value_signature(self, converter)
                .into_iter()
                .collect(),
        };
        let inputs: Vec<Type> = candidates
            .iter()
            .filter(|signature| !signature.gradual)
            .filter_map(|signature| {
                let first = signature.parameters.iter().find(|p| {
                    matches!(
                        p.kind,
                        ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword | ParameterKind::VarArgs
                    )
                })?;
                Some(crate::infer::erase_typevars(self, first.ty))
            })
            .collect();
        (!inputs.is_empty()).then(|| union(self, inputs))
    }

    /// What assigning the field `name` of the dataclass-like `class` (or a base) takes, when a
    /// field specifier gave it a converter.
    pub(crate) fn field_converter_input(&self, class: &crate::ty::ClassType, name: &str) -> Option<Type> {
        for entry in self.mro_of(class) {
            // Only dataclass-like classes have field specifiers (a memoized question).
            if !self.is_dataclass(entry.class) {
                continue;
            }
            let Some(call) = self.field_specifier_call(entry.class, name) else {
                continue;
            };
            let converter = call.arguments.find_keyword("converter")?;
            let scope = self.class_body_scope(entry.class, &self.class_info(entry.class))?;
            let ty = crate::infer::Inferrer::silent(self, entry.class.file, scope).infer_expression(&converter.value);
            return self.converter_input_type(ty);
        }
        None
    }

    /// The field specifier call with a `converter=` that a dataclass-like class's own field
    /// `name` is assigned, if any.
    fn field_specifier_call(&self, class: ClassId, name: &str) -> Option<&'static ExprCall> {
        let info = self.class_info(class);
        let node = self.class_statement(class, &info)?;
        let declaration = crate::dataclass::field_declarations(self, class.file, &node.body)
            .into_iter()
            .find(|ann| matches!(&*ann.target, Expr::Name(target) if target.id.as_str() == name))?;
        let Some(Expr::Call(call)) = declaration.value.as_deref() else {
            return None;
        };
        (call.arguments.find_keyword("converter").is_some() && self.is_field_specifier_call(class, call))
            .then_some(call)
    }
}
