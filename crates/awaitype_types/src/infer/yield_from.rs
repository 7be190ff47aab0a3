//! `invalid-yield` on `yield from x`: the delegating generator passes on everything `x` yields,
//! so each of `x`'s items must fit the declared yield type; and it forwards every value its
//! caller sends to `x`, so when both are `Generator`s the declared send type must fit the one
//! `x` accepts (send types flow the other way, into the inner generator).

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use awaitype_diagnostics::Rule;

use crate::infer::Inferrer;
use crate::relation::{as_instance_of, is_assignable};
use crate::ty::Type;

impl Inferrer<'_> {
    /// Reports the items and send type of `yield from value` that do not fit the enclosing
    /// generator's annotation.
    pub(super) fn check_yield_from(&mut self, value: Type, operand: &'static Expr, range: TextRange) {
        if !self.is_reporting() || value.is_dynamic() {
            return;
        }
        let Some(expected) = self.enclosing_generator_yield_type() else {
            return;
        };
        let db = self.db;
        let item = self.iterate(value, operand, false);
        if !item.is_dynamic() && !is_assignable(db, item, expected) {
            let message = format!(
                "`yield from` passes on items of type `{}`, which are not assignable to the declared yield type `{}`",
                self.display(item),
                self.display(expected)
            );
            self.report(operand.range(), Rule::InvalidYield, message);
            return;
        }
        let Some(generator) = db.known_class("typing", "Generator") else {
            return;
        };
        let Some(inner_send) = as_instance_of(db, value, generator).and_then(|inner| inner.args.get(1).copied()) else {
            return;
        };
        // Only an enclosing `Generator[Y, S, R]` annotation says what callers may send; an
        // `Iterator` is only advanced with `next()`.
        let Some(outer_send) = self
            .enclosing_declared_return()
            .and_then(|declared| as_instance_of(db, declared, generator))
            .and_then(|outer| outer.args.get(1).copied())
        else {
            return;
        };
        if !inner_send.is_dynamic() && !is_assignable(db, outer_send, inner_send) {
            let message = format!(
                "`yield from` forwards the values sent to this generator (declared send type `{}`) to a generator that accepts `{}`",
                self.display(outer_send),
                self.display(inner_send)
            );
            self.report(range, Rule::InvalidYield, message);
        }
    }
}
