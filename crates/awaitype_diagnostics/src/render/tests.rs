use std::collections::BTreeMap;
use std::sync::Arc;

use ruff_text_size::{TextRange, TextSize};

use super::{OutputFormat, RenderOptions, render};
use crate::{Diagnostic, Rule, Severity};

const MAIN: &str = "import os\n\nif True:\n    y = x + 1\n    z = (1,\n         2)\n";

fn range(start: u32, end: u32) -> TextRange {
    TextRange::new(TextSize::new(start), TextSize::new(end))
}

/// The range of the `occurrence`th (0-based) `needle` in `source`.
fn find(source: &str, needle: &str, occurrence: usize) -> TextRange {
    let start = source.match_indices(needle).nth(occurrence).expect("needle occurs").0;
    range(
        u32::try_from(start).unwrap(),
        u32::try_from(start + needle.len()).unwrap(),
    )
}

fn sources(files: &[(&str, &str)]) -> BTreeMap<String, Arc<str>> {
    files
        .iter()
        .map(|(path, text)| ((*path).to_string(), Arc::from(*text)))
        .collect()
}

fn options(format: OutputFormat) -> RenderOptions {
    RenderOptions { format, color: false }
}

fn render_plain(diagnostics: &[Diagnostic], files: &[(&str, &str)], format: OutputFormat) -> String {
    render(diagnostics, &sources(files), &options(format))
}

fn unresolved_x() -> Diagnostic {
    Diagnostic::new(
        "main.py",
        find(MAIN, "x", 0),
        Rule::UnresolvedReference,
        "Name `x` is not defined",
    )
}

fn io_error() -> Diagnostic {
    Diagnostic::new("gone.py", TextRange::default(), Rule::IoError, "Failed to read file")
}

// --- output formats --------------------------------------------------------------------------

#[test]
fn output_format_round_trips_through_its_name() {
    for &format in OutputFormat::ALL {
        assert_eq!(format.to_string().parse::<OutputFormat>(), Ok(format));
    }
    assert_eq!("full".parse(), Ok(OutputFormat::Full));
    assert_eq!("concise".parse(), Ok(OutputFormat::Concise));
    assert_eq!("json".parse(), Ok(OutputFormat::Json));
    assert!("Full".parse::<OutputFormat>().is_err());
    assert!("text".parse::<OutputFormat>().is_err());
    assert_eq!(OutputFormat::default(), OutputFormat::Full);
}

// --- concise ---------------------------------------------------------------------------------

#[test]
fn concise_without_diagnostics_says_all_checks_passed() {
    assert_eq!(render_plain(&[], &[], OutputFormat::Concise), "All checks passed!\n");
}

#[test]
fn concise_one_diagnostic_uses_the_singular() {
    assert_eq!(
        render_plain(&[unresolved_x()], &[("main.py", MAIN)], OutputFormat::Concise),
        "main.py:4:9: error[unresolved-reference] Name `x` is not defined\nFound 1 diagnostic\n"
    );
}

#[test]
fn concise_several_diagnostics_use_the_plural() {
    let warning = Diagnostic::new("main.py", find(MAIN, "(1,\n         2)", 0), Rule::Deprecated, "Old")
        .with_severity(Severity::Warning);
    let revealed = Diagnostic::new(
        "main.py",
        find(MAIN, "os", 0),
        Rule::RevealedType,
        "Revealed type: `Module`",
    );
    let output = render_plain(
        &[revealed, unresolved_x(), warning, io_error()],
        &[("main.py", MAIN)],
        OutputFormat::Concise,
    );
    assert_eq!(
        output,
        "main.py:1:8: info[revealed-type] Revealed type: `Module`\n\
         main.py:4:9: error[unresolved-reference] Name `x` is not defined\n\
         main.py:5:9: warning[deprecated] Old\n\
         gone.py:1:1: error[io-error] Failed to read file\n\
         Found 4 diagnostics\n"
    );
}

#[test]
fn concise_columns_count_characters_not_bytes() {
    let source = "s = 'héllo' + ŷ\n";
    let diagnostic = Diagnostic::new(
        "u.py",
        find(source, "ŷ", 0),
        Rule::UnresolvedReference,
        "Name `ŷ` is not defined",
    );
    assert_eq!(
        render_plain(&[diagnostic], &[("u.py", source)], OutputFormat::Concise),
        "u.py:1:15: error[unresolved-reference] Name `ŷ` is not defined\nFound 1 diagnostic\n"
    );
}

#[test]
fn concise_clamps_ranges_past_the_end_or_inside_a_character() {
    let source = "é = 1\nb";
    let past_end = Diagnostic::new("a.py", range(100, 200), Rule::InvalidSyntax, "past the end");
    // Offset 1 is inside the two-byte `é`.
    let mid_char = Diagnostic::new("a.py", range(1, 2), Rule::InvalidSyntax, "inside a character");
    assert_eq!(
        render_plain(&[mid_char, past_end], &[("a.py", source)], OutputFormat::Concise),
        "a.py:1:1: error[invalid-syntax] inside a character\n\
         a.py:2:2: error[invalid-syntax] past the end\n\
         Found 2 diagnostics\n"
    );
}

#[test]
fn concise_colors_only_when_asked() {
    let sources = sources(&[("main.py", MAIN)]);
    let plain = render(&[unresolved_x()], &sources, &options(OutputFormat::Concise));
    assert!(!plain.contains('\x1b'));
    let colored = render(
        &[unresolved_x()],
        &sources,
        &RenderOptions {
            format: OutputFormat::Concise,
            color: true,
        },
    );
    assert!(colored.contains("\x1b["));
    assert!(colored.starts_with("main.py:4:9: "));
}

// --- json ------------------------------------------------------------------------------------

fn parse_json(output: &str) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(output).expect("valid JSON");
    value.as_array().expect("a JSON array").clone()
}

#[test]
fn json_without_diagnostics_is_an_empty_array() {
    let output = render_plain(&[], &[], OutputFormat::Json);
    assert!(parse_json(&output).is_empty());
    assert!(!output.contains("passed"));
}

#[test]
fn json_fields_are_one_based_with_an_exclusive_end() {
    let source = "x: int = 'héllo'\n";
    let diagnostic = Diagnostic::new(
        "dir/a.py",
        find(source, "'héllo'", 0),
        Rule::InvalidAssignment,
        "Object of type `str` is not assignable to `int`",
    );
    let output = render_plain(&[diagnostic], &[("dir/a.py", source)], OutputFormat::Json);
    let entries = parse_json(&output);
    assert_eq!(
        entries,
        vec![serde_json::json!({
            "path": "dir/a.py",
            "line": 1,
            "column": 10,
            "end_line": 1,
            "end_column": 17,
            "severity": "error",
            "rule": "invalid-assignment",
            "message": "Object of type `str` is not assignable to `int`",
        })]
    );
    assert!(!output.contains("Found"));
}

#[test]
fn json_multi_line_spans_and_file_level_diagnostics() {
    let span = Diagnostic::new("main.py", find(MAIN, "(1,\n         2)", 0), Rule::Deprecated, "Old")
        .with_severity(Severity::Warning);
    let output = render_plain(&[span, io_error()], &[("main.py", MAIN)], OutputFormat::Json);
    let entries = parse_json(&output);
    assert_eq!(entries.len(), 2);
    let span = &entries[0];
    assert_eq!(span["line"], 5);
    assert_eq!(span["column"], 9);
    assert_eq!(span["end_line"], 6);
    assert_eq!(span["end_column"], 12);
    assert_eq!(span["severity"], "warning");
    assert_eq!(span["rule"], "deprecated");
    let io = &entries[1];
    assert_eq!(io["path"], "gone.py");
    assert_eq!((&io["line"], &io["column"]), (&1.into(), &1.into()));
    assert_eq!((&io["end_line"], &io["end_column"]), (&1.into(), &1.into()));
    assert_eq!(io["rule"], "io-error");
}

#[test]
fn json_escapes_messages_and_never_colors() {
    let diagnostic = Diagnostic::new(
        "main.py",
        find(MAIN, "os", 0),
        Rule::InvalidSyntax,
        "a \"quoted\"\nmessage\t\\",
    );
    let output = render(
        &[diagnostic],
        &sources(&[("main.py", MAIN)]),
        &RenderOptions {
            format: OutputFormat::Json,
            color: true,
        },
    );
    assert!(!output.contains('\x1b'));
    assert_eq!(parse_json(&output)[0]["message"], "a \"quoted\"\nmessage\t\\");
}

// --- full ------------------------------------------------------------------------------------

#[test]
fn full_without_diagnostics_says_all_checks_passed() {
    assert_eq!(render_plain(&[], &[], OutputFormat::Full), "All checks passed!\n");
}

#[test]
fn full_underlines_the_span() {
    let output = render_plain(&[unresolved_x()], &[("main.py", MAIN)], OutputFormat::Full);
    assert_eq!(
        output,
        "error[unresolved-reference]: Name `x` is not defined
 --> main.py:4:9
  |
4 |     y = x + 1
  |         ^
  |

Found 1 diagnostic
"
    );
}

#[test]
fn full_separates_diagnostics_with_a_blank_line() {
    let warning = Diagnostic::new("main.py", find(MAIN, "os", 0), Rule::PossiblyUnbound, "Maybe unbound")
        .with_severity(Severity::Warning);
    let output = render_plain(&[warning, unresolved_x()], &[("main.py", MAIN)], OutputFormat::Full);
    assert_eq!(
        output,
        "warning[possibly-unbound]: Maybe unbound
 --> main.py:1:8
  |
1 | import os
  |        ^^
  |

error[unresolved-reference]: Name `x` is not defined
 --> main.py:4:9
  |
4 |     y = x + 1
  |         ^
  |

Found 2 diagnostics
"
    );
}

#[test]
fn full_multi_line_span() {
    let diagnostic = Diagnostic::new(
        "main.py",
        find(MAIN, "(1,\n         2)", 0),
        Rule::InvalidAssignment,
        "Bad tuple",
    );
    let output = render_plain(&[diagnostic], &[("main.py", MAIN)], OutputFormat::Full);
    assert_eq!(
        output,
        "error[invalid-assignment]: Bad tuple
 --> main.py:5:9
  |
5 |       z = (1,
  |  _________^
6 | |          2)
  | |___________^
  |

Found 1 diagnostic
"
    );
}

#[test]
fn full_long_multi_line_span_is_folded() {
    let source: String = (1..=30).map(|i| format!("a{i} = {i}\n")).collect();
    let diagnostic = Diagnostic::new(
        "long.py",
        range(0, u32::try_from(source.len()).unwrap()),
        Rule::InvalidSyntax,
        "All of it",
    );
    let output = render_plain(&[diagnostic], &[("long.py", &source)], OutputFormat::Full);
    assert!(
        output.starts_with("error[invalid-syntax]: All of it\n  --> long.py:1:1\n"),
        "{output}"
    );
    assert!(output.contains("..."), "{output}");
    assert!(!output.contains("a15 = 15"), "{output}");
    assert!(output.contains("30 | | a30 = 30"), "{output}");
}

#[test]
fn full_file_level_and_unknown_source_diagnostics_show_only_the_header() {
    let unknown_source = Diagnostic::new("elsewhere.py", range(3, 5), Rule::InternalError, "Panicked");
    let output = render_plain(&[io_error(), unknown_source], &[("main.py", MAIN)], OutputFormat::Full);
    assert_eq!(
        output,
        "error[io-error]: Failed to read file
 --> gone.py

error[internal-error]: Panicked
 --> elsewhere.py

Found 2 diagnostics
"
    );
}

#[test]
fn full_without_color_has_no_escape_codes_and_with_color_has_them() {
    let diagnostics = [unresolved_x(), io_error()];
    let sources = sources(&[("main.py", MAIN)]);
    let plain = render(&diagnostics, &sources, &options(OutputFormat::Full));
    assert!(!plain.contains('\x1b'), "{plain}");
    let colored = render(
        &diagnostics,
        &sources,
        &RenderOptions {
            format: OutputFormat::Full,
            color: true,
        },
    );
    assert!(colored.contains("\x1b["), "{colored}");
    assert_eq!(strip_ansi(&colored), plain);
}

#[test]
fn full_header_column_agrees_with_concise_despite_tabs_and_wide_characters() {
    let source = "if x:\n\tname = 'héllo' + zz\n";
    let diagnostic = Diagnostic::new(
        "t.py",
        find(source, "zz", 0),
        Rule::UnresolvedReference,
        "Name `zz` is not defined",
    );
    let output = render_plain(
        std::slice::from_ref(&diagnostic),
        &[("t.py", source)],
        OutputFormat::Full,
    );
    assert_eq!(
        output,
        "error[unresolved-reference]: Name `zz` is not defined
 --> t.py:2:19
  |
2 |     name = 'héllo' + zz
  |                      ^^
  |

Found 1 diagnostic
"
    );
    let concise = render_plain(&[diagnostic], &[("t.py", source)], OutputFormat::Concise);
    assert!(concise.starts_with("t.py:2:19: "), "{concise}");
}

#[test]
fn full_points_at_the_end_of_the_file() {
    let end = u32::try_from(MAIN.len()).unwrap();
    let diagnostic = Diagnostic::new(
        "main.py",
        range(end, end),
        Rule::InvalidSyntax,
        "Unexpected end of file",
    );
    let output = render_plain(&[diagnostic], &[("main.py", MAIN)], OutputFormat::Full);
    assert_eq!(
        output,
        "error[invalid-syntax]: Unexpected end of file
 --> main.py:7:1
  |
6 |          2)
7 |
  | ^
  |

Found 1 diagnostic
"
    );
}

#[test]
fn full_points_at_the_end_of_a_file_without_a_final_newline() {
    let source = "def f(";
    let diagnostic = Diagnostic::new("f.py", range(6, 6), Rule::InvalidSyntax, "Expected `)`");
    let output = render_plain(&[diagnostic], &[("f.py", source)], OutputFormat::Full);
    assert_eq!(
        output,
        "error[invalid-syntax]: Expected `)`
 --> f.py:1:7
  |
1 | def f(
  |       ^
  |

Found 1 diagnostic
"
    );
}

#[test]
fn full_survives_bad_ranges_and_odd_line_endings() {
    let source = "é = 1\r\nb = 2\rc = 3\x0c + d\n\n";
    let diagnostics = [
        Diagnostic::new("a.py", range(1, 2), Rule::InvalidSyntax, "inside a character"),
        Diagnostic::new("a.py", range(5, 9), Rule::InvalidSyntax, "across CRLF"),
        Diagnostic::new("a.py", find(source, "c", 0), Rule::InvalidSyntax, "after a lone CR"),
        Diagnostic::new("a.py", find(source, "d", 0), Rule::InvalidSyntax, "after a form feed"),
        Diagnostic::new("a.py", range(23, 23), Rule::InvalidSyntax, "on an empty line"),
        Diagnostic::new("a.py", range(90, 100), Rule::InvalidSyntax, "past the end"),
    ];
    let output = render_plain(&diagnostics, &[("a.py", source)], OutputFormat::Full);
    let concise = render_plain(&diagnostics, &[("a.py", source)], OutputFormat::Concise);
    // The header of each snippet names the same position as the concise output.
    let headers: Vec<&str> = output
        .lines()
        .filter_map(|line| line.strip_prefix(" --> a.py:"))
        .collect();
    let concise_positions: Vec<&str> = concise
        .lines()
        .filter_map(|line| line.strip_prefix("a.py:")?.split(": ").next())
        .collect();
    assert_eq!(headers, concise_positions, "{output}\n{concise}");
    assert!(output.contains("3 | c = 3  + d\n  |          ^\n"), "{output}");
    assert!(output.ends_with("Found 6 diagnostics\n"), "{output}");
}

#[test]
fn full_shows_a_following_line_next_to_a_blank_line_at_the_start() {
    let source = "\n\nx = 1\n";
    let diagnostic = Diagnostic::new("b.py", range(1, 1), Rule::InvalidSyntax, "Blank");
    let output = render_plain(&[diagnostic], &[("b.py", source)], OutputFormat::Full);
    assert_eq!(
        output,
        "error[invalid-syntax]: Blank
 --> b.py:2:1
  |
2 |
  | ^
3 | x = 1
  |

Found 1 diagnostic
"
    );
}

/// Removes ANSI escape sequences (`ESC [ ... letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
