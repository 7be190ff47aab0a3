//! The Markdown test runner: awaitype's main test suite.
//!
//! Tests are Markdown files under `resources/mdtest/` in which each section with Python code is a
//! test and comments in the code state what the checker must report (`# revealed: T`,
//! `# error: [rule] "message"`). Writing tests this way keeps the expected behaviour readable next
//! to its explanation; `resources/mdtest/mdtest_format.md` describes the format in full.
//!
//! The pipeline, one module per step:
//! - [`parser`]: Markdown → [`MarkdownTest`]s (files, settings, line mapping back to the Markdown);
//! - [`environment`]: the settings of a ```` ```toml ```` block;
//! - [`comment`] and [`assertion`]: Python comments → [`Assertion`]s;
//! - [`matcher`]: assertions × diagnostics → [`Mismatch`]es;
//! - [`runner`]: one test through the checker → failure messages;
//! - [`known_failures`] and [`suite`]: a whole Markdown file, with `known-failures.txt` and the
//!   `MDTEST_FILTER` filter; used by the `tests/mdtest.rs` harness.

pub mod assertion;
pub mod comment;
pub mod environment;
pub mod known_failures;
pub mod matcher;
pub mod parser;
pub mod runner;
pub mod suite;

pub use assertion::{Assertion, AssertionError, AssertionKind, parse_assertions};
pub use environment::Environment;
pub use known_failures::KnownFailures;
pub use matcher::{LineDiagnostic, Mismatch, match_assertions};
pub use parser::{DEFAULT_FILE, MarkdownTest, ParseError, TestFile, parse_markdown};
pub use runner::{CheckFn, run_test, run_test_with};
pub use suite::{FILTER_VAR, FileReport, RunOptions, TestFailure, discover_markdown_files, run_markdown_file};
