//! The finished index of one module and the queries inference asks of it.

use ruff_python_ast::{Expr, ModModule, PythonVersion, Stmt};
use ruff_text_size::TextRange;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::definition::{Definition, DefinitionId};
use crate::node_ids::{ExprKey, NodeKey};
use crate::scope::{Scope, ScopeId};
use crate::use_def::{Bindings, CallId};

/// What the index needs to know about the target environment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexOptions {
    pub python_version: PythonVersion,
    pub platform: String,
    /// Stub files defer every annotation (names may be used before they are defined).
    pub is_stub: bool,
}

/// A syntax error the parser accepts but Python rejects (e.g. `await` outside `async def`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemanticSyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// One use of a name: the scope it is in and the definitions that reach it.
#[derive(Debug, Clone)]
pub struct Use {
    pub scope: ScopeId,
    pub bindings: Bindings,
    /// In a deferred annotation: resolve against the scope's final bindings instead.
    pub deferred: bool,
    /// A comprehension runs where it is written: a name it does not bind itself is read from
    /// the enclosing function or module scope as it is at that point. This is that scope, and
    /// `bindings` are its bindings of the name there (with their narrowing conditions).
    pub inline_from: Option<ScopeId>,
    /// In a nested function, lambda or class body: the enclosing function's bindings of a name
    /// this scope does not bind, where the nested scope is defined (see [`ClosureCapture`]).
    pub captured: Option<Box<ClosureCapture>>,
}

/// What a free variable of a nested scope is bound to in the enclosing function where the
/// nested scope is defined. When the enclosing function assigns the name only before that
/// point (and before any loop around it), every later call of the nested scope reads one of
/// these values, narrowed as they are there.
#[derive(Debug, Clone)]
pub struct ClosureCapture {
    /// The enclosing function or lambda scope.
    pub scope: ScopeId,
    /// Its bindings of the name at the definition of the nested scope.
    pub bindings: Bindings,
    /// The first private definition id not yet given out at that point (or, inside loops of
    /// the enclosing function, where the outermost one starts): definitions of the name with a
    /// smaller id were made before the nested scope was defined, and not again.
    pub next_definition: DefinitionId,
}

/// The use-def record of each name use, by node: a small map from node to position, so that
/// growing it while the index is built moves 8-byte entries instead of whole records.
#[derive(Debug, Default)]
pub(crate) struct UseMap {
    positions: FxHashMap<ExprKey, u32>,
    uses: Vec<Use>,
}

impl UseMap {
    pub(crate) fn insert(&mut self, key: ExprKey, use_: Use) {
        match self.positions.entry(key) {
            std::collections::hash_map::Entry::Occupied(position) => self.uses[*position.get() as usize] = use_,
            std::collections::hash_map::Entry::Vacant(position) => {
                position.insert(u32::try_from(self.uses.len()).expect("too many uses"));
                self.uses.push(use_);
            }
        }
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.positions.shrink_to_fit();
        self.uses.shrink_to_fit();
    }

    pub(crate) fn get(&self, key: &ExprKey) -> Option<&Use> {
        self.positions.get(key).map(|position| &self.uses[*position as usize])
    }

    pub(crate) fn get_mut(&mut self, key: &ExprKey) -> Option<&mut Use> {
        self.positions
            .get(key)
            .map(|position| &mut self.uses[*position as usize])
    }
}

/// A call statement (`f(...)`, `await f(...)`, `obj.m(...)`): code after it runs only if the call
/// returns, which types decide (a call of type `Never` does not, unless one of the enclosing
/// `with` statements' context managers swallows the exception it raises). The exceptional exit
/// of a `with` block is recorded the same way: the path through it "returns" only if the context
/// manager swallows exceptions.
#[derive(Debug, Clone)]
pub struct PathCall {
    pub kind: PathCallKind,
    /// The scope the statement is in.
    pub scope: ScopeId,
    /// The `with` statements of that scope whose bodies contain it.
    pub withs: Vec<&'static ruff_python_ast::StmtWith>,
}

/// What a path goes through at a [`PathCall`].
#[derive(Debug, Clone, Copy)]
pub enum PathCallKind {
    /// A call statement's expression (the `await`, when awaited): the path goes on if it returns.
    Call(&'static Expr),
    /// A `with` block left by an exception (raised anywhere in its body): the path goes on after
    /// the block only if the context manager swallows it.
    Swallow(&'static ruff_python_ast::StmtWith),
}

#[derive(Debug)]
pub struct SemanticIndex {
    pub module: &'static ModModule,
    pub scopes: Vec<Scope>,
    pub definitions: crate::definition::DefinitionTable,
    pub(crate) uses: UseMap,
    /// Scope created by a function, class, lambda or comprehension node, by node id.
    pub(crate) node_scopes: FxHashMap<NodeKey, ScopeId>,
    /// Definition created by a statement or name node, by node id.
    pub(crate) node_definitions: FxHashMap<NodeKey, DefinitionId>,
    /// The first definition bound from each value expression (see [`SemanticIndex::value_head`]).
    pub(crate) value_heads: FxHashMap<NodeKey, DefinitionId>,
    pub(crate) unreachable_statements: FxHashSet<NodeKey>,
    pub(crate) conditionally_reachable: FxHashMap<NodeKey, Vec<&'static ruff_python_ast::StmtWith>>,
    pub(crate) predicates: Vec<crate::use_def::Predicate>,
    /// The call statements paths go through, by [`CallId`] (see [`Bindings::unbound_paths`]).
    pub(crate) calls: Vec<PathCall>,
    /// `self.x = ...` in methods, by class scope and attribute name.
    pub(crate) instance_attributes: FxHashMap<(ScopeId, ruff_python_ast::name::Name), Vec<DefinitionId>>,
    /// `cls.x = ...` in class methods, by class scope and attribute name.
    pub(crate) class_attributes: FxHashMap<(ScopeId, ruff_python_ast::name::Name), Vec<DefinitionId>>,
    pub semantic_syntax_errors: Vec<SemanticSyntaxError>,
    pub has_future_annotations: bool,
    pub is_stub: bool,
    /// Definitions made in `except ImportError:` handlers (fallbacks for optional imports).
    pub(crate) import_fallbacks: FxHashSet<DefinitionId>,
}

impl SemanticIndex {
    /// Whether `definition` was made in an `except ImportError:` (or `ModuleNotFoundError`)
    /// handler: what the module binds when an optional import fails.
    pub fn is_import_fallback(&self, definition: DefinitionId) -> bool {
        self.import_fallbacks.contains(&definition)
    }

    /// Whether the module has any `except ImportError:` definitions at all.
    pub fn has_import_fallbacks(&self) -> bool {
        !self.import_fallbacks.is_empty()
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.index()]
    }

    /// How many definitions each id range has (visible, private; see `DefinitionTable`).
    pub fn definition_counts(&self) -> (usize, usize) {
        self.definitions.counts()
    }

    pub fn definition(&self, id: DefinitionId) -> &Definition {
        self.definitions.get(id)
    }

    /// A narrowing condition recorded in a [`Bindings`].
    pub fn predicate(&self, id: crate::use_def::PredicateId) -> crate::use_def::Predicate {
        self.predicates[id.0 as usize]
    }

    /// A call statement that [`Bindings::unbound_paths`] mention.
    pub fn path_call(&self, id: CallId) -> &PathCall {
        &self.calls[id.0 as usize]
    }

    /// The use-def record of a `Name` expression in load context, if it was indexed.
    pub fn use_of(&self, name_expr: &Expr) -> Option<&Use> {
        self.uses.get(&ExprKey::of(name_expr))
    }

    /// The scope a function, class, lambda or comprehension node opens.
    pub fn scope_of_node(&self, node: &impl ruff_python_ast::HasNodeIndex) -> Option<ScopeId> {
        self.node_scopes.get(&NodeKey::of(node)).copied()
    }

    /// The first definition that binds (part of) the value of `value`, an assignment's value, a
    /// `for` loop's iterable or a `with` item's context manager: inference infers such an
    /// expression once, for this definition, and every definition bound from it (and the
    /// statement walk) reads that one result. `None` when the expression binds no definition
    /// (`d[k] = v`).
    pub fn value_head(&self, value: &Expr) -> Option<DefinitionId> {
        self.value_heads.get(&NodeKey::of(value)).copied()
    }

    /// The definition a `def`/`class` statement, an import alias or a bound name node creates.
    pub fn definition_of_node(&self, node: &impl ruff_python_ast::HasNodeIndex) -> Option<DefinitionId> {
        self.node_definitions.get(&NodeKey::of(node)).copied()
    }

    /// Whether the statement can be reached, as far as is known without types. A statement that
    /// follows a `with` block which always returns or raises is reachable only if the context
    /// manager swallows exceptions: see [`SemanticIndex::swallow_conditions`].
    pub fn is_reachable(&self, stmt: &Stmt) -> bool {
        !self.unreachable_statements.contains(&NodeKey::of(stmt))
    }

    /// Whether an `elif` test can be evaluated: not after a test that always holds.
    pub fn is_test_reachable(&self, test: &Expr) -> bool {
        !self.unreachable_statements.contains(&NodeKey::of(test))
    }

    /// The `with` statements whose context managers must all swallow exceptions for `stmt` to be
    /// reached (empty when its reachability does not depend on them).
    pub fn swallow_conditions(&self, stmt: &Stmt) -> &[&'static ruff_python_ast::StmtWith] {
        self.conditionally_reachable
            .get(&NodeKey::of(stmt))
            .map_or(&[], Vec::as_slice)
    }

    pub fn instance_attribute(&self, class_scope: ScopeId, name: &str) -> Option<&[DefinitionId]> {
        self.instance_attributes
            .get(&(class_scope, ruff_python_ast::name::Name::new(name)))
            .map(Vec::as_slice)
    }

    pub fn class_attribute(&self, class_scope: ScopeId, name: &str) -> Option<&[DefinitionId]> {
        self.class_attributes
            .get(&(class_scope, ruff_python_ast::name::Name::new(name)))
            .map(Vec::as_slice)
    }

    /// Names assigned through `self.x = ...` in the methods of a class.
    pub fn instance_attribute_names(&self, class_scope: ScopeId) -> impl Iterator<Item = &str> {
        self.instance_attributes
            .keys()
            .filter(move |(scope, _)| *scope == class_scope)
            .map(|(_, name)| name.as_str())
    }

    /// The nearest enclosing scope (starting at `scope` itself) that is a function or module.
    pub fn parent_scopes(&self, scope: ScopeId) -> impl Iterator<Item = ScopeId> + '_ {
        std::iter::successors(Some(scope), |id| self.scope(*id).parent)
    }
}
