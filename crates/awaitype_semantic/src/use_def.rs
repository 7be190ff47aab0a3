//! Use-def state: for each symbol, the definitions that may reach the current point, and whether
//! the symbol may still be unbound there. Branches fork the state and merge it back; a path that
//! returns or raises drops out of the merge.
//!
//! A path that goes through a call statement (`f(...)`, `await f(...)`) continues only if the call
//! returns, and whether it can is known only from types (a call of type `Never` cannot). So each
//! state remembers the calls every path to it went through, and where paths merge, a symbol left
//! unbound on some of them remembers, per group of such paths, the calls they went through: the
//! types crate then tells whether the symbol is really unbound there. Every limit here falls back
//! to a plain "may be unbound", which is always sound.

use crate::definition::DefinitionId;

/// The definitions that reach one point for one symbol.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bindings {
    /// Inline up to two: most names are bound once or twice where they are read, and bindings
    /// are copied for every use and every branch.
    pub definitions: Definitions,
    /// Some path reaches this point without binding the symbol.
    pub may_be_unbound: bool,
    /// For definitions whose value was tested (or, for attribute places, assigned) on every
    /// path from them to here: the sets of conditions known to hold, one set per group of paths
    /// (on each path, all the conditions of at least one set hold). Definitions not listed are
    /// unnarrowed.
    pub narrowing: thin_vec::ThinVec<(DefinitionId, Vec<Vec<PredicateId>>)>,
    /// When `may_be_unbound` and not empty: each path that leaves the symbol unbound went
    /// through all the calls of one of these sets, so the symbol is unbound here only if, for
    /// some set, every call returns. Empty: some path leaves it unbound whatever calls do.
    pub unbound_paths: thin_vec::ThinVec<CallSet>,
}

/// The definitions that may reach a point.
pub type Definitions = smallvec::SmallVec<[DefinitionId; 2]>;

/// How many narrowing conditions are kept per definition and set.
const MAX_PREDICATES: usize = 32;
/// How many alternative sets are kept per definition before they are reduced to the
/// conditions they share.
const MAX_ALTERNATIVES: usize = 4;

/// A fact known at some point about a place, recorded by the index and interpreted by the types
/// crate. The kinds are exclusive.
#[derive(Debug, Clone, Copy)]
pub enum Predicate {
    /// The test of an `if`, `while`, `assert`, conditional expression, boolean operand or
    /// comprehension clause holds (`positive`) or does not.
    Condition {
        test: &'static ruff_python_ast::Expr,
        positive: bool,
    },
    /// The attribute or item place `place` was just assigned `value`.
    Assignment {
        place: &'static ruff_python_ast::Expr,
        value: &'static ruff_python_ast::Expr,
    },
    /// The attribute or item place `place` was just updated in place (`place += value`): it
    /// holds what the operator returned.
    AugmentedAssignment {
        place: &'static ruff_python_ast::Expr,
        statement: &'static ruff_python_ast::StmtAugAssign,
    },
    /// The attribute place `place` is the target of a `with` item: it holds what entering the
    /// item's context manager gives (`__enter__`, or the awaited `__aenter__` when `is_async`).
    Entered {
        place: &'static ruff_python_ast::Expr,
        item: &'static ruff_python_ast::WithItem,
        is_async: bool,
    },
    /// The `match` subject `subject` matched `pattern` (`positive`) or did not.
    Pattern {
        subject: &'static ruff_python_ast::Expr,
        pattern: &'static ruff_python_ast::Pattern,
        positive: bool,
    },
    /// The path went on past `call`: it left a `with` block by an exception that its context
    /// manager swallowed ([`crate::PathCallKind::Swallow`]), or it got past a call statement
    /// that may never return ([`crate::PathCallKind::Call`], at the end of an `if` branch). It
    /// narrows no place: on this path every value reaching here exists only if the call does
    /// go on.
    Swallowed { call: CallId },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PredicateId(pub u32);

/// A call statement a path may go through, numbered in the order the builder meets them (see
/// [`crate::SemanticIndex::path_call`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallId(pub u32);

/// How many calls a [`CallSet`] holds: beyond that, the earliest ones are dropped (a path that
/// went through the kept calls still went through them, so fewer is sound).
const MAX_CALLS: usize = 4;
/// How many sets of calls a symbol's `unbound_paths` keeps before they are reduced to the calls
/// they share (an `if`/`elif` chain whose arms exit keeps one per arm).
const MAX_UNBOUND_PATHS: usize = 8;

/// Some of the calls one path went through, in increasing [`CallId`] order. Fixed-size, so
/// passing and copying it never allocates.
#[derive(Debug, Clone, Copy, Eq)]
pub struct CallSet {
    len: u8,
    ids: [CallId; MAX_CALLS],
}

impl CallSet {
    pub const EMPTY: CallSet = CallSet {
        len: 0,
        ids: [CallId(0); MAX_CALLS],
    };

    pub fn iter(&self) -> impl Iterator<Item = CallId> + '_ {
        self.ids[..usize::from(self.len)].iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn contains(&self, id: CallId) -> bool {
        self.ids[..usize::from(self.len)].contains(&id)
    }

    /// Adds a call, dropping the earliest one when full.
    pub(crate) fn insert(&mut self, id: CallId) {
        let len = usize::from(self.len);
        let position = self.ids[..len].iter().take_while(|kept| **kept < id).count();
        if self.ids[..len].get(position) == Some(&id) {
            return;
        }
        if len < MAX_CALLS {
            self.ids.copy_within(position..len, position + 1);
            self.ids[position] = id;
            self.len += 1;
        } else if position > 0 {
            self.ids.copy_within(1..position, 0);
            self.ids[position - 1] = id;
        }
    }

    /// The calls a full set may have dropped are those before its first: `CallId(0)` unless full.
    fn floor(&self) -> CallId {
        if usize::from(self.len) == MAX_CALLS {
            self.ids[0]
        } else {
            CallId(0)
        }
    }

    fn as_slice(&self) -> &[CallId] {
        &self.ids[..usize::from(self.len)]
    }

    fn filtered(&self, mut keep: impl FnMut(CallId) -> bool) -> CallSet {
        let mut result = CallSet::EMPTY;
        for id in self.iter().filter(|id| keep(*id)) {
            result.ids[usize::from(result.len)] = id;
            result.len += 1;
        }
        result
    }

    fn intersection(&self, other: &CallSet) -> CallSet {
        self.filtered(|id| other.contains(id))
    }

    fn is_subset(&self, other: &CallSet) -> bool {
        self.iter().all(|id| other.contains(id))
    }

    fn union(&self, other: &CallSet) -> CallSet {
        let mut result = *self;
        for id in other.iter() {
            result.insert(id);
        }
        result
    }
}

impl Predicate {
    /// The place this fact narrows (`x` in `x is None`, `self.conn` in `self.conn = c`, the
    /// subject of a `match`), if it narrows one.
    pub fn place(self) -> Option<&'static ruff_python_ast::Expr> {
        let expr = match self {
            Predicate::Condition { test, .. } => test,
            Predicate::Assignment { place, .. }
            | Predicate::AugmentedAssignment { place, .. }
            | Predicate::Entered { place, .. } => place,
            Predicate::Pattern { subject, .. } => subject,
            Predicate::Swallowed { .. } => return None,
        };
        crate::builder::narrowing_subject(expr)
    }
}

impl Bindings {
    pub fn unbound() -> Self {
        Bindings {
            definitions: Definitions::new(),
            may_be_unbound: true,
            narrowing: thin_vec::ThinVec::new(),
            unbound_paths: thin_vec::ThinVec::new(),
        }
    }

    /// Adds what `other`, another way to reach the same point (a loop's back edge), says about
    /// the symbol being unbound. Its sets of calls are counted from its own state, which only
    /// leaves conditions out: sound; `route` are calls it goes through on the way here.
    pub(crate) fn add_unbound_paths(&mut self, other: &Bindings, route: CallSet) {
        merge_unbound_paths(self, CallSet::EMPTY, other, route);
        self.may_be_unbound |= other.may_be_unbound;
    }

    /// The calls numbered `first` or later that every path leaving the symbol unbound went
    /// through (none when some path leaves it unbound whatever calls do).
    pub(crate) fn calls_on_every_unbound_path(&self, first: CallId) -> CallSet {
        let Some((head, rest)) = self.unbound_paths.split_first() else {
            return CallSet::EMPTY;
        };
        rest.iter()
            .fold(*head, |shared, set| shared.intersection(set))
            .filtered(|id| id >= first)
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
    fn narrowed_definitions(&self) -> Definitions {
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
        self.narrowing = narrowing.into();
        self.may_be_unbound |= other.may_be_unbound;
    }
}

impl PartialEq for CallSet {
    fn eq(&self, other: &CallSet) -> bool {
        self.as_slice() == other.as_slice()
    }
}

/// Updates `mine.unbound_paths` (not `may_be_unbound`) for the merge of `mine` with `theirs`,
/// the symbol's bindings in two states; `mine_extra` and `theirs_extra` are the calls each state
/// went through beyond those both did (which the merged state keeps). The sets become empty when
/// some path leaves the symbol unbound whatever the calls do. It works in place and allocates
/// only when a set is new, since it runs for every symbol at every merge.
fn merge_unbound_paths(mine: &mut Bindings, mine_extra: CallSet, theirs: &Bindings, theirs_extra: CallSet) {
    let unconditional = |bindings: &Bindings, extra: &CallSet| {
        bindings.may_be_unbound && bindings.unbound_paths.is_empty() && extra.is_empty()
    };
    if !mine.may_be_unbound && !theirs.may_be_unbound {
        return;
    }
    if unconditional(mine, &mine_extra) || unconditional(theirs, &theirs_extra) {
        mine.unbound_paths.clear();
        return;
    }
    // The common case of a symbol left unbound before the paths split: the sets stay as they are
    // (one side's sets, grown by its extra calls, hold the other's).
    if mine.may_be_unbound
        && theirs.may_be_unbound
        && (mine_extra.is_empty() || theirs_extra.is_empty())
        && mine.unbound_paths == theirs.unbound_paths
    {
        return;
    }
    let paths = &mut mine.unbound_paths;
    if mine.may_be_unbound {
        if paths.is_empty() {
            paths.push(mine_extra);
        } else if !mine_extra.is_empty() {
            let sets = std::mem::take(paths);
            for set in sets {
                add_path(paths, set.union(&mine_extra));
            }
        }
    }
    if theirs.may_be_unbound {
        if theirs.unbound_paths.is_empty() {
            add_path(paths, theirs_extra);
        }
        for set in &theirs.unbound_paths {
            add_path(paths, set.union(&theirs_extra));
        }
    }
    if paths.len() > MAX_UNBOUND_PATHS {
        // Every path went through the calls all sets share.
        let shared = paths
            .iter()
            .skip(1)
            .fold(paths[0], |shared, set| shared.intersection(set));
        paths.clear();
        if !shared.is_empty() {
            paths.push(shared);
        }
    }
}

/// Adds the calls of a group of paths to the sets a symbol is unbound on. A set that holds
/// another says less (its paths are unbound only if even more calls return), so only the smaller
/// one is kept.
fn add_path(paths: &mut thin_vec::ThinVec<CallSet>, set: CallSet) {
    if paths.iter().any(|kept| kept.is_subset(&set)) {
        return;
    }
    paths.retain(|kept| !set.is_subset(kept));
    paths.push(set);
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
    /// Calls every path to here went through: the state is reached only if they all return.
    pub(crate) calls: CallSet,
    /// The bindings of the symbols beyond `symbols` (none bound yet): unbound, but maybe only on
    /// paths through calls.
    pub(crate) beyond: Bindings,
}

impl FlowState {
    pub(crate) fn new() -> Self {
        FlowState {
            symbols: Vec::new(),
            reachable: true,
            swallow_conditions: Vec::new(),
            calls: CallSet::EMPTY,
            beyond: Bindings::unbound(),
        }
    }

    pub(crate) fn unreachable() -> Self {
        FlowState {
            symbols: Vec::new(),
            reachable: false,
            swallow_conditions: Vec::new(),
            calls: CallSet::EMPTY,
            beyond: Bindings::unbound(),
        }
    }

    pub(crate) fn ensure_symbol(&mut self, index: usize) {
        if self.symbols.len() <= index {
            self.symbols.resize(index + 1, self.beyond.clone());
        }
    }

    pub(crate) fn bind(&mut self, index: usize, definition: DefinitionId) {
        self.ensure_symbol(index);
        self.symbols[index] = Bindings {
            definitions: smallvec::smallvec![definition],
            may_be_unbound: false,
            narrowing: thin_vec::ThinVec::new(),
            unbound_paths: thin_vec::ThinVec::new(),
        };
    }

    /// The path goes through a call statement: what follows runs only if it returns.
    pub(crate) fn pass_call(&mut self, call: CallId) {
        if self.reachable {
            self.calls.insert(call);
        }
    }

    /// Forgets the calls numbered `first` or later. An `except` handler is entered from the
    /// middle of its `try` body, where the calls the body makes later have not returned yet.
    pub(crate) fn forget_calls_from(&mut self, first: CallId) {
        self.calls = self.calls.filtered(|id| id < first);
        for bindings in self.symbols.iter_mut().chain([&mut self.beyond]) {
            if bindings.unbound_paths.is_empty() {
                continue;
            }
            for set in &mut bindings.unbound_paths {
                *set = set.filtered(|id| id < first);
            }
            if bindings.unbound_paths.iter().any(CallSet::is_empty) {
                bindings.unbound_paths.clear();
            }
        }
    }

    /// The symbol is certainly unbound from here (`del x`).
    pub(crate) fn unbind(&mut self, index: usize) {
        self.ensure_symbol(index);
        self.symbols[index] = Bindings::unbound();
    }

    pub(crate) fn get(&self, index: usize) -> Bindings {
        self.bindings(index).clone()
    }

    pub(crate) fn bindings(&self, index: usize) -> &Bindings {
        self.symbols.get(index).unwrap_or(&self.beyond)
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
        // Reached through either path: only the calls both went through remain, and a symbol
        // unbound on one path remembers the calls only that path went through.
        // A call one state lacks only because it dropped it when full is no difference between
        // the paths: leaving it out of the extra calls is sound, and keeps the sets from churning.
        let common = self.calls.intersection(&other.calls);
        let (mine_floor, theirs_floor) = (self.calls.floor(), other.calls.floor());
        let mine_extra = self.calls.filtered(|id| !common.contains(id) && id >= theirs_floor);
        let theirs_extra = other.calls.filtered(|id| !common.contains(id) && id >= mine_floor);
        self.calls = common;
        let len = self.symbols.len().max(other.symbols.len());
        self.ensure_symbol(len.saturating_sub(1));
        for (index, bindings) in self.symbols.iter_mut().enumerate() {
            let theirs = other.symbols.get(index);
            merge_unbound_paths(bindings, mine_extra, theirs.unwrap_or(&other.beyond), theirs_extra);
            // A symbol the other state has not met yet is unbound there, and not narrowed.
            bindings.merge(theirs.unwrap_or(&other.beyond));
        }
        merge_unbound_paths(&mut self.beyond, mine_extra, &other.beyond, theirs_extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[u32]) -> CallSet {
        let mut set = CallSet::EMPTY;
        for id in ids {
            set.insert(CallId(*id));
        }
        set
    }

    fn ids(set: &CallSet) -> Vec<u32> {
        set.iter().map(|id| id.0).collect()
    }

    #[test]
    fn call_sets_keep_the_latest_calls_in_order() {
        assert_eq!(ids(&set(&[3, 1, 2, 1])), [1, 2, 3]);
        assert_eq!(ids(&set(&[1, 2, 3, 4, 5, 6])), [3, 4, 5, 6]);
        // A call earlier than all kept ones is not worth more than them.
        assert_eq!(ids(&set(&[5, 6, 7, 8, 1])), [5, 6, 7, 8]);
        assert_eq!(ids(&set(&[1, 3, 5, 7, 4])), [3, 4, 5, 7]);
        assert_eq!(ids(&set(&[1, 2]).union(&set(&[2, 3]))), [1, 2, 3]);
        assert_eq!(ids(&set(&[1, 2]).intersection(&set(&[2, 3]))), [2]);
        assert!(set(&[1, 2]).is_subset(&set(&[1, 2, 3])) && !set(&[1, 4]).is_subset(&set(&[1, 2, 3])));
    }

    fn state(calls: &[u32], bound: Option<u32>) -> FlowState {
        let mut state = FlowState::new();
        state.ensure_symbol(0);
        for call in calls {
            state.pass_call(CallId(*call));
        }
        if let Some(definition) = bound {
            state.bind(0, DefinitionId(definition));
        }
        state
    }

    #[test]
    fn a_symbol_unbound_only_after_calls_remembers_them() {
        let mut merged = state(&[], Some(0));
        merged.merge(&state(&[7], None));
        let bindings = merged.get(0);
        assert!(bindings.may_be_unbound);
        assert_eq!(bindings.unbound_paths, [set(&[7])]);
        // A path without calls makes it unbound whatever the calls do.
        merged.merge(&state(&[], None));
        assert!(merged.get(0).may_be_unbound && merged.get(0).unbound_paths.is_empty());
    }

    #[test]
    fn symbols_not_bound_yet_remember_the_calls() {
        let mut merged = state(&[7], None);
        merged.merge(&state(&[8], None));
        let mut later = merged.clone();
        later.bind(3, DefinitionId(0));
        assert_eq!(later.get(1).unbound_paths, [set(&[7]), set(&[8])]);
        assert_eq!(later.get(5).unbound_paths, [set(&[7]), set(&[8])]);
        merged.merge(&later);
        assert_eq!(merged.get(3).unbound_paths, [set(&[7]), set(&[8])]);
    }

    #[test]
    fn calls_both_paths_went_through_stay_on_the_state() {
        let mut merged = state(&[1, 2], Some(0));
        merged.merge(&state(&[1, 3], None));
        assert_eq!(merged.calls, set(&[1]));
        assert_eq!(merged.get(0).unbound_paths, [set(&[3])]);
        // Calls made later in a `try` body are forgotten when a handler starts.
        let mut handler = merged.clone();
        handler.forget_calls_from(CallId(2));
        assert_eq!(handler.calls, set(&[1]));
        assert!(handler.get(0).may_be_unbound && handler.get(0).unbound_paths.is_empty());
    }

    #[test]
    fn calls_a_full_state_dropped_are_no_difference() {
        // Both paths went through calls 1 to 4; one then made call 5 and dropped call 1.
        let mut merged = state(&[1, 2, 3, 4], Some(0));
        merged.merge(&state(&[1, 2, 3, 4, 5], None));
        assert_eq!(merged.calls, set(&[2, 3, 4]));
        assert_eq!(merged.get(0).unbound_paths, [set(&[5])]);
    }

    #[test]
    fn too_many_paths_keep_what_they_share() {
        let mut distinct = state(&[], Some(0));
        let mut shared = state(&[], Some(0));
        for call in 1..=MAX_UNBOUND_PATHS as u32 + 1 {
            distinct.merge(&state(&[call], None));
            shared.merge(&state(&[100, call], None));
        }
        assert!(distinct.get(0).may_be_unbound && distinct.get(0).unbound_paths.is_empty());
        assert_eq!(shared.get(0).unbound_paths, [set(&[100])]);
    }
}
