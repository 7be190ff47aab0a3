//! Classes made by a call instead of a `class` statement: `collections.namedtuple("P", "x y")`,
//! `typing.NamedTuple("P", [("x", int)])`, `typing.TypedDict("T", {"k": int}, total=False)` and
//! `enum.Enum("Color", "RED GREEN")` (any enum class without members called with a name and
//! the members' names).
//!
//! The typing spec gives these functional forms the meaning of the equivalent class statement,
//! so they are classes here too: the assignment's definition is the class's identity (a
//! `ClassId` whose definition is an assignment), its name comes from the first argument and its
//! fields from the second. The callee is recognized by the identity of the function or special
//! form in typeshed, never by the name it is called through.

use std::sync::Arc;

use ruff_python_ast::name::Name;
use ruff_python_ast::{Expr, ExprCall};

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::ty::{ClassId, SpecialForm, Type, TypeKind};

/// Which class statement a functional form stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionalKind {
    /// `collections.namedtuple` (fields typed `Any`) or `typing.NamedTuple` (typed fields).
    NamedTuple,
    /// `TypedDict("T", {...}, total=...)`.
    TypedDict { total: bool },
    /// `Enum("Color", "RED GREEN")`: a subclass of the enum class called, whose fields are its
    /// members.
    Enum { base: ClassId },
}

/// One field of a functional class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionalField {
    pub name: Name,
    pub ty: Type,
    /// A named tuple field with a default, or a key a TypedDict may omit.
    pub optional: bool,
    /// A TypedDict key declared `ReadOnly[...]`: it cannot be written.
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionalClass {
    pub kind: FunctionalKind,
    pub name: Name,
    pub fields: Vec<FunctionalField>,
}

impl Db {
    /// The functional form a call is, judged by its callee.
    pub(crate) fn functional_kind(
        &self,
        inferrer: &mut Inferrer<'_>,
        call: &'static ExprCall,
    ) -> Option<FunctionalKind> {
        let callee = inferrer.infer_expression(&call.func);
        match self.kind(callee) {
            TypeKind::Function(function) => {
                let module = self.file_data(function.id.file).module.as_ref()?.as_str().to_string();
                let node = self.function_node(function.id)?;
                (module == "collections" && node.name.as_str() == "namedtuple").then_some(FunctionalKind::NamedTuple)
            }
            TypeKind::ClassLiteral(class) if self.known_class("typing", "NamedTuple") == Some(class.class) => {
                Some(FunctionalKind::NamedTuple)
            }
            // `Color(1)` looks a member up; a name and the members' names make a new enum.
            TypeKind::ClassLiteral(class)
                if self.is_enum_class(class.class)
                    && (call.arguments.args.len() >= 2 || call.arguments.find_keyword("names").is_some())
                    && matches!(call.arguments.args.first(), Some(Expr::StringLiteral(_))) =>
            {
                Some(FunctionalKind::Enum { base: class.class })
            }
            TypeKind::SpecialForm(SpecialForm::TypedDict) => {
                let total = !call.arguments.keywords.iter().any(|keyword| {
                    keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == "total")
                        && matches!(&keyword.value, Expr::BooleanLiteral(b) if !b.value)
                });
                Some(FunctionalKind::TypedDict { total })
            }
            _ => None,
        }
    }

    /// The functional class an assignment defines, if its value is such a call.
    pub fn functional_class(&self, class: ClassId) -> Option<Arc<FunctionalClass>> {
        functional_class_query(self, self.definition_key(class.file, class.definition))
    }
}

fn compute_functional_class(db: &Db, file: FileId, class: ClassId) -> Option<FunctionalClass> {
    let index = db.index(file);
    let definition = index.definition(class.definition);
    let awaitype_semantic::DefinitionKind::Assignment {
        target: Expr::Name(target),
        value: Expr::Call(call),
        ..
    } = definition.kind
    else {
        return None;
    };
    let mut inferrer = Inferrer::silent(db, file, definition.scope);
    let kind = db.functional_kind(&mut inferrer, call)?;
    let name = match call.arguments.args.first() {
        Some(Expr::StringLiteral(literal)) => Name::new(literal.value.to_str()),
        _ => target.id.clone(),
    };
    let keyword = if matches!(kind, FunctionalKind::Enum { .. }) {
        "names"
    } else {
        "fields"
    };
    let spec = call
        .arguments
        .args
        .get(1)
        .or_else(|| call.arguments.find_keyword(keyword).map(|keyword| &keyword.value));
    let fields = match (kind, spec) {
        (_, None) => Vec::new(),
        (FunctionalKind::NamedTuple, Some(spec)) => {
            let mut fields = named_tuple_fields(&mut inferrer, spec);
            if matches!(
                call.arguments.find_keyword("rename").map(|keyword| &keyword.value),
                Some(Expr::BooleanLiteral(rename)) if rename.value
            ) {
                rename_invalid_fields(&mut fields);
            }
            // `defaults=(...)` applies to the last fields.
            let defaults = match call.arguments.find_keyword("defaults").map(|keyword| &keyword.value) {
                Some(Expr::Tuple(tuple)) => tuple.elts.len(),
                Some(Expr::List(list)) => list.elts.len(),
                _ => 0,
            };
            {
                let count = defaults.min(fields.len());
                let start = fields.len() - count;
                for field in &mut fields[start..] {
                    field.optional = true;
                }
            }
            fields
        }
        (FunctionalKind::TypedDict { total }, Some(Expr::Dict(dict))) => dict
            .items
            .iter()
            .filter_map(|item| {
                let Some(Expr::StringLiteral(key)) = &item.key else {
                    return None;
                };
                let (ty, required, read_only) = inferrer.typed_dict_value_type(&item.value);
                Some(FunctionalField {
                    name: Name::new(key.value.to_str()),
                    ty,
                    optional: !required.unwrap_or(total),
                    read_only,
                })
            })
            .collect(),
        (FunctionalKind::TypedDict { .. }, Some(_)) => Vec::new(),
        (FunctionalKind::Enum { .. }, Some(spec)) => enum_member_names(spec)
            .into_iter()
            .map(|name| {
                let member = db.enum_literal(class, &name);
                FunctionalField {
                    name,
                    ty: member,
                    optional: false,
                    read_only: true,
                }
            })
            .collect(),
    };
    Some(FunctionalClass { kind, name, fields })
}

/// The members' names of a functional enum: `"A B"` or `"A, B"`, a list or tuple of names or of
/// `(name, value)` pairs, or a dict from names to values.
fn enum_member_names(spec: &Expr) -> Vec<Name> {
    let literal_name = |expr: &Expr| match expr {
        Expr::StringLiteral(literal) => Some(Name::new(literal.value.to_str())),
        Expr::Tuple(pair) => match pair.elts.first() {
            Some(Expr::StringLiteral(literal)) => Some(Name::new(literal.value.to_str())),
            _ => None,
        },
        _ => None,
    };
    match spec {
        Expr::StringLiteral(literal) => literal
            .value
            .to_str()
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|part| !part.is_empty())
            .map(Name::new)
            .collect(),
        Expr::List(list) => list.elts.iter().filter_map(literal_name).collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().filter_map(literal_name).collect(),
        Expr::Dict(dict) => dict
            .items
            .iter()
            .filter_map(|item| item.key.as_ref().and_then(literal_name))
            .collect(),
        _ => Vec::new(),
    }
}

/// `rename=True`: as `collections.namedtuple` does at runtime, a field name that is not an
/// identifier, is a keyword, starts with an underscore or repeats an earlier name becomes
/// `_<index>`.
fn rename_invalid_fields(fields: &mut [FunctionalField]) {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];
    let mut seen: Vec<Name> = Vec::new();
    for (index, field) in fields.iter_mut().enumerate() {
        let name = field.name.clone();
        if !awaitype_resolver::is_identifier(&name)
            || KEYWORDS.contains(&name.as_str())
            || name.starts_with('_')
            || seen.contains(&name)
        {
            field.name = Name::new(format!("_{index}"));
        }
        seen.push(name);
    }
}

/// What is wrong with a `TypedDict("Name", {...})` call assigned to `target`, as the typing spec
/// restricts the functional form: the name must be the variable's, the fields a dict display
/// with string-literal keys, and the only keywords `total`, `closed` and `extra_items`. Each
/// problem comes with where to report it and its rule.
pub(crate) fn functional_typed_dict_problems(
    db: &Db,
    inferrer: &mut Inferrer<'_>,
    target: &ruff_python_ast::ExprName,
    call: &'static ExprCall,
) -> Vec<(ruff_text_size::TextRange, awaitype_diagnostics::Rule, String)> {
    use awaitype_diagnostics::Rule;
    use ruff_text_size::Ranged;
    if !matches!(
        db.functional_kind(inferrer, call),
        Some(FunctionalKind::TypedDict { .. })
    ) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    if let Some(Expr::StringLiteral(name)) = call.arguments.args.first()
        && name.value.to_str() != target.id.as_str()
    {
        problems.push((
            name.range(),
            Rule::InvalidArgumentType,
            format!(
                "TypedDict is named \"{}\" but assigned to `{}`: the names must match",
                name.value.to_str(),
                target.id
            ),
        ));
    }
    match call.arguments.args.get(1) {
        Some(Expr::Dict(dict)) => {
            for key in dict.items.iter().filter_map(|item| item.key.as_ref()) {
                if !matches!(key, Expr::StringLiteral(_)) {
                    problems.push((
                        key.range(),
                        Rule::InvalidArgumentType,
                        "A TypedDict key must be a string literal".to_string(),
                    ));
                }
            }
        }
        Some(other) => problems.push((
            other.range(),
            Rule::InvalidArgumentType,
            "The fields of a TypedDict must be given as a dict display (`{\"key\": type, ...}`)".to_string(),
        )),
        None => {}
    }
    for keyword in &call.arguments.keywords {
        let Some(arg) = &keyword.arg else { continue };
        if !["total", "closed", "extra_items"].contains(&arg.as_str()) {
            problems.push((
                keyword.range(),
                Rule::UnknownArgument,
                format!("Argument `{arg}` does not match any known parameter of `TypedDict`"),
            ));
        }
    }
    problems
}

/// `"x y"`, `"x, y"`, `["x", "y"]` (untyped) or `[("x", int), ("y", str)]` (typed).
fn named_tuple_fields(inferrer: &mut Inferrer<'_>, spec: &'static Expr) -> Vec<FunctionalField> {
    let untyped = |name: &str| FunctionalField {
        name: Name::new(name),
        ty: Type::ANY,
        optional: false,
        read_only: false,
    };
    match spec {
        Expr::StringLiteral(names) => names
            .value
            .to_str()
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|name| !name.is_empty())
            .map(untyped)
            .collect(),
        Expr::List(list) => list_or_tuple_fields(inferrer, &list.elts, untyped),
        Expr::Tuple(tuple) => list_or_tuple_fields(inferrer, &tuple.elts, untyped),
        _ => Vec::new(),
    }
}

fn list_or_tuple_fields(
    inferrer: &mut Inferrer<'_>,
    elements: &'static [Expr],
    untyped: impl Fn(&str) -> FunctionalField,
) -> Vec<FunctionalField> {
    elements
        .iter()
        .filter_map(|element| match element {
            Expr::Tuple(pair) => match &pair.elts[..] {
                [name, annotation] => Some(FunctionalField {
                    name: field_name(inferrer, name)?,
                    ty: inferrer.type_expression(annotation),
                    optional: false,
                    read_only: false,
                }),
                _ => None,
            },
            name => field_name(inferrer, name).map(|name| untyped(name.as_str())),
        })
        .collect()
}

/// A field name given as a string: a literal, or a name whose type is a string literal (a
/// `Final` constant initialized with one stands for its value).
fn field_name(inferrer: &mut Inferrer<'_>, expr: &'static Expr) -> Option<Name> {
    match expr {
        Expr::StringLiteral(name) => Some(Name::new(name.value.to_str())),
        Expr::Name(_) | Expr::Attribute(_) => match inferrer.db.kind(inferrer.infer_expression(expr)) {
            TypeKind::StrLiteral(value) => Some(Name::new(&**value)),
            _ => None,
        },
        _ => None,
    }
}

/// A salsa query: the fields are typed from the call's arguments, which may lead back to the
/// class (`Node = NamedTuple("Node", [("next", "Node")])`); such a cycle starts from "not a
/// functional class".
#[salsa::tracked(returns(clone), cycle_fn = functional_next_round, cycle_initial = not_functional)]
fn functional_class_query<'db>(
    db: &'db dyn crate::db::TypeDb,
    key: crate::db::DefinitionKey<'db>,
) -> Option<Arc<FunctionalClass>> {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| compute_functional_class(db, class.file, class).map(Arc::new))
}

fn not_functional(
    _db: &dyn crate::db::TypeDb,
    _id: salsa::Id,
    _key: crate::db::DefinitionKey<'_>,
) -> Option<Arc<FunctionalClass>> {
    None
}

fn functional_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Option<Arc<FunctionalClass>>,
    value: Option<Arc<FunctionalClass>>,
    _key: crate::db::DefinitionKey<'_>,
) -> Option<Arc<FunctionalClass>> {
    crate::cycle::next_round(cycle, value, || None)
}
