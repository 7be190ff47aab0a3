//! The suite level: finding the Markdown files and running all tests of one of them, with the
//! known-failures list and the `MDTEST_FILTER` section filter applied.
//!
//! This is what the `tests/mdtest.rs` harness calls once per Markdown file; it lives in the
//! library so that its bookkeeping (what counts as a failure, what as a known failure) is unit
//! tested like the rest.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::known_failures::KnownFailures;
use crate::parser::{ParseError, parse_markdown};
use crate::runner::{CheckFn, run_test_with};

/// The environment variable that restricts a run to the tests whose name contains its value.
pub const FILTER_VAR: &str = "MDTEST_FILTER";

/// How to run a Markdown file's tests.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions<'a> {
    pub known_failures: &'a KnownFailures,
    /// Run only the tests whose name contains this.
    pub filter: Option<&'a str>,
}

/// A test that failed, with its failure messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFailure {
    pub name: String,
    pub failures: Vec<String>,
}

/// The outcome of running the tests of one Markdown file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    /// Tests run (those selected by the filter).
    pub tests_run: usize,
    /// Failed tests that are not listed as known failures.
    pub failed: Vec<TestFailure>,
    /// Failed tests that are listed as known failures: reported, but not a failure of the run.
    pub known_failures: Vec<TestFailure>,
    /// Tests listed as known failures that passed: a failure of the run.
    pub now_passing: Vec<String>,
}

impl FileReport {
    pub fn is_success(&self) -> bool {
        self.failed.is_empty() && self.now_passing.is_empty()
    }

    /// Every failing test with its details, for when [`Self::is_success`] is false.
    pub fn failure_message(&self) -> String {
        let mut message = String::new();
        for test in &self.failed {
            let _ = writeln!(message, "{}:", test.name);
            for failure in &test.failures {
                let _ = writeln!(message, "    {failure}");
            }
            message.push('\n');
        }
        for name in &self.now_passing {
            let _ = writeln!(message, "{name}: now passes: remove it from known-failures.txt\n");
        }
        let failing = self.failed.len() + self.now_passing.len();
        let _ = write!(message, "{failing} of {} tests failed", self.tests_run);
        message
    }
}

/// Runs the tests of the Markdown document `text` (display path `md_path`) with `check`.
pub fn run_markdown_file(
    md_path: &str,
    text: &str,
    options: RunOptions<'_>,
    check: &CheckFn<'_>,
) -> Result<FileReport, ParseError> {
    let tests = parse_markdown(md_path, text)?;
    let mut report = FileReport::default();
    for test in &tests {
        if options.filter.is_some_and(|filter| !test.name.contains(filter)) {
            continue;
        }
        report.tests_run += 1;
        let failures = run_test_with(test, check);
        let known = options.known_failures.contains(&test.name);
        match (failures.is_empty(), known) {
            (true, false) => {}
            (true, true) => report.now_passing.push(test.name.clone()),
            (false, known) => {
                let failure = TestFailure {
                    name: test.name.clone(),
                    failures,
                };
                if known {
                    report.known_failures.push(failure);
                } else {
                    report.failed.push(failure);
                }
            }
        }
    }
    Ok(report)
}

/// The `.md` files under `root`, recursively, as (path relative to `root` with `/` separators,
/// full path), sorted by relative path.
pub fn discover_markdown_files(root: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let relative = path.strip_prefix(root).map_err(io::Error::other)?;
        let display = relative
            .components()
            .map(|component| component.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push((display, path.to_path_buf()));
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use awaitype_checker::{CheckOptions, CheckResult};
    use awaitype_diagnostics::{Diagnostic, Rule, TextRange, TextSize};

    use super::*;

    const DOC: &str = "# A\n\n```py\nx = 1\n```\n\n# B\n\n```py\nreveal_type(1)  # revealed: int\n```\n";

    /// Reveals `int` for every `reveal_type(` in `mdtest.py`.
    fn fake_checker(files: &[(String, String)], _: &CheckOptions) -> CheckResult {
        let mut diagnostics = Vec::new();
        for (path, source) in files {
            for (offset, _) in source.match_indices("reveal_type(") {
                let start = TextSize::try_from(offset).unwrap();
                diagnostics.push(Diagnostic::new(
                    path.clone(),
                    TextRange::at(start, TextSize::from(1)),
                    Rule::RevealedType,
                    "Revealed type: `int`",
                ));
            }
        }
        CheckResult {
            diagnostics,
            ..CheckResult::default()
        }
    }

    fn empty_checker(_: &[(String, String)], _: &CheckOptions) -> CheckResult {
        CheckResult::default()
    }

    fn run(known: &str, filter: Option<&str>, check: &CheckFn<'_>) -> FileReport {
        let known_failures = KnownFailures::parse(known).unwrap();
        let options = RunOptions {
            known_failures: &known_failures,
            filter,
        };
        run_markdown_file("t.md", DOC, options, check).unwrap()
    }

    #[test]
    fn all_pass() {
        let report = run("", None, &fake_checker);
        assert!(report.is_success());
        assert_eq!(report.tests_run, 2);
    }

    #[test]
    fn failures_are_listed_per_test() {
        let report = run("", None, &empty_checker);
        assert!(!report.is_success());
        assert_eq!(report.failed.len(), 1);
        assert_eq!(
            report.failure_message(),
            "t.md - B:\n    t.md:10 unmatched assertion: revealed: int; actual on this line: none\n\n1 of 2 tests failed"
        );
    }

    #[test]
    fn known_failures_do_not_fail_the_run() {
        let report = run("t.md - B\n", None, &empty_checker);
        assert!(report.is_success());
        assert_eq!(report.known_failures.len(), 1);
        assert_eq!(report.known_failures[0].name, "t.md - B");
    }

    #[test]
    fn known_failures_that_pass_fail_the_run() {
        let report = run("t.md - B\n", None, &fake_checker);
        assert!(!report.is_success());
        assert_eq!(report.now_passing, ["t.md - B"]);
        assert!(
            report
                .failure_message()
                .contains("t.md - B: now passes: remove it from known-failures.txt")
        );
    }

    #[test]
    fn filter_selects_tests_by_name() {
        let report = run("", Some("- A"), &empty_checker);
        assert!(report.is_success());
        assert_eq!(report.tests_run, 1);
        let report = run("", Some("nothing"), &empty_checker);
        assert_eq!(report.tests_run, 0);
    }

    #[test]
    fn discovers_markdown_files_recursively() {
        let root = std::env::temp_dir().join(format!("awaitype_mdtest_discover_{}", std::process::id()));
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("b.md"), "").unwrap();
        std::fs::write(root.join("sub/a.md"), "").unwrap();
        std::fs::write(root.join("notes.txt"), "").unwrap();
        let found = discover_markdown_files(&root);
        std::fs::remove_dir_all(&root).unwrap();
        let names: Vec<String> = found.unwrap().into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["b.md", "sub/a.md"]);
    }
}
