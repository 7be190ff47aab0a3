//! Stable node ids. Every node of a parsed module gets its ruff `NodeIndex` at parse time, in
//! source order, so per-node tables (uses, scopes, definitions, reachability, inferred types) are
//! keyed by a number that means the same node however the AST is stored, moved or re-parsed from
//! the same text. Nothing is keyed by memory address.

use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor, TraversalSignal};
use ruff_python_ast::{AnyNodeRef, Expr, HasNodeIndex, Identifier, ModModule, NodeIndex, Pattern, Stmt};

/// The first id of a detached sub-tree (a string annotation parsed on its own). It is far above
/// any module's node count, so a sub-tree's nodes never share an id with its module's nodes.
pub const DETACHED_FIRST_ID: u32 = 1 << 30;

/// The key of a node in per-node tables: its `NodeIndex` as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeKey(u32);

impl NodeKey {
    /// The key of any node that has an index. A node made outside the parser (a placeholder)
    /// has none and gets `u32::MAX`, which no numbered node has.
    pub fn of(node: &impl HasNodeIndex) -> Self {
        NodeKey(node.node_index().load().as_u32().unwrap_or(u32::MAX))
    }
}

/// Expressions are keyed like every other node; the alias keeps call sites that only ever key
/// expressions readable.
pub type ExprKey = NodeKey;

impl From<&Expr> for NodeKey {
    fn from(expr: &Expr) -> Self {
        NodeKey::of(expr)
    }
}

/// Numbers every node of `module` in source order, from 0. Returns how deeply its statements,
/// expressions and patterns nest.
pub fn assign_module_ids(module: &ModModule) -> u32 {
    let mut numbering = Numbering::starting_at(0);
    module.node_index.set(NodeIndex::from(numbering.next));
    numbering.next += 1;
    numbering.visit_body(&module.body);
    numbering.max_depth
}

/// Numbers every node of a detached expression (a parsed string annotation) from
/// [`DETACHED_FIRST_ID`].
pub fn assign_detached_ids(expr: &Expr) {
    let mut numbering = Numbering::starting_at(DETACHED_FIRST_ID);
    numbering.visit_expr(expr);
}

struct Numbering {
    next: u32,
    depth: u32,
    max_depth: u32,
}

impl Numbering {
    fn starting_at(first: u32) -> Self {
        Numbering {
            next: first,
            depth: 0,
            max_depth: 0,
        }
    }

    /// Walks one nesting level deeper, on a stack that grows on demand.
    fn nested(&mut self, walk: impl FnOnce(&mut Self)) {
        self.depth += 1;
        self.max_depth = self.max_depth.max(self.depth);
        stacker::maybe_grow(RED_ZONE, NEW_STACK, || walk(self));
        self.depth -= 1;
    }
}

/// Deeply nested code (generated or adversarial) must not overflow the stack.
const RED_ZONE: usize = 128 * 1024;
const NEW_STACK: usize = 2 * 1024 * 1024;

impl<'a> SourceOrderVisitor<'a> for Numbering {
    fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
        node.node_index().set(NodeIndex::from(self.next));
        self.next += 1;
        TraversalSignal::Traverse
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.nested(|numbering| source_order::walk_stmt(numbering, stmt));
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.nested(|numbering| source_order::walk_expr(numbering, expr));
    }

    fn visit_identifier(&mut self, identifier: &'a Identifier) {
        identifier.node_index.set(NodeIndex::from(self.next));
        self.next += 1;
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        self.nested(|numbering| source_order::walk_pattern(numbering, pattern));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_gets_a_distinct_id_in_source_order() {
        let parsed = ruff_python_parser::parse_module("x = f(a, b)\ny = x").unwrap();
        let module = parsed.syntax();
        let depth = assign_module_ids(module);
        let Stmt::Assign(first) = &module.body[0] else { panic!() };
        let Stmt::Assign(second) = &module.body[1] else {
            panic!()
        };
        let keys = [
            NodeKey::of(module),
            NodeKey::of(&module.body[0]),
            NodeKey::of(&first.targets[0]),
            NodeKey::of(&*first.value),
            NodeKey::of(&module.body[1]),
            NodeKey::of(&second.targets[0]),
        ];
        assert!(keys.windows(2).all(|pair| pair[0] < pair[1]), "{keys:?}");
        // Statements, then their targets and values, then the call's arguments.
        assert_eq!(depth, 3);
    }

    #[test]
    fn detached_ids_never_meet_module_ids() {
        let parsed = ruff_python_parser::parse_expression("list[int]").unwrap();
        assign_detached_ids(parsed.expr());
        assert!(NodeKey::of(parsed.expr()) >= NodeKey(DETACHED_FIRST_ID));
    }
}
