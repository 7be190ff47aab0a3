//! Runs one test: checks its files and turns mismatches into messages that point into the
//! Markdown.
//!
//! The checker is passed in as a function so that the runner can be tested with fake diagnostics
//! and so that a panic in the checker fails one test instead of the whole Markdown file.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use awaitype_checker::{CheckOptions, CheckResult};
use awaitype_diagnostics::{Diagnostic, SourcePositions};

use crate::assertion::parse_assertions;
use crate::matcher::{LineDiagnostic, match_assertions};
use crate::parser::{MarkdownTest, TestFile};

/// The signature of [`awaitype_checker::check_files_in_memory`].
pub type CheckFn<'a> = dyn Fn(&[(String, String)], &CheckOptions) -> CheckResult + 'a;

/// Runs `test` with the real checker.
pub fn run_test(test: &MarkdownTest) -> Vec<String> {
    run_test_with(test, &awaitype_checker::check_files_in_memory)
}

/// Runs `test` with `check`; returns its failures (empty if it passed), each a line of the form
/// `file.md:LINE description`.
pub fn run_test_with(test: &MarkdownTest, check: &CheckFn<'_>) -> Vec<String> {
    let mut failures = Vec::new();
    let files: Vec<(String, String)> = test
        .files
        .iter()
        .map(|file| (file.path.clone(), file.source.clone()))
        .collect();
    let options = CheckOptions {
        python_version: test.environment.python_version(),
        site_packages: Vec::new(),
        custom_stdlib: None,
    };

    let result = match catch_unwind(AssertUnwindSafe(|| check(&files, &options))) {
        Ok(result) => result,
        Err(payload) => {
            let reason = payload
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic payload".to_string());
            failures.push(format!(
                "{}:{} checker panicked: {reason}",
                test.md_path, test.heading_line
            ));
            return failures;
        }
    };

    let mut by_path: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for diagnostic in &result.diagnostics {
        by_path.entry(diagnostic.path.as_str()).or_default().push(diagnostic);
    }

    for file in &test.files {
        let diagnostics = by_path.remove(file.path.as_str()).unwrap_or_default();
        check_file(test, file, &diagnostics, &mut failures);
    }
    for (path, diagnostics) in by_path {
        for diagnostic in diagnostics {
            failures.push(format!(
                "{}:{} unexpected diagnostic in `{path}`, which is not a file of this test: [{}] {}",
                test.md_path, test.heading_line, diagnostic.rule, diagnostic.message
            ));
        }
    }
    failures
}

fn check_file(test: &MarkdownTest, file: &TestFile, diagnostics: &[&Diagnostic], failures: &mut Vec<String>) {
    let (assertions, errors) = parse_assertions(&file.source);
    for error in errors {
        failures.push(format!(
            "{} invalid assertion: {}",
            location(test, file, error.line),
            error.message
        ));
    }

    let positions = SourcePositions::new(&file.source);
    let diagnostics: Vec<LineDiagnostic> = diagnostics
        .iter()
        .map(|diagnostic| LineDiagnostic {
            line: positions.line_column(diagnostic.range.start()).line,
            rule: diagnostic.rule,
            message: diagnostic.message.clone(),
        })
        .collect();
    for mismatch in match_assertions(&assertions, &diagnostics) {
        failures.push(format!(
            "{} {}",
            location(test, file, mismatch.line()),
            mismatch.description()
        ));
    }
}

/// `file.md:LINE` for a line of a test file; lines past the end (a diagnostic at the end of the
/// file) are shown relative to the file.
fn location(test: &MarkdownTest, file: &TestFile, line: usize) -> String {
    match file.md_line(line) {
        Some(md_line) => format!("{}:{md_line}", test.md_path),
        None => format!("{}:{} (`{}` line {line})", test.md_path, test.heading_line, file.path),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use awaitype_diagnostics::{Rule, TextRange, TextSize};
    use awaitype_resolver::PythonVersion;

    use super::*;
    use crate::parser::parse_markdown;

    fn test_named(markdown: &str) -> MarkdownTest {
        parse_markdown("t.md", markdown).unwrap().remove(0)
    }

    /// A diagnostic starting at the first occurrence of `needle` in `path`'s source.
    fn at(files: &[(String, String)], path: &str, needle: &str, rule: Rule, message: &str) -> Diagnostic {
        let source = &files.iter().find(|(p, _)| p == path).unwrap().1;
        let start = TextSize::try_from(source.find(needle).unwrap()).unwrap();
        Diagnostic::new(path, TextRange::at(start, TextSize::from(1)), rule, message)
    }

    #[test]
    fn passes_when_diagnostics_match() {
        let test = test_named("# A\n\n```py\nx = 1\nreveal_type(x)  # revealed: int\n```\n");
        let check = |files: &[(String, String)], _: &CheckOptions| CheckResult {
            diagnostics: vec![at(
                files,
                "mdtest.py",
                "reveal_type",
                Rule::RevealedType,
                "Revealed type: `int`",
            )],
            ..CheckResult::default()
        };
        assert_eq!(run_test_with(&test, &check), Vec::<String>::new());
    }

    #[test]
    fn failures_point_at_markdown_lines() {
        let test = test_named(
            "# A\n\n`lib.py`:\n\n```py\ny = 1\n```\n\n```py\nimport lib\nreveal_type(lib.y)  # revealed: int\n```\n",
        );
        let check = |files: &[(String, String)], _: &CheckOptions| CheckResult {
            diagnostics: vec![
                at(files, "lib.py", "y", Rule::PossiblyUnbound, "maybe"),
                at(
                    files,
                    "mdtest.py",
                    "reveal_type",
                    Rule::RevealedType,
                    "Revealed type: `Unknown`",
                ),
            ],
            ..CheckResult::default()
        };
        assert_eq!(
            run_test_with(&test, &check),
            [
                "t.md:6 unexpected diagnostic: [possibly-unbound] maybe",
                "t.md:11 unmatched assertion: revealed: int; actual on this line: [revealed-type] Revealed type: `Unknown`",
                "t.md:11 unexpected diagnostic: [revealed-type] Revealed type: `Unknown`",
            ]
        );
    }

    #[test]
    fn passes_files_and_python_version_to_the_checker() {
        let test = test_named(
            "# A\n```toml\n[environment]\npython-version = \"3.9\"\n```\n`a/b.pyi`:\n```pyi\nx: int\n```\n```py\nimport a.b\n```\n",
        );
        let seen = RefCell::new(None);
        let check = |files: &[(String, String)], options: &CheckOptions| {
            *seen.borrow_mut() = Some((files.to_vec(), options.python_version));
            CheckResult::default()
        };
        assert_eq!(run_test_with(&test, &check), Vec::<String>::new());
        let (files, version) = seen.into_inner().unwrap();
        assert_eq!(
            files,
            [
                ("a/b.pyi".to_string(), "x: int\n".to_string()),
                ("mdtest.py".to_string(), "import a.b\n".to_string())
            ]
        );
        assert_eq!(version, PythonVersion::PY39);
    }

    #[test]
    fn reports_invalid_assertions_panics_and_foreign_files() {
        let test = test_named("# A\n\n```py\nx  # error: [bogus]\n```\n");
        let none = |_: &[(String, String)], _: &CheckOptions| CheckResult::default();
        assert_eq!(
            run_test_with(&test, &none),
            ["t.md:4 invalid assertion: unknown rule `bogus` in `# error:` assertion"]
        );

        let test = test_named("# A\n\n```py\nx = 1\n```\n");
        let panics = |_: &[(String, String)], _: &CheckOptions| -> CheckResult { panic!("boom") };
        assert_eq!(run_test_with(&test, &panics), ["t.md:1 checker panicked: boom"]);

        let foreign = |_: &[(String, String)], _: &CheckOptions| CheckResult {
            diagnostics: vec![Diagnostic::new("other.py", TextRange::default(), Rule::IoError, "gone")],
            ..CheckResult::default()
        };
        assert_eq!(
            run_test_with(&test, &foreign),
            ["t.md:1 unexpected diagnostic in `other.py`, which is not a file of this test: [io-error] gone"]
        );
    }
}
