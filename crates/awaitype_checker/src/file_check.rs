//! Checking one file: syntax errors from the parser and the semantic index, then the walk over
//! every reachable statement. Diagnostics come out with the file's display path. A file's
//! diagnostics are a salsa query: when a session checks again after an edit, a file none of
//! whose inputs changed (its text, and every type it used) gives them without being walked.

use std::sync::Arc;

use awaitype_diagnostics::{Diagnostic, Rule, TextRange};
use awaitype_types::{Db, FileId, SourceText, TypeDb};
use ruff_text_size::Ranged;

/// Whether a check's per-file diagnostics are memoized for checking again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recheck {
    /// A one-shot check: walk each file directly (recording every query a file reads, so that
    /// it can be reused, costs ~10% of a cold check).
    Once,
    /// A session that checks again after edits: each file's diagnostics are a salsa query.
    Memoized,
}

pub(crate) fn check_file(db: &Db, file: FileId, recheck: Recheck) -> Vec<Diagnostic> {
    match recheck {
        Recheck::Once => walk_file(db, file),
        Recheck::Memoized => file_diagnostics(db, db.source_input(file)).to_vec(),
    }
}

#[salsa::tracked(returns(clone))]
fn file_diagnostics(db: &dyn TypeDb, source: SourceText) -> Arc<[Diagnostic]> {
    let file = source.file(db);
    walk_file(db.types(), file).into()
}

fn walk_file(db: &Db, file: FileId) -> Vec<Diagnostic> {
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
    for diagnostic in db.check_file_scopes(file) {
        diagnostics.push(Diagnostic::new(
            display.clone(),
            diagnostic.range,
            diagnostic.rule,
            diagnostic.message,
        ));
    }
    let first_statement = module.parsed.module().body.first().map(|stmt| stmt.start());
    // The statement ranges are only needed when some comment may be a suppression.
    let mut statements = Vec::new();
    if module
        .parsed
        .comments
        .iter()
        .any(|comment| source[comment.start().to_usize()..comment.end().to_usize()].contains("ignore"))
    {
        collect_simple_statements(&module.parsed.module().body, &mut statements);
    }
    crate::suppressions::apply_suppressions(
        &source,
        &module.parsed.comments,
        first_statement,
        &statements,
        &display,
        diagnostics,
    )
}

/// The ranges of the statements that are not compound (a suppression comment on a `def` or `if`
/// line covers only that line, not the whole body), and of the headers of functions and classes:
/// a comment on the line of a `def` covers its whole signature, however many lines it spans,
/// because checkers that report a signature's errors on the `def` line are silenced there.
fn collect_simple_statements(body: &[ruff_python_ast::Stmt], out: &mut Vec<TextRange>) {
    use ruff_python_ast::Stmt;
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(function) => {
                let header_end = function
                    .returns
                    .as_deref()
                    .map_or(function.parameters.end(), |returns| returns.end());
                out.push(TextRange::new(function.name.start(), header_end));
                collect_simple_statements(&function.body, out);
            }
            Stmt::ClassDef(class) => {
                let header_end = class
                    .arguments
                    .as_deref()
                    .map_or(class.name.end(), |arguments| arguments.end());
                out.push(TextRange::new(class.name.start(), header_end));
                collect_simple_statements(&class.body, out);
            }
            Stmt::If(if_stmt) => {
                collect_simple_statements(&if_stmt.body, out);
                for clause in &if_stmt.elif_else_clauses {
                    collect_simple_statements(&clause.body, out);
                }
            }
            Stmt::While(while_stmt) => {
                collect_simple_statements(&while_stmt.body, out);
                collect_simple_statements(&while_stmt.orelse, out);
            }
            Stmt::For(for_stmt) => {
                collect_simple_statements(&for_stmt.body, out);
                collect_simple_statements(&for_stmt.orelse, out);
            }
            Stmt::With(with) => collect_simple_statements(&with.body, out),
            Stmt::Try(try_stmt) => {
                collect_simple_statements(&try_stmt.body, out);
                for handler in &try_stmt.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(handler) = handler;
                    collect_simple_statements(&handler.body, out);
                }
                collect_simple_statements(&try_stmt.orelse, out);
                collect_simple_statements(&try_stmt.finalbody, out);
            }
            Stmt::Match(match_stmt) => {
                for case in &match_stmt.cases {
                    collect_simple_statements(&case.body, out);
                }
            }
            other => out.push(other.range()),
        }
    }
}
