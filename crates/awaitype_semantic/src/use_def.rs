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
}

impl Bindings {
    pub fn unbound() -> Self {
        Bindings {
            definitions: Vec::new(),
            may_be_unbound: true,
        }
    }

    pub fn is_unbound(&self) -> bool {
        self.definitions.is_empty()
    }

    fn merge(&mut self, other: &Bindings) {
        for def in &other.definitions {
            if !self.definitions.contains(def) {
                self.definitions.push(*def);
            }
        }
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
        };
    }

    /// The symbol is certainly unbound from here (`del x`).
    pub(crate) fn unbind(&mut self, index: usize) {
        self.ensure_symbol(index);
        self.symbols[index] = Bindings {
            definitions: Vec::new(),
            may_be_unbound: true,
        };
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
