//! Parsing with `ruff_python_parser`, recovering from syntax errors so the rest of a file is still
//! checked. A [`ParsedModule`] owns its AST (and the string annotations parsed from it) in heap
//! allocations that never move, so the index built on it can refer to nodes directly (see
//! [`crate::IndexedModule`]).
//!
//! Dropping a tree is recursive. A tree nested deeper than any hand-written code (generated or
//! adversarial input) is dropped on a large stack segment of its own, so freeing a module can
//! never overflow the stack of whichever thread lets go of it last.

use std::mem::ManuallyDrop;
use std::sync::Mutex;

use ruff_python_ast::{ModExpression, ModModule, PythonVersion};
use ruff_python_parser::{Mode, ParseOptions, Parsed};
use ruff_text_size::TextRange;
use rustc_hash::FxHashMap;

/// Trees nested at most this deeply are dropped where they are let go of: a few hundred frames
/// fit any thread's stack.
const INLINE_DROP_DEPTH: u32 = 256;

/// The stack a deeper tree is dropped on. Only the pages a drop touches are ever committed.
const DEEP_DROP_STACK: usize = 1 << 30;

#[derive(Debug)]
pub struct ParsedModule {
    /// Never moved out of its box and never mutated after numbering, so references to its nodes
    /// stay valid until the module is dropped.
    module: ManuallyDrop<Box<ModModule>>,
    /// How deeply statements, expressions and patterns nest.
    depth: u32,
    /// Syntax errors found by the parser, with their locations.
    pub syntax_errors: Vec<(TextRange, String)>,
    /// Every comment of the file, in order (for suppression comments such as `# type: ignore`).
    pub comments: Vec<TextRange>,
    string_annotations: StringAnnotations,
}

/// The string annotations of a module, each distinct text parsed once, on first use, and kept
/// (in an append-only arena, so references stay valid) as long as the module.
#[derive(Debug, Default)]
struct StringAnnotations {
    parsed: boxcar::Vec<Parsed<ModExpression>>,
    by_text: Mutex<FxHashMap<Box<str>, Option<usize>>>,
}

impl ParsedModule {
    pub fn module(&self) -> &ModModule {
        &self.module
    }

    /// The expression a string annotation's text parses to, numbered as a detached tree (see
    /// `node_ids`); `None` if the text is not an expression.
    pub fn string_annotation(&self, text: &str) -> Option<&Parsed<ModExpression>> {
        let annotations = &self.string_annotations;
        let mut by_text = annotations.by_text.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = by_text.get(text) {
            return slot.map(|index| &annotations.parsed[index]);
        }
        let slot = ruff_python_parser::parse_expression(text).ok().map(|parsed| {
            crate::node_ids::assign_detached_ids(parsed.expr());
            annotations.parsed.push(parsed)
        });
        by_text.insert(text.into(), slot);
        slot.map(|index| &annotations.parsed[index])
    }
}

impl Drop for ParsedModule {
    fn drop(&mut self) {
        // SAFETY: `module` is taken exactly once, here, and never used again.
        let module = unsafe { ManuallyDrop::take(&mut self.module) };
        if self.depth > INLINE_DROP_DEPTH {
            // A stack segment of its own, reserved but committed only as the drop touches it.
            stacker::grow(DEEP_DROP_STACK, move || drop(module));
        } else {
            drop(module);
        }
    }
}

/// Parses a module for the target Python version: syntax newer than that version (PEP 695
/// generics before 3.12, `match` before 3.10, ...) is reported as a syntax error.
pub fn parse(source: &str, python_version: PythonVersion) -> ParsedModule {
    let options = ParseOptions::from(Mode::Module).with_target_version(python_version);
    let parsed = ruff_python_parser::parse_unchecked(source, options);
    let mut syntax_errors: Vec<(TextRange, String)> = parsed
        .errors()
        .iter()
        .map(|error| (error.location, error.error.to_string()))
        .collect();
    syntax_errors.extend(
        parsed
            .unsupported_syntax_errors()
            .iter()
            .map(|error| (error.range, error.to_string())),
    );
    let comments = parsed
        .tokens()
        .iter()
        .filter(|token| token.kind() == ruff_python_ast::token::TokenKind::Comment)
        .map(ruff_text_size::Ranged::range)
        .collect();
    let module = match parsed.into_syntax() {
        ruff_python_ast::Mod::Module(module) => module,
        ruff_python_ast::Mod::Expression(expression) => ModModule {
            node_index: ruff_python_ast::AtomicNodeIndex::default(),
            range: expression.range,
            body: Vec::new().into(),
        },
    };
    let depth = crate::node_ids::assign_module_ids(&module);
    ParsedModule {
        module: ManuallyDrop::new(Box::new(module)),
        depth,
        syntax_errors,
        comments,
        string_annotations: StringAnnotations::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dropping a deep tree recurses once per level: a thread with a small stack must be able
    /// to let go of one.
    #[test]
    fn a_deep_tree_is_dropped_without_overflowing_a_small_stack() {
        let depth = 50_000;
        let source = format!("x = {}1{}\n", "-(".repeat(depth), ")".repeat(depth));
        let parsed = std::thread::Builder::new()
            .stack_size(1 << 30)
            .spawn(move || parse(&source, PythonVersion::PY313))
            .unwrap()
            .join()
            .unwrap();
        assert!(parsed.depth > INLINE_DROP_DEPTH, "{}", parsed.depth);
        std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || drop(parsed))
            .unwrap()
            .join()
            .expect("the drop does not overflow the stack");
    }
}
