//! A parsed module together with its semantic index. The index refers to the module's nodes
//! with plain `&'static` references, and hands such references to every later layer: inference
//! keeps no copies and no pointers of its own. The nodes live in the [`ParsedModule`]'s heap
//! allocations, which never move, so the references are valid exactly as long as this value is.
//! `'static` is a promise the owner keeps, not the compiler: see [`IndexedModule::build`].

use crate::index::{IndexOptions, SemanticIndex};
use crate::parse::ParsedModule;

#[derive(Debug)]
pub struct IndexedModule {
    /// Declared first so that it is dropped before the tree it refers into.
    pub index: SemanticIndex,
    pub parsed: ParsedModule,
}

impl IndexedModule {
    /// Builds the index of a parsed module.
    ///
    /// # Safety
    ///
    /// The index, and everything that asks it for nodes, holds `'static` references into the
    /// module's tree. The caller must keep the returned value alive (not drop it) while any
    /// reference obtained from it, directly or through the index, may still be used.
    pub unsafe fn build(parsed: ParsedModule, options: &IndexOptions) -> Self {
        let module: *const ruff_python_ast::ModModule = parsed.module();
        // SAFETY: the tree is a heap allocation owned by `parsed`, which is moved into the
        // returned value but never moves the tree or mutates it; the caller keeps the value
        // alive while the references are used (this function's contract).
        let module: &'static ruff_python_ast::ModModule = unsafe { &*module };
        IndexedModule {
            index: crate::builder::build(module, options),
            parsed,
        }
    }

    /// The expression a string annotation's text parses to, with the module's lifetime (the
    /// same promise as the index's references).
    pub fn string_annotation(&self, text: &str) -> Option<&ruff_python_parser::Parsed<ruff_python_ast::ModExpression>> {
        self.parsed.string_annotation(text)
    }
}
