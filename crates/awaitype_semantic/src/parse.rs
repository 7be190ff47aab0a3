//! Parsing with `ruff_python_parser`, recovering from syntax errors so the rest of a file is still
//! checked. The AST is leaked on purpose: a check run parses each file once and needs it until the
//! process exits, and `'static` nodes let every later layer reference them directly.

use ruff_python_ast::{ModModule, PythonVersion};
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::TextRange;

#[derive(Debug)]
pub struct ParsedModule {
    pub module: &'static ModModule,
    /// Syntax errors found by the parser, with their locations.
    pub syntax_errors: Vec<(TextRange, String)>,
    /// Every comment of the file, in order (for suppression comments such as `# type: ignore`).
    pub comments: Vec<TextRange>,
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
    crate::node_ids::assign_module_ids(&module);
    ParsedModule {
        module: Box::leak(Box::new(module)),
        syntax_errors,
        comments,
    }
}
