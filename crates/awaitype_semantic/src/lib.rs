//! The semantic index of one module: scopes, symbols, definitions, and which definitions reach
//! each use of a name (use-def), with statically known branches (`sys.version_info`,
//! `sys.platform`, `TYPE_CHECKING`) already decided. Type inference is built on this index and
//! never walks control flow itself.
//!
//! The index holds plain `&'static` references to the nodes of its module's tree, which an
//! [`IndexedModule`] owns alongside it: whoever owns the module keeps it alive while such
//! references are in use (see `module.rs`).

mod builder;
mod definition;
mod index;
mod module;
mod node_ids;
mod parse;
mod reachability;
mod scope;
mod use_def;

pub use builder::{MAX_PLACE_DEPTH, narrowing_subject, peel_not, place_root, same_place};
pub use definition::{Definition, DefinitionId, DefinitionKind, ParameterKind};
pub use index::{ClosureCapture, IndexOptions, PathCall, PathCallKind, SemanticIndex, SemanticSyntaxError};
pub use module::IndexedModule;
pub use node_ids::{DETACHED_FIRST_ID, ExprKey, NodeKey};
pub use parse::{ParsedModule, parse};
pub use scope::{FunctionInfo, Scope, ScopeId, ScopeKind, Symbol, SymbolFlags, SymbolId};
pub use use_def::{Bindings, CallId, CallSet, Definitions, Predicate, PredicateId};
