//! Checking one file: syntax errors from the parser and the semantic index, then the walk over
//! every reachable statement. Diagnostics come out with the file's display path.

use awaitype_diagnostics::{Diagnostic, Rule, TextRange};
use awaitype_types::{Db, FileId};
use ruff_text_size::Ranged;

pub(crate) fn check_file(db: &Db, file: FileId) -> Vec<Diagnostic> {
    let data = db.file_data(file);
    let display = data.display.clone();
    let source = match db.source(file) {
        Ok(source) => source,
        Err(error) => {
            return vec![Diagnostic::new(
                display,
                TextRange::default(),
                Rule::IoError,
                format!("cannot read file: {error}"),
            )];
        }
    };
    let module = db.module(file);
    let mut diagnostics = Vec::new();
    for (range, message) in &module.parsed.syntax_errors {
        diagnostics.push(Diagnostic::new(
            display.clone(),
            *range,
            Rule::InvalidSyntax,
            message.clone(),
        ));
    }
    for error in &module.index.semantic_syntax_errors {
        diagnostics.push(Diagnostic::new(
            display.clone(),
            error.range,
            Rule::InvalidSyntax,
            error.message.clone(),
        ));
    }
    for diagnostic in crate::statements::check_module(db, file) {
        diagnostics.push(Diagnostic::new(
            display.clone(),
            diagnostic.range,
            diagnostic.rule,
            diagnostic.message,
        ));
    }
    let first_statement = module.parsed.module.body.first().map(|stmt| stmt.start());
    crate::suppressions::apply_suppressions(&source, &module.parsed.comments, first_statement, &display, diagnostics)
}
