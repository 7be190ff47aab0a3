//! How types are shown to users. The formats are a public contract (Markdown tests and other
//! tools match them): `int`, `list[int]`, `int | None`, `Literal[1]`, `<class 'C'>`,
//! `def f(x: int) -> int`, `bound method C.m() -> int`.

use std::fmt::Write;

use crate::db::Db;
use crate::ty::{KnownInstance, ParameterKind, Signature, SpecialForm, Type, TypeKind, TypeVarId};

pub fn display(db: &Db, ty: Type) -> String {
    let mut out = String::new();
    write_type(db, ty, &mut out, 0);
    out
}

/// The position of a class's `TypeVarTuple` parameter, whose argument is a packed tuple.
fn variadic_param_index(db: &Db, class: crate::ty::ClassId) -> Option<usize> {
    db.class_info(class)
        .type_params
        .iter()
        .position(|param| db.typevar(*param).kind == crate::typevar::TypeVarKind::TypeVarTuple)
}

/// A `TypeVarTuple`'s argument as written in the brackets: `Array[int, str]`, `Array[()]`,
/// `Array[*tuple[int, ...]]`.
fn write_packed_arguments(db: &Db, packed: Type, out: &mut String, depth: u32) {
    match db.kind(packed) {
        TypeKind::Tuple(elements) if elements.is_empty() => out.push_str("()"),
        TypeKind::Tuple(elements) => {
            for (i, element) in elements.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(db, *element, out, depth);
            }
        }
        TypeKind::Instance(_) => {
            out.push('*');
            write_type(db, packed, out, depth);
        }
        _ => write_type(db, packed, out, depth),
    }
}

/// The value of a `ParamSpec` type argument: `[int, str]`, `...`, `P` or `[int, P]`.
fn write_parameter_list(db: &Db, list: &crate::ty::Signature, out: &mut String, depth: u32) {
    if list.parameters.is_empty() && (list.gradual || list.param_spec.is_some()) {
        match list.param_spec {
            Some(var) => out.push_str(db.typevar(var).name.as_str()),
            None => out.push_str("..."),
        }
        return;
    }
    out.push('[');
    for (i, parameter) in list.parameters.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_type(db, parameter.ty, out, depth);
    }
    if let Some(var) = list.param_spec {
        out.push_str(", ");
        out.push_str(db.typevar(var).name.as_str());
    } else if list.gradual {
        out.push_str(", ...");
    }
    out.push(']');
}

fn write_type(db: &Db, ty: Type, out: &mut String, depth: u32) {
    if depth > 12 {
        out.push_str("...");
        return;
    }
    match db.kind(ty) {
        TypeKind::Unknown => out.push_str("Unknown"),
        TypeKind::Any => out.push_str("Any"),
        TypeKind::Never => out.push_str("Never"),
        TypeKind::LiteralString => out.push_str("LiteralString"),
        TypeKind::None => out.push_str("None"),
        TypeKind::Instance(ct) => {
            let name = db.class_name(ct.class);
            out.push_str(name.as_str());
            if !ct.args.is_empty() {
                out.push('[');
                let variadic_at = variadic_param_index(db, ct.class);
                let params = db.class_info(ct.class).type_params.clone();
                for (i, arg) in ct.args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if Some(i) == variadic_at {
                        write_packed_arguments(db, *arg, out, depth + 1);
                        continue;
                    }
                    let is_param_spec = params
                        .get(i)
                        .is_some_and(|param| db.typevar(*param).kind == crate::typevar::TypeVarKind::ParamSpec);
                    match db.kind(*arg) {
                        TypeKind::Callable(list) if is_param_spec => write_parameter_list(db, list, out, depth + 1),
                        _ => write_type(db, *arg, out, depth + 1),
                    }
                }
                if db.known_class("builtins", "tuple") == Some(ct.class) {
                    out.push_str(", ...");
                }
                out.push(']');
            }
        }
        TypeKind::ClassLiteral(ct) => {
            out.push_str("<class '");
            let instance = db.intern(TypeKind::Instance(ct.clone()));
            write_type(db, instance, out, depth + 1);
            out.push_str("'>");
        }
        TypeKind::SubclassOf(ct) => {
            out.push_str("type[");
            if db.none_type_class() == Some(ct.class) {
                // The class of `None` is spelled `type[None]` in annotations.
                out.push_str("None");
            } else {
                let instance = db.intern(TypeKind::Instance(ct.clone()));
                write_type(db, instance, out, depth + 1);
            }
            out.push(']');
        }
        TypeKind::SubclassOfTypeVar(var) => {
            let _ = write!(out, "type[{}]", db.typevar(*var).name);
        }
        TypeKind::Function(function) => {
            let name = db.function_node(function.id).map_or("<function>", |n| n.name.as_str());
            let signature = db.signature_of_function(function);
            let _ = write!(out, "def {name}");
            write_signature(db, &signature, out, depth);
        }
        TypeKind::BoundMethod { receiver, function } => {
            let owner = receiver_class_name(db, *receiver);
            match db.kind(*function) {
                TypeKind::Function(f) => {
                    let name = db.function_node(f.id).map_or("<method>", |n| n.name.as_str());
                    let signature = db.bound_signature(*receiver, f);
                    let _ = write!(out, "bound method {owner}.{name}");
                    write_signature(db, &signature, out, depth);
                }
                TypeKind::Overloaded(items) => {
                    out.push_str("Overload[");
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        let bound = db.intern(TypeKind::BoundMethod {
                            receiver: *receiver,
                            function: *item,
                        });
                        write_type(db, bound, out, depth + 1);
                    }
                    out.push(']');
                }
                _ => out.push_str("bound method"),
            }
        }
        TypeKind::Overloaded(items) => {
            out.push_str("Overload[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(db, *item, out, depth + 1);
            }
            out.push(']');
        }
        TypeKind::Callable(signature) => write_signature(db, signature, out, depth),
        TypeKind::Module(module) => {
            let _ = write!(out, "<module '{}'>", module.name);
        }
        TypeKind::NewTypeInstance { file, definition } => out.push_str(&db.newtype_name(*file, *definition)),
        TypeKind::AliasReference { file, definition, args } => {
            out.push_str(&crate::alias_reference::alias_name(db, *file, *definition));
            if !args.is_empty() {
                out.push('[');
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_type(db, *arg, out, depth + 1);
                }
                out.push(']');
            }
        }
        TypeKind::Sentinel { file, definition, .. } => out.push_str(&db.sentinel_name(*file, *definition)),
        TypeKind::TypeForm(form) => {
            out.push_str("TypeForm[");
            write_type(db, *form, out, depth + 1);
            out.push(']');
        }
        TypeKind::TypeGuard { guarded, type_is } => {
            out.push_str(if *type_is { "TypeIs[" } else { "TypeGuard[" });
            write_type(db, *guarded, out, depth + 1);
            out.push(']');
        }
        TypeKind::IntLiteral(_)
        | TypeKind::BoolLiteral(_)
        | TypeKind::StrLiteral(_)
        | TypeKind::BytesLiteral(_)
        | TypeKind::EnumLiteral { .. } => {
            out.push_str("Literal[");
            write_literal_value(db, ty, out);
            out.push(']');
        }
        TypeKind::Tuple(elements) => {
            out.push_str("tuple[");
            if elements.is_empty() {
                out.push_str("()");
            }
            for (i, element) in elements.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(db, *element, out, depth + 1);
            }
            out.push(']');
        }
        TypeKind::Unpacked(inner) => match db.kind(*inner) {
            // `*tuple[*Ts]` is `*Ts`.
            TypeKind::Tuple(elements) if matches!(elements[..], [only] if matches!(db.kind(only), TypeKind::Unpacked(_))) =>
            {
                write_type(db, elements[0], out, depth + 1);
            }
            _ => {
                out.push('*');
                write_type(db, *inner, out, depth + 1);
            }
        },
        TypeKind::Union(members) => {
            // Literals are grouped into one `Literal[...]` where the first of them appears.
            let mut first = true;
            let mut literals_written = false;
            for member in members.iter() {
                let is_literal = is_literal(db, *member);
                if is_literal && literals_written {
                    continue;
                }
                if !first {
                    out.push_str(" | ");
                }
                first = false;
                if is_literal {
                    literals_written = true;
                    out.push_str("Literal[");
                    let mut first_literal = true;
                    for literal in members.iter().filter(|m| is_literal_of(db, **m)) {
                        if !first_literal {
                            out.push_str(", ");
                        }
                        first_literal = false;
                        write_literal_value(db, *literal, out);
                    }
                    out.push(']');
                } else if matches!(
                    db.kind(*member),
                    TypeKind::Callable(_)
                        | TypeKind::Function(_)
                        | TypeKind::BoundMethod { .. }
                        | TypeKind::Overloaded(_)
                ) {
                    out.push('(');
                    write_type(db, *member, out, depth + 1);
                    out.push(')');
                } else {
                    write_type(db, *member, out, depth + 1);
                }
            }
        }
        TypeKind::TypeVar(var) => match var {
            TypeVarId::SelfOf(class) => {
                let _ = write!(out, "Self@{}", db.class_name(*class));
            }
            TypeVarId::Definition { .. } => out.push_str(db.typevar(*var).name.as_str()),
        },
        TypeKind::SpecialForm(form) => {
            let _ = write!(out, "<special form '{}'>", special_form_name(*form));
        }
        TypeKind::KnownInstance(instance) => match instance {
            KnownInstance::TypeVar(var) => {
                let _ = write!(out, "TypeVar({})", db.typevar(*var).name);
            }
            KnownInstance::TypeAlias { .. } => out.push_str("TypeAliasType"),
            KnownInstance::NewType { .. } => out.push_str("NewType"),
        },
    }
}

fn is_literal(db: &Db, ty: Type) -> bool {
    is_literal_of(db, ty)
}

fn is_literal_of(db: &Db, ty: Type) -> bool {
    matches!(
        db.kind(ty),
        TypeKind::IntLiteral(_)
            | TypeKind::BoolLiteral(_)
            | TypeKind::StrLiteral(_)
            | TypeKind::BytesLiteral(_)
            | TypeKind::EnumLiteral { .. }
    )
}

fn write_literal_value(db: &Db, ty: Type, out: &mut String) {
    match db.kind(ty) {
        TypeKind::IntLiteral(value) => {
            let _ = write!(out, "{value}");
        }
        TypeKind::BoolLiteral(value) => out.push_str(if *value { "True" } else { "False" }),
        TypeKind::StrLiteral(value) => {
            out.push('"');
            for c in value.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        TypeKind::BytesLiteral(value) => {
            out.push_str("b\"");
            for byte in value.iter() {
                if byte.is_ascii_graphic() && *byte != b'"' && *byte != b'\\' || *byte == b' ' {
                    out.push(char::from(*byte));
                } else {
                    let _ = write!(out, "\\x{byte:02x}");
                }
            }
            out.push('"');
        }
        TypeKind::EnumLiteral { class, member } => {
            let _ = write!(out, "{}.{member}", db.class_name(*class));
        }
        _ => {}
    }
}

fn write_signature(db: &Db, signature: &Signature, out: &mut String, depth: u32) {
    out.push('(');
    if signature.gradual && signature.parameters.is_empty() {
        out.push_str("...");
    } else {
        let mut first = true;
        let mut separator = |out: &mut String| {
            if !first {
                out.push_str(", ");
            }
            first = false;
        };
        let has_positional_only = signature
            .parameters
            .iter()
            .any(|p| p.kind == ParameterKind::PositionalOnly && p.name.is_some());
        let has_varargs = signature.parameters.iter().any(|p| p.kind == ParameterKind::VarArgs);
        let mut wrote_slash = false;
        let mut wrote_star = false;
        for param in &signature.parameters {
            if has_positional_only && !wrote_slash && param.kind != ParameterKind::PositionalOnly {
                separator(out);
                out.push('/');
                wrote_slash = true;
            }
            if param.kind == ParameterKind::KeywordOnly && !has_varargs && !wrote_star {
                separator(out);
                out.push('*');
                wrote_star = true;
            }
            separator(out);
            match param.kind {
                ParameterKind::VarArgs => out.push('*'),
                ParameterKind::KwArgs => out.push_str("**"),
                _ => {}
            }
            match &param.name {
                Some(name) => {
                    out.push_str(name.as_str());
                    if let Some(typed_dict) = crate::infer::unpacked_kwargs::unpacked_kwargs_typed_dict(db, param) {
                        // `**kwargs: Unpack[TD]`, whose keys are also listed as keyword parameters.
                        out.push_str(": Unpack[");
                        write_type(db, typed_dict, out, depth + 1);
                        out.push(']');
                    } else if param.annotated {
                        out.push_str(": ");
                        write_type(db, param.ty, out, depth + 1);
                    }
                }
                None => write_type(db, param.ty, out, depth + 1),
            }
            if param.has_default {
                out.push_str(if param.annotated { " = ..." } else { "=..." });
            }
        }
        if has_positional_only && !wrote_slash {
            separator(out);
            out.push('/');
        }
        // An unsolved `ParamSpec` / `TypeVarTuple` tail.
        if let Some(var) = signature.param_spec {
            let info = db.typevar(var);
            separator(out);
            let prefix = if info.kind == crate::typevar::TypeVarKind::ParamSpec {
                "**"
            } else {
                "*"
            };
            let _ = write!(out, "{prefix}{}", info.name);
        }
    }
    out.push_str(") -> ");
    write_type(db, signature.return_type, out, depth + 1);
}

/// The class name shown for a bound method's receiver.
pub(crate) fn receiver_class_name(db: &Db, receiver: Type) -> String {
    match db.kind(receiver) {
        TypeKind::ClassLiteral(ct) | TypeKind::SubclassOf(ct) => db.class_name(ct.class).to_string(),
        TypeKind::Instance(_) => display(db, receiver),
        // `cls` typed `type[Self]` (or `type[T]`): the class its bound names.
        TypeKind::SubclassOfTypeVar(var) => match db.typevar(*var).bound.map(|bound| db.kind(bound)) {
            Some(TypeKind::Instance(ct)) => db.class_name(ct.class).to_string(),
            _ => "type".to_string(),
        },
        _ => match crate::relation::fallback_instance(db, receiver) {
            Some(ct) => display(db, db.intern(TypeKind::Instance(ct))),
            None => display(db, receiver),
        },
    }
}

pub(crate) fn special_form_name(form: SpecialForm) -> String {
    let name = match form {
        SpecialForm::Any => "Any",
        SpecialForm::Union => "Union",
        SpecialForm::Optional => "Optional",
        SpecialForm::Literal => "Literal",
        SpecialForm::LiteralString => "LiteralString",
        SpecialForm::Callable => "Callable",
        SpecialForm::Tuple => "Tuple",
        SpecialForm::Type => "Type",
        SpecialForm::ClassVar => "ClassVar",
        SpecialForm::Final => "Final",
        SpecialForm::Annotated => "Annotated",
        SpecialForm::TypeAlias => "TypeAlias",
        SpecialForm::Generic => "Generic",
        SpecialForm::Protocol => "Protocol",
        SpecialForm::Never => "Never",
        SpecialForm::NoReturn => "NoReturn",
        SpecialForm::SelfType => "Self",
        SpecialForm::Concatenate => "Concatenate",
        SpecialForm::Unpack => "Unpack",
        SpecialForm::TypeGuard => "TypeGuard",
        SpecialForm::TypeIs => "TypeIs",
        SpecialForm::TypeForm => "TypeForm",
        SpecialForm::Required => "Required",
        SpecialForm::NotRequired => "NotRequired",
        SpecialForm::ReadOnly => "ReadOnly",
        SpecialForm::TypedDict => "TypedDict",
        SpecialForm::Alias(target) => return format!("typing.{}", alias_display(target)),
    };
    format!("typing.{name}")
}

fn alias_display(target: &str) -> String {
    let last = target.rsplit('.').next().unwrap_or(target);
    let mut chars = last.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
