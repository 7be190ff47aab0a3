//! Scopes and their symbol tables. Python resolves a name to the innermost scope that binds it,
//! skipping class scopes for nested functions; the kinds here are what that rule needs.

use ruff_python_ast::name::Name;
use ruff_python_ast::{Expr, ExprLambda, StmtClassDef, StmtFunctionDef, StmtReturn};
use rustc_hash::FxHashMap;

use crate::use_def::Bindings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub u32);

impl ScopeId {
    pub const MODULE: ScopeId = ScopeId(0);
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SymbolId(pub u32);

impl SymbolId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Copy)]
pub enum ScopeKind {
    Module,
    Class(&'static StmtClassDef),
    Function(&'static StmtFunctionDef),
    Lambda(&'static ExprLambda),
    /// A comprehension or generator expression; the expression is the whole comprehension.
    Comprehension(&'static Expr),
    /// PEP 695 type parameters of a generic class, function or type alias.
    TypeParams,
}

impl ScopeKind {
    pub fn is_function_like(self) -> bool {
        matches!(self, ScopeKind::Function(_) | ScopeKind::Lambda(_))
    }
    pub fn is_class(self) -> bool {
        matches!(self, ScopeKind::Class(_))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SymbolFlags {
    /// Bound somewhere in this scope (assignment, import, def, parameter, ...).
    pub bound: bool,
    /// Declared `global` in this scope.
    pub global: bool,
    /// Declared `nonlocal` in this scope.
    pub nonlocal: bool,
    /// Has a declared type (annotation) in this scope.
    pub declared: bool,
    /// A nested function assigns it through `nonlocal`: where this scope reads it, the nested
    /// function may have run.
    pub assigned_by_nested: bool,
}

#[derive(Debug, Clone)]
pub struct Symbol {
    pub name: Name,
    pub flags: SymbolFlags,
}

/// Facts about a function body that inference needs without re-walking it.
#[derive(Debug, Default, Clone)]
pub struct FunctionInfo {
    /// `yield` / `yield from` expressions directly in this function (not nested scopes).
    pub yields: Vec<&'static Expr>,
    pub returns: Vec<&'static StmtReturn>,
    /// Whether the end of the body is reachable (an implicit `return None`).
    pub falls_off_end: bool,
    /// When not empty, the end is reached only if these `with` statements' context managers
    /// swallow exceptions (see [`crate::SemanticIndex::swallow_conditions`]).
    pub falls_off_end_if_swallowed: Vec<&'static ruff_python_ast::StmtWith>,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<ScopeId>,
    pub symbols: Vec<Symbol>,
    pub symbol_ids: FxHashMap<Name, SymbolId>,
    /// Which definitions of each symbol reach the end of the scope: a module's exports, a class's
    /// members, what a closure sees of its enclosing function.
    pub end_bindings: Vec<Bindings>,
    /// Every definition of each symbol in this scope, in source order.
    pub all_definitions: Vec<Vec<crate::DefinitionId>>,
    /// `from m import *` statements in this scope, in source order.
    pub star_imports: Vec<&'static ruff_python_ast::StmtImportFrom>,
    pub function: Option<FunctionInfo>,
}

impl Scope {
    pub fn symbol(&self, name: &str) -> Option<SymbolId> {
        self.symbol_ids.get(name).copied()
    }

    pub fn symbol_data(&self, id: SymbolId) -> &Symbol {
        &self.symbols[id.index()]
    }

    pub fn end_bindings_of(&self, name: &str) -> Option<&Bindings> {
        self.symbol(name).map(|id| &self.end_bindings[id.index()])
    }
}
