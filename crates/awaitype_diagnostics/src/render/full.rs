//! Source snippets rendered with `annotate-snippets`:
//!
//! ```text
//! error[unresolved-reference]: Name `x` is not defined
//!  --> main.py:3:5
//!   |
//! 3 | y = x + 1
//!   |     ^
//!   |
//! ```
//!
//! Each diagnostic is followed by a blank line, and the output ends with the summary line.

use std::ops::Range;

use annotate_snippets::renderer::{AnsiColor, Effects};
use annotate_snippets::{Level, Renderer, Snippet};
use ruff_text_size::{TextRange, TextSize};

use super::{Files, Location, paint, severity_style, summary};
use crate::{Diagnostic, Severity, SourcePositions};

pub(super) fn render(diagnostics: &[Diagnostic], files: &mut Files<'_>, color: bool) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_diagnostic(diagnostic, files.get(&diagnostic.path), color));
        out.push_str("\n\n");
    }
    out.push_str(&summary(diagnostics.len()));
    out.push('\n');
    out
}

/// How far to look for a non-blank line to show next to a blank excerpt.
const MAX_CONTEXT_LINES: usize = 3;

/// One diagnostic, without a trailing newline.
fn render_diagnostic(diagnostic: &Diagnostic, positions: Option<&SourcePositions<'_>>, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    };
    // `annotate-snippets` underlines `Error` annotations with `^` and all others with `-`; we want
    // `^` for every severity, so the span is always annotated as an `Error` and, when colored,
    // takes the color of the diagnostic's actual severity.
    let renderer = if color {
        Renderer::styled().error(severity_style(diagnostic.severity))
    } else {
        Renderer::plain()
    };
    let title = level.title(&diagnostic.message).id(diagnostic.rule.name());

    // File-level diagnostics (an empty range at the very start, as I/O errors have) and
    // diagnostics whose source we don't have get no snippet.
    let positions = positions.filter(|_| diagnostic.range != TextRange::default());
    let Some(positions) = positions else {
        let header = renderer.render(title).to_string();
        return format!("{header}\n{}", arrow_line(1, &diagnostic.path, color));
    };

    let location = Location::new(diagnostic.range, Some(positions));
    let source = positions.source();
    let first_line = location.start.line;
    // A range that ends right after a line break (at column 1 of the next line) doesn't need that
    // next line shown.
    let last_line = if location.end.line > location.start.line && location.end.column == 1 {
        location.end.line - 1
    } else {
        location.end.line
    };
    // `annotate-snippets` cuts the left of a snippet that has no visible character at all (it
    // finds no indentation to keep), so a blank excerpt gets a nearby line as context: the closest
    // non-blank line before it, or else after it.
    let blank = |from: usize, to: usize| {
        source[offset(positions.line_start(from))..offset(positions.line_start(to + 1))]
            .trim()
            .is_empty()
    };
    let (shown_first_line, shown_last_line) = if blank(first_line, last_line) {
        let before = (first_line.saturating_sub(MAX_CONTEXT_LINES).max(1)..first_line)
            .rev()
            .find(|&line| !blank(line, line));
        let after = || {
            (last_line + 1..=(last_line + MAX_CONTEXT_LINES).min(positions.line_count()))
                .find(|&line| !blank(line, line))
        };
        match before {
            Some(before) => (before, last_line),
            None => (first_line, after().unwrap_or(last_line)),
        }
    } else {
        (first_line, last_line)
    };
    let has_context = (shown_first_line, shown_last_line) != (first_line, last_line);
    // Whole lines, including the last one's line break so that a span may point at it.
    let excerpt_start = offset(positions.line_start(shown_first_line)).min(location.start_offset);
    let excerpt_end = offset(positions.line_start(shown_last_line + 1)).clamp(excerpt_start, source.len());
    let excerpt = Excerpt::new(
        &source[excerpt_start..excerpt_end],
        location.start_offset.min(excerpt_end) - excerpt_start,
        location.end_offset.min(excerpt_end) - excerpt_start,
    );

    // `annotate-snippets` would compute the column of the ` --> path:line:col` line from the
    // excerpt, whose tabs are expanded; we write that line ourselves so that it agrees with the
    // concise and JSON output.
    let snippet = Snippet::source(&excerpt.text)
        .line_start(shown_first_line)
        // Folding elides the unannotated middle of long spans, but also drops context lines.
        .fold(!has_context && last_line > first_line)
        .annotation(Level::Error.span(excerpt.annotation.clone()));
    let rendered = renderer.render(title.snippet(snippet)).to_string();
    let (header, body) = rendered.split_once('\n').unwrap_or((&rendered, ""));
    let arrow = arrow_line(
        shown_last_line.to_string().len(),
        &format!("{}:{}:{}", diagnostic.path, location.start.line, location.start.column),
        color,
    );
    format!("{header}\n{arrow}\n{body}")
}

/// ` --> path`, indented to line up with the snippet's margin.
fn arrow_line(line_number_width: usize, origin: &str, color: bool) -> String {
    let arrow = paint("-->", AnsiColor::BrightBlue.on_default().effects(Effects::BOLD), color);
    format!("{:line_number_width$}{arrow} {origin}", "")
}

/// The source lines shown for a diagnostic, prepared for `annotate-snippets`.
struct Excerpt {
    text: String,
    /// The underlined byte range in `text`.
    annotation: Range<usize>,
}

impl Excerpt {
    /// Tabs are expanded to the next multiple of [`TAB_WIDTH`] columns, because `annotate-snippets`
    /// shows a tab as four spaces but counts it as zero columns when placing the underline. Lone
    /// carriage returns become line feeds (both end a line in Python; `annotate-snippets` only
    /// knows the latter), and other control characters become spaces, so the underline stays
    /// aligned. An empty excerpt (the empty last line of a file) becomes one empty line.
    ///
    /// `start..end` is the span to underline, relative to `lines`, which it must not exceed.
    fn new(lines: &str, start: usize, end: usize) -> Excerpt {
        const TAB_WIDTH: usize = 4;

        let mut text = String::with_capacity(lines.len() + 1);
        let mut annotation = None::<usize>..None::<usize>;
        let mut column = 0;
        let mut chars = lines.char_indices().peekable();
        loop {
            let index = chars.peek().map_or(lines.len(), |&(index, _)| index);
            if index >= start && annotation.start.is_none() {
                annotation.start = Some(text.len());
            }
            if index >= end && annotation.end.is_none() {
                annotation.end = Some(text.len());
            }
            let Some((_, c)) = chars.next() else {
                break;
            };
            match c {
                '\t' => {
                    let width = TAB_WIDTH - column % TAB_WIDTH;
                    text.extend(std::iter::repeat_n(' ', width));
                    column += width;
                }
                '\n' => {
                    text.push('\n');
                    column = 0;
                }
                '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => text.push('\r'),
                '\r' => {
                    text.push('\n');
                    column = 0;
                }
                c if c.is_control() => {
                    text.push(' ');
                    column += 1;
                }
                c => {
                    text.push(c);
                    column += 1;
                }
            }
        }
        let start = annotation.start.unwrap_or(text.len());
        let mut end = annotation.end.unwrap_or(text.len()).max(start);
        // `annotate-snippets` puts an empty span at the start of a line at the end of the line
        // before it, and shows no empty last line; so such a span covers the line's first
        // character (or line break), and an empty last line is given a line break to cover.
        if start == end && text[..start].ends_with('\n') {
            if start == text.len() {
                text.push('\n');
            }
            end = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        if text.is_empty() {
            text.push('\n');
        }
        Excerpt {
            text,
            annotation: start..end,
        }
    }
}

fn offset(size: TextSize) -> usize {
    usize::try_from(size.to_u32()).unwrap_or(usize::MAX)
}
