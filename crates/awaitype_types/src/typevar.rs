//! Type variables: what is known about each (bound, constraints, default, variance), computed
//! lazily from the `TypeVar(...)` call or the PEP 695 type parameter that defines it.

use ruff_python_ast::name::Name;
use ruff_python_ast::{Expr, TypeParam};

use crate::db::Db;
use crate::infer::Inferrer;
use crate::ty::{ClassType, Type, TypeKind, TypeVarId};
use awaitype_semantic::DefinitionKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variance {
    Invariant,
    Covariant,
    Contravariant,
    /// PEP 695 parameters and `infer_variance=True`: treated leniently until inferred.
    Inferred,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeVarKind {
    TypeVar,
    ParamSpec,
    TypeVarTuple,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeVarInfo {
    pub name: Name,
    pub kind: TypeVarKind,
    pub bound: Option<Type>,
    pub constraints: Vec<Type>,
    pub default: Option<Type>,
    pub variance: Variance,
}

impl Db {
    pub fn typevar(&self, id: TypeVarId) -> std::sync::Arc<TypeVarInfo> {
        match id {
            // A class's `Self` needs no query: it is bound by the class, nothing to infer.
            TypeVarId::SelfOf(_) => std::sync::Arc::new(compute_typevar(self, id)),
            TypeVarId::Definition { file, definition } => typevar_query(self, self.definition_key(file, definition)),
        }
    }
}

fn compute_typevar(db: &Db, id: TypeVarId) -> TypeVarInfo {
    match id {
        TypeVarId::SelfOf(class) => TypeVarInfo {
            name: Name::new_static("Self"),
            kind: TypeVarKind::TypeVar,
            bound: Some(db.intern(TypeKind::Instance(ClassType::plain(class)))),
            constraints: Vec::new(),
            default: None,
            variance: Variance::Invariant,
        },
        TypeVarId::Definition { file, definition } => {
            let index = db.index(file);
            let def = index.definition(definition);
            let mut inferrer = Inferrer::silent(db, file, def.scope);
            match def.kind {
                DefinitionKind::TypeParameter(param) => pep695_typevar(&mut inferrer, param),
                DefinitionKind::Assignment { value, name, .. } => legacy_typevar(&mut inferrer, name.id.clone(), value),
                _ => plain_typevar(),
            }
        }
    }
}

fn pep695_typevar(inferrer: &mut Inferrer<'_>, param: &'static TypeParam) -> TypeVarInfo {
    let (name, kind, bound, default) = match param {
        TypeParam::TypeVar(tv) => (
            &tv.name,
            TypeVarKind::TypeVar,
            tv.bound.as_deref(),
            tv.default.as_deref(),
        ),
        TypeParam::ParamSpec(ps) => (&ps.name, TypeVarKind::ParamSpec, None, ps.default.as_deref()),
        TypeParam::TypeVarTuple(tv) => (&tv.name, TypeVarKind::TypeVarTuple, None, tv.default.as_deref()),
    };
    let mut info = TypeVarInfo {
        name: name.id.clone(),
        kind,
        bound: None,
        constraints: Vec::new(),
        default: None,
        variance: Variance::Inferred,
    };
    match bound {
        Some(Expr::Tuple(tuple)) => {
            info.constraints = tuple.elts.iter().map(|e| inferrer.type_expression(e)).collect();
        }
        Some(bound) => info.bound = Some(inferrer.type_expression(bound)),
        None => {}
    }
    info.default = default.map(|d| inferrer.type_parameter_default(kind, d));
    info
}

fn legacy_typevar(inferrer: &mut Inferrer<'_>, fallback_name: Name, value: &'static Expr) -> TypeVarInfo {
    let mut info = TypeVarInfo {
        name: fallback_name,
        kind: TypeVarKind::TypeVar,
        bound: None,
        constraints: Vec::new(),
        default: None,
        variance: Variance::Invariant,
    };
    let Expr::Call(call) = value else { return info };
    if let Some(kind) = inferrer.typevar_constructor_kind(&call.func) {
        info.kind = kind;
    }
    let mut args = call.arguments.args.iter();
    if let Some(Expr::StringLiteral(name)) = args.next() {
        info.name = Name::new(name.value.to_str());
    }
    info.constraints = args.map(|arg| inferrer.type_expression(arg)).collect();
    for keyword in &call.arguments.keywords {
        let Some(arg) = &keyword.arg else { continue };
        let is_true = matches!(&keyword.value, Expr::BooleanLiteral(b) if b.value);
        match arg.as_str() {
            "bound" => info.bound = Some(inferrer.type_expression(&keyword.value)),
            "default" => info.default = Some(inferrer.type_parameter_default(info.kind, &keyword.value)),
            "covariant" if is_true => info.variance = Variance::Covariant,
            "contravariant" if is_true => info.variance = Variance::Contravariant,
            "infer_variance" if is_true => info.variance = Variance::Inferred,
            _ => {}
        }
    }
    info
}

/// A salsa query. A type variable whose bound or default leads back to itself is, if the cycle
/// does not settle, a plain invariant `T`.
#[salsa::tracked(returns(clone), cycle_fn = typevar_next_round, cycle_initial = typevar_initial)]
fn typevar_query<'db>(
    db: &'db dyn crate::db::TypeDb,
    key: crate::db::DefinitionKey<'db>,
) -> std::sync::Arc<TypeVarInfo> {
    let id = TypeVarId::Definition {
        file: key.file(db),
        definition: key.definition(db),
    };
    let db = db.types();
    crate::db::grow(|| std::sync::Arc::new(compute_typevar(db, id)))
}

fn typevar_initial(
    _db: &dyn crate::db::TypeDb,
    _id: salsa::Id,
    _key: crate::db::DefinitionKey<'_>,
) -> std::sync::Arc<TypeVarInfo> {
    std::sync::Arc::new(plain_typevar())
}

fn typevar_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &std::sync::Arc<TypeVarInfo>,
    value: std::sync::Arc<TypeVarInfo>,
    _key: crate::db::DefinitionKey<'_>,
) -> std::sync::Arc<TypeVarInfo> {
    crate::cycle::next_round(cycle, value, || std::sync::Arc::new(plain_typevar()))
}

/// A plain invariant `T`: what a type variable is when its definition says nothing usable.
fn plain_typevar() -> TypeVarInfo {
    TypeVarInfo {
        name: Name::new_static("T"),
        kind: TypeVarKind::TypeVar,
        bound: None,
        constraints: Vec::new(),
        default: None,
        variance: Variance::Invariant,
    }
}
