//! Types and inference: the type representation, the lazy memoized queries that compute the
//! type of every definition and expression, and the assignability relation. This crate knows
//! Python's semantics; it reports problems it finds while inferring (calls, attributes,
//! operators), and leaves statement-level checks to `awaitype_checker`.

mod abstract_methods;
mod alias_graph;
mod alias_reference;
mod check;
mod class;
mod class_variables;
mod cycle;
mod dataclass;
mod db;
mod deprecation;
mod disjoint_bases;
pub mod display;
mod enum_literals;
mod field_converters;
mod final_attributes;
mod functional_class;
mod generic_values;
pub mod infer;
mod interner;
mod newtype;
mod protocol;
mod read_only_attributes;
pub mod relation;
mod runtime_checkable;
mod same_type;
mod sentinels;
mod signature;
mod signature_relation;
mod slots;
mod subst;
pub mod suggest;
mod tuple_shape;
mod ty;
mod typed_dict;
mod typed_dict_extra_items;
mod typed_dict_relation;
mod typevar;
mod variance;

pub use class::{ClassInfo, typevars_of};
pub use db::{Db, FileData, FileId, ModuleData, ParsedModules, SourceText, TypeDb};
pub use functional_class::{FunctionalClass, FunctionalField, FunctionalKind};
pub use infer::{Inferrer, TypeDiagnostic};
pub use signature::{FunctionFlags, coroutine_of};
pub use subst::Substitution;
pub use ty::{
    ClassId, ClassType, FunctionId, FunctionType, KnownInstance, ModuleRef, Parameter, ParameterKind, Signature,
    SpecialForm, Type, TypeKind, TypeVarId,
};
pub use typevar::{TypeVarInfo, TypeVarKind, Variance};
