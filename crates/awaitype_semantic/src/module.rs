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

#[cfg(test)]
mod tests {
    use ruff_python_ast::PythonVersion;

    use super::IndexedModule;
    use crate::{DefinitionId, IndexOptions, ScopeId};

    fn module_level_ids(source: &str) -> Vec<(String, Vec<DefinitionId>)> {
        let options = IndexOptions {
            python_version: PythonVersion::PY313,
            platform: "linux".to_string(),
            is_stub: false,
        };
        // SAFETY: nothing obtained from the module outlives it (ids are plain numbers).
        let module = unsafe { IndexedModule::build(crate::parse(source, PythonVersion::PY313), &options) };
        let scope = module.index.scope(ScopeId::MODULE);
        ["f", "C", "g", "x"]
            .iter()
            .map(|name| {
                let ids = scope
                    .end_bindings_of(name)
                    .map(|b| b.definitions.to_vec())
                    .unwrap_or_default();
                ((*name).to_string(), ids)
            })
            .collect()
    }

    /// What other modules see of a module (its classes, functions and module-level names) keeps
    /// its ids when a function body gains or loses definitions, so their types stay valid.
    #[test]
    fn an_edit_inside_a_function_body_keeps_the_visible_ids() {
        let before = "def f(a):\n    return a\nclass C:\n    def m(self): ...\ndef g(): ...\nx = 1\n";
        let after = "def f(a):\n    b = [i for i in a]\n    c = lambda: b\n    return c\nclass C:\n    def m(self): ...\ndef g(): ...\nx = 1\n";
        let (before, after) = (module_level_ids(before), module_level_ids(after));
        assert!(
            before.iter().all(|(_, ids)| ids.len() == 1 && !ids[0].is_private()),
            "{before:?}"
        );
        assert_eq!(before, after);
    }
}
