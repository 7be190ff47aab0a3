//! Diagnostics are the product's output: every layer produces them, the CLI and the Markdown test
//! runner consume them. This crate is at the bottom of the dependency graph so that all layers can
//! speak the same vocabulary (rules, severities, positions) without depending on each other.

mod diagnostic;
mod position;
pub mod render;
mod rule;

pub use diagnostic::{Diagnostic, Severity};
pub use position::{LineColumn, SourcePositions};
pub use ruff_text_size::{TextRange, TextSize};
pub use rule::Rule;
