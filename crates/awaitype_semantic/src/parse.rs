//! Parsing with `ruff_python_parser`, recovering from syntax errors so the rest of a file is still
//! checked. The AST is leaked on purpose: a check run parses each file once and needs it until the
//! process exits, and `'static` nodes let every later layer reference them directly.

use ruff_python_ast::ModModule;
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::TextRange;

#[derive(Debug)]
pub struct ParsedModule {
    pub module: &'static ModModule,
    /// Syntax errors found by the parser, with their locations.
    pub syntax_errors: Vec<(TextRange, String)>,
}

pub fn parse(source: &str) -> ParsedModule {
    let parsed = ruff_python_parser::parse_unchecked(source, ParseOptions::from(Mode::Module));
    let syntax_errors: Vec<(TextRange, String)> = parsed
        .errors()
        .iter()
        .map(|error| (error.location, error.error.to_string()))
        .collect();
    let module = match parsed.into_syntax() {
        ruff_python_ast::Mod::Module(module) => module,
        ruff_python_ast::Mod::Expression(expression) => ModModule {
            node_index: ruff_python_ast::AtomicNodeIndex::default(),
            range: expression.range,
            body: Vec::new().into(),
        },
    };
    ParsedModule {
        module: Box::leak(Box::new(module)),
        syntax_errors,
    }
}
