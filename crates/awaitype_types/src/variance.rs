//! The variance of a class's type parameters: declared (`TypeVar(..., covariant=True)`), or
//! inferred from how the class uses the parameter (PEP 695 parameters and
//! `TypeVar(..., infer_variance=True)`). Assignability of two specializations of one generic
//! class (`relation.rs`) compares each argument as its parameter's variance says, and the class
//! statement rules (`check/variance.rs`) compare a declared variance with the usage.
//!
//! Inference walks the class's own members and bases and records, for each parameter, the
//! positions it appears in: an output (a method's return, a read-only attribute, a property
//! getter) is covariant, an input (a method's parameter, a property setter) contravariant, and a
//! mutable attribute both. A position inside a generic class's argument composes with that
//! class's variance for the argument (`Sequence[T]` keeps it, `Callable[[T], None]` flips it,
//! `list[T]` makes it both). A parameter seen in both kinds of position is invariant; one seen
//! only in outputs, or nowhere, covariant (the spec's rule: a specialization with a narrower
//! argument is then assignable to one with a wider); one seen only in inputs contravariant.
//!
//! Constructors (`__init__`, `__new__`) do not count (they run before the instance is
//! shared), and nor do private members (a name with one leading underscore): they are not part
//! of the interface others see. A method's receiver (`self`, `cls`, annotated or not) is not a
//! position either.
//!
//! The usage of a class is a salsa query per class, asked only of classes with a parameter whose
//! variance is inferred. Such a class may use itself (`def m(self) -> "C[T]"`) or classes that
//! use it: the cycle starts from "no usage" and the usages only grow, so the fixed point is the
//! least one; a cycle that does not settle makes every parameter invariant.

use std::sync::Arc;

use ruff_python_ast::{Expr, Stmt, StmtClassDef};

use crate::db::{Db, DefinitionKey, TypeDb};
use crate::infer::Inferrer;
use crate::ty::{ClassId, Signature, SpecialForm, Type, TypeKind, TypeVarId};
use crate::typevar::Variance;

/// The kinds of position a type parameter was seen in: an output (covariant), an input
/// (contravariant), both or neither. Also used for the polarity of a position itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Usage {
    pub(crate) output: bool,
    pub(crate) input: bool,
}

impl Usage {
    pub(crate) const NONE: Usage = Usage {
        output: false,
        input: false,
    };
    pub(crate) const OUTPUT: Usage = Usage {
        output: true,
        input: false,
    };
    pub(crate) const INPUT: Usage = Usage {
        output: false,
        input: true,
    };
    pub(crate) const BOTH: Usage = Usage {
        output: true,
        input: true,
    };

    /// The usage a declared variance stands for (an inferred one is not known yet: both).
    pub(crate) fn of_declared(variance: Variance) -> Usage {
        match variance {
            Variance::Covariant => Usage::OUTPUT,
            Variance::Contravariant => Usage::INPUT,
            Variance::Invariant | Variance::Inferred => Usage::BOTH,
        }
    }

    /// The polarity of a position inside an argument whose parameter has usage `inner`, when
    /// the argument itself is in a position of polarity `self`.
    pub(crate) fn compose(self, inner: Usage) -> Usage {
        Usage {
            output: (self.output && inner.output) || (self.input && inner.input),
            input: (self.output && inner.input) || (self.input && inner.output),
        }
    }

    pub(crate) fn join(self, other: Usage) -> Usage {
        Usage {
            output: self.output || other.output,
            input: self.input || other.input,
        }
    }

    /// The variance a parameter with this usage has: unused counts as covariant.
    pub(crate) fn variance(self) -> Variance {
        match (self.output, self.input) {
            (true, true) => Variance::Invariant,
            (false, true) => Variance::Contravariant,
            _ => Variance::Covariant,
        }
    }
}

impl Db {
    /// The variance of the class's `index`-th type parameter as assignability uses it: the
    /// declared one, or the one inferred from the class's usage.
    pub(crate) fn parameter_variance(&self, class: ClassId, index: usize) -> Variance {
        let info = self.class_info(class);
        let Some(param) = info.type_params.get(index) else {
            return Variance::Invariant;
        };
        match self.typevar(*param).variance {
            Variance::Inferred => self
                .inferred_usages(class)
                .get(index)
                .map_or(Variance::Invariant, |usage| usage.variance()),
            declared => declared,
        }
    }

    /// For each type parameter, the positions it appears in (declared variances stand for
    /// their usage): what composing a position inside a `C[...]` argument needs.
    pub(crate) fn parameter_usages(&self, class: ClassId) -> Arc<[Usage]> {
        let info = self.class_info(class);
        let declared: Vec<Variance> = info
            .type_params
            .iter()
            .map(|param| self.typevar(*param).variance)
            .collect();
        if !declared.contains(&Variance::Inferred) {
            return declared.into_iter().map(Usage::of_declared).collect();
        }
        let inferred = self.inferred_usages(class);
        declared
            .iter()
            .enumerate()
            .map(|(index, variance)| match variance {
                Variance::Inferred => inferred.get(index).copied().unwrap_or(Usage::BOTH),
                declared => Usage::of_declared(*declared),
            })
            .collect()
    }

    /// The usage of every type parameter, as the class's members and bases show it, whatever
    /// the declared variance (the protocol rule compares the two).
    pub(crate) fn inferred_usages(&self, class: ClassId) -> Arc<[Usage]> {
        usages_query(self, self.definition_key(class.file, class.definition))
    }
}

#[salsa::tracked(returns(clone), cycle_fn = usages_next_round, cycle_initial = no_usages)]
fn usages_query<'db>(db: &'db dyn TypeDb, key: DefinitionKey<'db>) -> Arc<[Usage]> {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| compute_usages(db, class).into())
}

fn no_usages(db: &dyn TypeDb, _id: salsa::Id, key: DefinitionKey<'_>) -> Arc<[Usage]> {
    let class = crate::class::class_of(db, key);
    let count = db.types().class_info(class).type_params.len();
    vec![Usage::NONE; count].into()
}

fn usages_next_round(
    db: &dyn TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Arc<[Usage]>,
    value: Arc<[Usage]>,
    key: DefinitionKey<'_>,
) -> Arc<[Usage]> {
    crate::cycle::next_round(cycle, value, || {
        let class = crate::class::class_of(db, key);
        let count = db.types().class_info(class).type_params.len();
        vec![Usage::BOTH; count].into()
    })
}

/// Records, for each of `params`, the polarities of the positions it is seen in.
struct UsageCollector<'a> {
    db: &'a Db,
    params: &'a [TypeVarId],
    usages: Vec<Usage>,
}

impl UsageCollector<'_> {
    fn record(&mut self, ty: Type, polarity: Usage) {
        let (db, params, usages) = (self.db, self.params, &mut self.usages);
        visit_positions(db, ty, polarity, 0, &mut |id, polarity| {
            if let Some(index) = params.iter().position(|param| *param == id) {
                usages[index] = usages[index].join(polarity);
            }
        });
    }

    /// A method's parameters (after the receiver, unless static) are inputs, its return an
    /// output.
    fn record_method(&mut self, signature: &Signature, skip_receiver: bool) {
        for parameter in signature.parameters.iter().skip(usize::from(skip_receiver)) {
            self.record(parameter.ty, Usage::INPUT);
        }
        if let Some(spec) = signature.param_spec {
            self.record(self.db.intern(TypeKind::TypeVar(spec)), Usage::INPUT);
        }
        self.record(signature.return_type, Usage::OUTPUT);
    }
}

fn compute_usages(db: &Db, class: ClassId) -> Vec<Usage> {
    let info = db.class_info(class);
    let mut collector = UsageCollector {
        db,
        params: &info.type_params,
        usages: vec![Usage::NONE; info.type_params.len()],
    };
    let Some(node) = db.class_statement(class, &info) else {
        return vec![Usage::BOTH; info.type_params.len()];
    };
    for base in &info.bases {
        let base_usages = db.parameter_usages(base.class);
        for (index, arg) in base.args.iter().enumerate() {
            let usage = base_usages.get(index).copied().unwrap_or(Usage::BOTH);
            collector.record(*arg, Usage::OUTPUT.compose(usage));
        }
    }
    record_members(db, class, node, &mut collector);
    collector.usages
}

/// Whether a member is left out of the inference: constructors and private names.
fn is_exempt(name: &str) -> bool {
    matches!(name, "__init__" | "__new__") || (name.starts_with('_') && !name.starts_with("__"))
}

fn record_members(db: &Db, class: ClassId, node: &'static StmtClassDef, collector: &mut UsageCollector<'_>) {
    let index = db.index(class.file);
    let Some(body_scope) = index.scope_of_node(node) else {
        return;
    };
    let mut declared_names: Vec<&str> = Vec::new();
    for stmt in &node.body {
        match stmt {
            Stmt::FunctionDef(function) => {
                if is_exempt(function.name.as_str()) {
                    continue;
                }
                let Some(definition) = index.definition_of_node(function) else {
                    continue;
                };
                let id = crate::ty::FunctionId {
                    file: class.file,
                    definition,
                };
                let flags = db.function_flags(id);
                let signature = db.declared_signature(id);
                collector.record_method(&signature, !flags.staticmethod);
            }
            Stmt::AnnAssign(assign) => {
                let Expr::Name(name) = &*assign.target else { continue };
                declared_names.push(name.id.as_str());
                if is_exempt(name.id.as_str()) {
                    continue;
                }
                let Some(definition) = index.definition_of_node(&*assign.target) else {
                    continue;
                };
                let Some(ty) = db.declared_type(class.file, definition) else {
                    continue;
                };
                let mut inferrer = Inferrer::silent(db, class.file, body_scope);
                let read_only = match annotation_qualifier(&mut inferrer, &assign.annotation) {
                    Some(SpecialForm::Final) => true,
                    Some(SpecialForm::ClassVar) => continue,
                    _ => db.frozen_field_owner(class, name.id.as_str()).is_some(),
                };
                collector.record(ty, if read_only { Usage::OUTPUT } else { Usage::BOTH });
            }
            _ => {}
        }
    }
    let mut attributes: Vec<&str> = index
        .instance_attribute_names(body_scope)
        .filter(|name| !is_exempt(name) && !declared_names.contains(name))
        .collect();
    attributes.sort_unstable();
    for name in attributes {
        if let Some(ty) = db.own_assigned_attribute(class, name, false) {
            collector.record(ty, Usage::BOTH);
        }
    }
}

/// The qualifier an annotation starts with (`Final[...]`, `ClassVar[...]`, or bare), if any.
fn annotation_qualifier(inferrer: &mut Inferrer<'_>, annotation: &'static Expr) -> Option<SpecialForm> {
    let head = match annotation {
        Expr::Subscript(subscript) => &*subscript.value,
        other => other,
    };
    if !matches!(head, Expr::Name(_) | Expr::Attribute(_)) {
        return None;
    }
    let ty = inferrer.infer_expression(head);
    match inferrer.db.kind(ty) {
        TypeKind::SpecialForm(form @ (SpecialForm::Final | SpecialForm::ClassVar)) => Some(*form),
        _ => None,
    }
}

/// Nesting deeper than this is not walked (types that deep say nothing more about variance).
const MAX_DEPTH: u32 = 32;

/// Calls `visit` with each type variable in `ty` and the polarity of its position, `ty` itself
/// being in a position of polarity `polarity`.
pub(crate) fn visit_positions(db: &Db, ty: Type, polarity: Usage, depth: u32, visit: &mut dyn FnMut(TypeVarId, Usage)) {
    walk_positions(db, ty, polarity, depth, 0, visit);
}

/// How many recursive alias references one path expands. Past two, the positions repeat: a
/// reference's path composes the same polarities again, and composing one twice already gives
/// every polarity repeating it can (a contravariant path flipped twice is covariant).
const MAX_ALIAS_EXPANSIONS: u32 = 2;

/// [`visit_positions`], with the number of alias references expanded on the way to `ty`.
fn walk_positions(
    db: &Db,
    ty: Type,
    polarity: Usage,
    depth: u32,
    expansions: u32,
    visit: &mut dyn FnMut(TypeVarId, Usage),
) {
    if depth > MAX_DEPTH || polarity == Usage::NONE {
        return;
    }
    match db.kind(ty) {
        TypeKind::TypeVar(id) | TypeKind::SubclassOfTypeVar(id) => visit(*id, polarity),
        TypeKind::Instance(class_type) | TypeKind::SubclassOf(class_type) | TypeKind::ClassLiteral(class_type) => {
            if class_type.args.is_empty() {
                return;
            }
            let usages = db.parameter_usages(class_type.class);
            for (index, arg) in class_type.args.iter().enumerate() {
                let usage = usages.get(index).copied().unwrap_or(Usage::BOTH);
                walk_positions(db, *arg, polarity.compose(usage), depth + 1, expansions, visit);
            }
        }
        TypeKind::Tuple(members) | TypeKind::Union(members) => {
            for member in members.iter() {
                walk_positions(db, *member, polarity, depth + 1, expansions, visit);
            }
        }
        TypeKind::Callable(signature) => {
            let inputs = polarity.compose(Usage::INPUT);
            for parameter in &signature.parameters {
                walk_positions(db, parameter.ty, inputs, depth + 1, expansions, visit);
            }
            if let Some(spec) = signature.param_spec {
                visit(spec, inputs);
            }
            walk_positions(db, signature.return_type, polarity, depth + 1, expansions, visit);
        }
        TypeKind::TypeForm(form) => walk_positions(db, *form, polarity, depth + 1, expansions, visit),
        // `*Ts` and `*tuple[X, ...]` (in a tuple or as `*args: *Ts`) hold their types in the
        // position of the tuple around them.
        TypeKind::Unpacked(inner) => walk_positions(db, *inner, polarity, depth + 1, expansions, visit),
        TypeKind::TypeGuard { guarded, type_is } => {
            let inner = if *type_is { Usage::BOTH } else { Usage::OUTPUT };
            walk_positions(db, *guarded, polarity.compose(inner), depth + 1, expansions, visit);
        }
        TypeKind::AliasReference { .. } if expansions < MAX_ALIAS_EXPANSIONS => {
            let expanded = crate::alias_reference::expand_alias_reference(db, ty);
            walk_positions(db, expanded, polarity, depth + 1, expansions + 1, visit);
        }
        _ => {}
    }
}
