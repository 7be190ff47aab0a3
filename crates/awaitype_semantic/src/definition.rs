//! Definitions: each place a symbol is bound. A definition points at the AST nodes inference needs
//! to compute the bound type, so inference is lazy and per definition.

use ruff_python_ast::{
    Alias, Comprehension, ExceptHandlerExceptHandler, Expr, ExprName, ExprNamed, Identifier, Parameter, StmtAnnAssign,
    StmtAugAssign, StmtClassDef, StmtFor, StmtFunctionDef, StmtImport, StmtImportFrom, StmtMatch, StmtTypeAlias,
    TypeParam, WithItem,
};
use ruff_text_size::TextRange;

use crate::scope::{ScopeId, SymbolId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DefinitionId(pub u32);

impl DefinitionId {
    /// Stands for the value a name has in an enclosing scope, in the narrowing conditions of a
    /// scope that reads but does not bind it (`self` inside a nested function).
    pub const ENCLOSING: DefinitionId = DefinitionId(u32::MAX);

    /// The first id of the definitions made inside function bodies (see [`DefinitionTable`]).
    const FIRST_PRIVATE: u32 = 1 << 31;

    /// Whether the definition is made inside a function body (or a lambda or comprehension).
    pub fn is_private(self) -> bool {
        self.0 >= Self::FIRST_PRIVATE
    }

    /// Its range (private or not) and its position in that range: the same id always has the
    /// same position, whatever the module's other definitions are.
    pub fn position(self) -> (bool, usize) {
        if self.is_private() {
            (true, (self.0 - Self::FIRST_PRIVATE) as usize)
        } else {
            (false, self.0 as usize)
        }
    }
}

/// A module's definitions, numbered in two ranges. Definitions other modules can see (made at
/// module level and in class bodies outside any function) are numbered from 0 in source order;
/// definitions made inside function bodies, lambdas and comprehensions are numbered from
/// `1 << 31`. An edit inside a function body therefore leaves the ids of the module's visible
/// definitions (its classes, functions and module-level names) unchanged, so the types other
/// modules computed from them stay valid.
#[derive(Debug, Default)]
pub struct DefinitionTable {
    public: Vec<Definition>,
    private: Vec<Definition>,
}

impl DefinitionTable {
    pub(crate) fn push(&mut self, definition: Definition, private: bool) -> DefinitionId {
        let (table, first) = if private {
            (&mut self.private, DefinitionId::FIRST_PRIVATE)
        } else {
            (&mut self.public, 0)
        };
        let offset = u32::try_from(table.len())
            .ok()
            .filter(|offset| *offset < DefinitionId::FIRST_PRIVATE - 1)
            .expect("too many definitions");
        table.push(definition);
        DefinitionId(first + offset)
    }

    /// The id the next private definition will get: private ids grow in walk order.
    pub(crate) fn next_private_id(&self) -> DefinitionId {
        let offset = u32::try_from(self.private.len()).expect("too many definitions");
        DefinitionId(DefinitionId::FIRST_PRIVATE + offset)
    }

    pub fn get(&self, id: DefinitionId) -> &Definition {
        if id.is_private() {
            &self.private[(id.0 - DefinitionId::FIRST_PRIVATE) as usize]
        } else {
            &self.public[id.0 as usize]
        }
    }

    pub fn len(&self) -> usize {
        self.public.len() + self.private.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many definitions each range has: (visible, private).
    pub fn counts(&self) -> (usize, usize) {
        (self.public.len(), self.private.len())
    }

    /// Every definition with its id: the visible ones in source order, then the private ones.
    pub fn iter(&self) -> impl Iterator<Item = (DefinitionId, &Definition)> {
        let public = (0u32..).zip(&self.public).map(|(i, d)| (DefinitionId(i), d));
        let private = (DefinitionId::FIRST_PRIVATE..)
            .zip(&self.private)
            .map(|(i, d)| (DefinitionId(i), d));
        public.chain(private)
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.public.shrink_to_fit();
        self.private.shrink_to_fit();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterKind {
    PositionalOnly,
    PositionalOrKeyword,
    VarArgs,
    KeywordOnly,
    KwArgs,
}

#[derive(Debug, Clone, Copy)]
pub enum DefinitionKind {
    /// `import a.b.c` binds `a`; `import a.b as c` binds `c` to `a.b`.
    Import {
        stmt: &'static StmtImport,
        alias: &'static Alias,
    },
    /// `from m import x [as y]`.
    ImportFrom {
        stmt: &'static StmtImportFrom,
        alias: &'static Alias,
    },
    Function(&'static StmtFunctionDef),
    Class(&'static StmtClassDef),
    /// `target = value` where `name` is (inside) `target`; unpacking is resolved by inference.
    Assignment {
        target: &'static Expr,
        value: &'static Expr,
        name: &'static ExprName,
    },
    AnnotatedAssignment(&'static StmtAnnAssign),
    AugmentedAssignment(&'static StmtAugAssign),
    For {
        stmt: &'static StmtFor,
        name: &'static ExprName,
    },
    With {
        item: &'static WithItem,
        is_async: bool,
        name: &'static ExprName,
    },
    Parameter {
        function: ScopeId,
        parameter: &'static Parameter,
        default: Option<&'static Expr>,
        kind: ParameterKind,
    },
    Comprehension {
        generator: &'static Comprehension,
        name: &'static ExprName,
    },
    NamedExpression(&'static ExprNamed),
    ExceptHandler {
        handler: &'static ExceptHandlerExceptHandler,
        is_star: bool,
    },
    /// A name a `match` pattern captures (`case [a, b]:`, `case Point(x=px)`, `case str() as s`,
    /// `case other:`), in the `case`-th case of `stmt`.
    MatchCapture {
        stmt: &'static StmtMatch,
        case: usize,
        name: &'static Identifier,
    },
    TypeParameter(&'static TypeParam),
    TypeAlias(&'static StmtTypeAlias),
    /// Bindings whose type inference does not model yet (odd store targets); typed `Unknown`.
    Opaque,
}

impl DefinitionKind {
    /// The expression whose value the definition binds (or iterates, or enters), when one
    /// expression may bind several definitions (`a, b = f()`, `for k, v in items`,
    /// `with open(p) as (f, g)`). Inference infers it once for all of them (see
    /// [`crate::SemanticIndex::value_head`]).
    pub fn value_expression(&self) -> Option<&'static Expr> {
        match self {
            DefinitionKind::Assignment { value, .. } => Some(value),
            DefinitionKind::For { stmt, .. } => Some(&stmt.iter),
            DefinitionKind::With { item, .. } => Some(&item.context_expr),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Definition {
    /// The scope whose code computes the bound value (where inference happens).
    pub scope: ScopeId,
    /// The scope that owns `symbol`: the same as `scope`, except for `global` names.
    pub symbol_scope: ScopeId,
    pub symbol: SymbolId,
    pub kind: DefinitionKind,
    /// The range of the bound name, for diagnostics.
    pub range: TextRange,
}
