//! Expressions are identified by the address of their node. ASTs are never freed or moved (see
//! `parse`), so an address is a stable, unique, zero-cost key for per-expression tables.

use ruff_python_ast::Expr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprKey(usize);

impl ExprKey {
    pub fn of(expr: &Expr) -> Self {
        ExprKey(std::ptr::from_ref(expr) as usize)
    }
}

impl From<&Expr> for ExprKey {
    fn from(expr: &Expr) -> Self {
        ExprKey::of(expr)
    }
}
