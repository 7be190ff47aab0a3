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
    /// For definitions whose value was tested on every path from them to here (`if x is not
    /// None:`), the conditions known to hold, in order; definitions not listed are unnarrowed.
    pub narrowing: Vec<(DefinitionId, Vec<PredicateId>)>,
}

/// How many narrowing conditions are kept per definition.
const MAX_PREDICATES: usize = 32;

/// A condition known to hold (or, when `positive` is false, known not to hold) at some point:
/// the test of an `if`, `while`, `assert` or boolean operand.
#[derive(Debug, Clone, Copy)]
pub struct Predicate {
    pub test: &'static ruff_python_ast::Expr,
    pub positive: bool,
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

    /// The conditions that narrow `definition` here.
    pub fn predicates_of(&self, definition: DefinitionId) -> &[PredicateId] {
        self.narrowing
            .iter()
            .find(|(def, _)| *def == definition)
            .map_or(&[], |(_, predicates)| predicates.as_slice())
    }

    /// Records that `predicate` holds for every definition reaching this point. Beyond
    /// [`MAX_PREDICATES`] conditions per definition, later ones are dropped (narrowing less is
    /// always sound), which keeps pathological code such as `x and x and ...` linear.
    pub(crate) fn narrow(&mut self, predicate: PredicateId) {
        // A name not bound here (read from an enclosing scope) is narrowed as a whole.
        let enclosing = [DefinitionId::ENCLOSING];
        let definitions: &[DefinitionId] = if self.definitions.is_empty() {
            &enclosing
        } else {
            &self.definitions
        };
        for definition in definitions {
            match self.narrowing.iter_mut().find(|(def, _)| def == definition) {
                Some((_, predicates)) if predicates.len() < MAX_PREDICATES => predicates.push(predicate),
                Some(_) => {}
                None => self.narrowing.push((*definition, vec![predicate])),
            }
        }
    }

    pub fn is_unbound(&self) -> bool {
        self.definitions.is_empty()
    }

    fn merge(&mut self, other: &Bindings) {
        // A definition reaching through both paths keeps only the conditions both established;
        // one reaching through a single path keeps its own.
        let mut narrowing = Vec::new();
        for def in &self.definitions {
            let mine = self.predicates_of(*def);
            let kept: Vec<PredicateId> = if other.definitions.contains(def) {
                let theirs = other.predicates_of(*def);
                mine.iter().filter(|p| theirs.contains(p)).copied().collect()
            } else {
                mine.to_vec()
            };
            if !kept.is_empty() {
                narrowing.push((*def, kept));
            }
        }
        for def in &other.definitions {
            if !self.definitions.contains(def) {
                self.definitions.push(*def);
                let theirs = other.predicates_of(*def);
                if !theirs.is_empty() {
                    narrowing.push((*def, theirs.to_vec()));
                }
            }
        }
        if self.definitions.is_empty() || other.definitions.is_empty() {
            let mine = self.predicates_of(DefinitionId::ENCLOSING);
            let theirs = other.predicates_of(DefinitionId::ENCLOSING);
            let kept: Vec<PredicateId> = mine.iter().filter(|p| theirs.contains(p)).copied().collect();
            if !kept.is_empty() {
                narrowing.push((DefinitionId::ENCLOSING, kept));
            }
        }
        self.narrowing = narrowing;
        self.may_be_unbound |= other.may_be_unbound;
    }
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
