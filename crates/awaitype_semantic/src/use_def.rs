//! Use-def state: for each symbol, the definitions that may reach the current point, and whether
//! the symbol may still be unbound there. Branches fork the state and merge it back; a path that
//! returns or raises drops out of the merge.

use crate::definition::DefinitionId;

/// The definitions that reach one point for one symbol.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bindings {
    pub definitions: Vec<DefinitionId>,
    /// Some path reaches this point without binding the symbol.
    pub may_be_unbound: bool,
    /// For definitions whose value was tested (or, for attribute places, assigned) on every
    /// path from them to here: the sets of conditions known to hold, one set per group of paths
    /// (on each path, all the conditions of at least one set hold). Definitions not listed are
    /// unnarrowed.
    pub narrowing: Vec<(DefinitionId, Vec<Vec<PredicateId>>)>,
}

/// How many narrowing conditions are kept per definition and set.
const MAX_PREDICATES: usize = 32;
/// How many alternative sets are kept per definition before they are reduced to the
/// conditions they share.
const MAX_ALTERNATIVES: usize = 4;

/// A fact known at some point: the test of an `if`, `while`, `assert` or boolean operand holds
/// (or, when `positive` is false, does not); or, when `assigned` is set, the place `test` was
/// just assigned that value; or, when `pattern` is set, the `match` subject `test` matched that
/// pattern (or did not).
#[derive(Debug, Clone, Copy)]
pub struct Predicate {
    pub test: &'static ruff_python_ast::Expr,
    pub positive: bool,
    pub assigned: Option<&'static ruff_python_ast::Expr>,
    pub pattern: Option<&'static ruff_python_ast::Pattern>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PredicateId(pub u32);

impl Bindings {
    pub fn unbound() -> Self {
        Bindings {
            definitions: Vec::new(),
            may_be_unbound: true,
            narrowing: Vec::new(),
        }
    }

    /// The sets of conditions that narrow `definition` here (`None`: not narrowed).
    pub fn alternatives_of(&self, definition: DefinitionId) -> Option<&[Vec<PredicateId>]> {
        self.narrowing
            .iter()
            .find(|(def, _)| *def == definition)
            .map(|(_, alternatives)| alternatives.as_slice())
    }

    /// The conditions that hold for `definition` on every path here.
    pub fn predicates_of(&self, definition: DefinitionId) -> Vec<PredicateId> {
        self.alternatives_of(definition).map(common).unwrap_or_default()
    }

    /// The definitions narrowing is recorded for: a name not bound in this scope (read from an
    /// enclosing one) is narrowed as a whole, under [`DefinitionId::ENCLOSING`].
    fn narrowed_definitions(&self) -> Vec<DefinitionId> {
        let mut definitions = self.definitions.clone();
        // On the paths where this scope bound nothing, the value is the enclosing one (or the
        // module's, for a `global` name assigned on other paths).
        if self.may_be_unbound {
            definitions.push(DefinitionId::ENCLOSING);
        }
        definitions
    }

    /// Records that `predicate` holds for every definition reaching this point. Beyond
    /// [`MAX_PREDICATES`] conditions per set, later ones are dropped (narrowing less is always
    /// sound), which keeps pathological code such as `x and x and ...` linear.
    pub(crate) fn narrow(&mut self, predicate: PredicateId) {
        for definition in self.narrowed_definitions() {
            match self.narrowing.iter_mut().find(|(def, _)| *def == definition) {
                Some((_, alternatives)) => {
                    for predicates in alternatives.iter_mut() {
                        if predicates.len() < MAX_PREDICATES {
                            predicates.push(predicate);
                        }
                    }
                }
                None => self.narrowing.push((definition, vec![vec![predicate]])),
            }
        }
    }

    /// Drops the conditions `forget` selects, from every set of every definition.
    pub(crate) fn forget(&mut self, mut forget: impl FnMut(PredicateId) -> bool) {
        for (_, alternatives) in &mut self.narrowing {
            for predicates in alternatives.iter_mut() {
                predicates.retain(|id| !forget(*id));
            }
        }
    }

    pub fn is_unbound(&self) -> bool {
        self.definitions.is_empty()
    }

    fn merge(&mut self, other: &Bindings) {
        // A definition reaching through both paths is narrowed by either path's conditions
        // (kept as alternatives); one reaching through a single path keeps its own.
        let mut narrowing = Vec::new();
        let both = |def: DefinitionId, narrowing: &mut Vec<(DefinitionId, Vec<Vec<PredicateId>>)>| {
            let (Some(mine), Some(theirs)) = (self.alternatives_of(def), other.alternatives_of(def)) else {
                return;
            };
            let mut alternatives: Vec<Vec<PredicateId>> = mine.to_vec();
            for alternative in theirs {
                if !alternatives.contains(alternative) {
                    alternatives.push(alternative.clone());
                }
            }
            if alternatives.iter().any(Vec::is_empty) {
                return;
            }
            if alternatives.len() > MAX_ALTERNATIVES {
                let shared = common(&alternatives);
                if shared.is_empty() {
                    return;
                }
                alternatives = vec![shared];
            }
            narrowing.push((def, alternatives));
        };
        for def in &self.definitions {
            if other.definitions.contains(def) {
                both(*def, &mut narrowing);
            } else if let Some(mine) = self.alternatives_of(*def) {
                narrowing.push((*def, mine.to_vec()));
            }
        }
        for def in &other.definitions {
            if !self.definitions.contains(def)
                && let Some(theirs) = other.alternatives_of(*def)
            {
                narrowing.push((*def, theirs.to_vec()));
            }
        }
        // The enclosing value reaches through the paths that bind nothing.
        match (self.may_be_unbound, other.may_be_unbound) {
            (true, true) => both(DefinitionId::ENCLOSING, &mut narrowing),
            (true, false) => {
                if let Some(mine) = self.alternatives_of(DefinitionId::ENCLOSING) {
                    narrowing.push((DefinitionId::ENCLOSING, mine.to_vec()));
                }
            }
            (false, true) => {
                if let Some(theirs) = other.alternatives_of(DefinitionId::ENCLOSING) {
                    narrowing.push((DefinitionId::ENCLOSING, theirs.to_vec()));
                }
            }
            (false, false) => {}
        }
        for def in &other.definitions {
            if !self.definitions.contains(def) {
                self.definitions.push(*def);
            }
        }
        self.narrowing = narrowing;
        self.may_be_unbound |= other.may_be_unbound;
    }
}

/// The conditions every set holds.
fn common(alternatives: &[Vec<PredicateId>]) -> Vec<PredicateId> {
    let Some((first, rest)) = alternatives.split_first() else {
        return Vec::new();
    };
    first
        .iter()
        .filter(|id| rest.iter().all(|other| other.contains(id)))
        .copied()
        .collect()
}

/// The state of all symbols of one scope at one point of the control flow.
#[derive(Debug, Clone)]
pub(crate) struct FlowState {
    pub(crate) symbols: Vec<Bindings>,
    pub(crate) reachable: bool,
    /// When not empty, the state is reached only if each of these `with` statements' context
    /// managers swallows exceptions (their bodies never end normally); known once types are.
    pub(crate) swallow_conditions: Vec<&'static ruff_python_ast::StmtWith>,
}

impl FlowState {
    pub(crate) fn new() -> Self {
        FlowState {
            symbols: Vec::new(),
            reachable: true,
            swallow_conditions: Vec::new(),
        }
    }

    pub(crate) fn unreachable() -> Self {
        FlowState {
            symbols: Vec::new(),
            reachable: false,
            swallow_conditions: Vec::new(),
        }
    }

    pub(crate) fn ensure_symbol(&mut self, index: usize) {
        if self.symbols.len() <= index {
            self.symbols.resize_with(index + 1, Bindings::unbound);
        }
    }

    pub(crate) fn bind(&mut self, index: usize, definition: DefinitionId) {
        self.ensure_symbol(index);
        self.symbols[index] = Bindings {
            definitions: vec![definition],
            may_be_unbound: false,
            narrowing: Vec::new(),
        };
    }

    /// The symbol is certainly unbound from here (`del x`).
    pub(crate) fn unbind(&mut self, index: usize) {
        self.ensure_symbol(index);
        self.symbols[index] = Bindings::unbound();
    }

    pub(crate) fn get(&self, index: usize) -> Bindings {
        self.symbols.get(index).cloned().unwrap_or_else(Bindings::unbound)
    }

    /// Merges the state of another path into this one. Unreachable paths contribute nothing.
    pub(crate) fn merge(&mut self, other: &FlowState) {
        if !other.reachable {
            return;
        }
        if !self.reachable {
            *self = other.clone();
            return;
        }
        // Reached if either path is: only the conditions both paths share remain.
        self.swallow_conditions
            .retain(|with| other.swallow_conditions.iter().any(|o| std::ptr::eq(*o, *with)));
        let len = self.symbols.len().max(other.symbols.len());
        self.ensure_symbol(len.saturating_sub(1));
        for (index, bindings) in self.symbols.iter_mut().enumerate() {
            match other.symbols.get(index) {
                Some(theirs) => bindings.merge(theirs),
                None => bindings.may_be_unbound = true,
            }
        }
    }
}
