//! Output rendering: turns sorted diagnostics into the text the CLI prints.
//!
//! Three formats exist, and the first two are parsed by other tools, so their shape is a contract:
//!
//! - [`OutputFormat::Concise`]: one `path:line:col: severity[rule] message` line per diagnostic,
//!   followed by a summary line.
//! - [`OutputFormat::Json`]: a JSON array of objects with 1-based positions; no summary.
//! - [`OutputFormat::Full`]: a source snippet per diagnostic with the span underlined, followed by
//!   the summary line.
//!
//! Lines are 1-based; columns are 1-based and counted in characters. Ranges that reach past the end
//! of their source (or into the middle of a character) are clamped rather than trusted, so a
//! diagnostic with a bad range still renders.

mod concise;
mod full;
mod json;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use ruff_text_size::{TextRange, TextSize};

use crate::{Diagnostic, LineColumn, Severity, SourcePositions};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OutputFormat {
    /// Source snippets with the span underlined, then a summary line.
    #[default]
    Full,
    /// One line per diagnostic, then a summary line.
    Concise,
    /// A JSON array of diagnostic objects.
    Json,
}

impl OutputFormat {
    pub const ALL: &'static [OutputFormat] = &[OutputFormat::Full, OutputFormat::Concise, OutputFormat::Json];

    /// The name accepted on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Full => "full",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OutputFormat::ALL
            .iter()
            .copied()
            .find(|format| format.as_str() == s)
            .ok_or_else(|| format!("unknown output format `{s}`: expected one of `full`, `concise`, `json`"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenderOptions {
    pub format: OutputFormat,
    /// Whether to emit ANSI colors. Only the `full` and `concise` formats use color; `json` never does.
    pub color: bool,
}

/// The `json` format's array on a single line, for output that prints one array per check
/// (`check --watch`).
pub fn render_json_line(diagnostics: &[Diagnostic], sources: &BTreeMap<String, Arc<str>>) -> String {
    json::render_line(diagnostics, &mut Files::new(sources))
}

/// Renders all diagnostics (already sorted) plus the summary line. `sources` maps Diagnostic::path -> file text.
pub fn render(diagnostics: &[Diagnostic], sources: &BTreeMap<String, Arc<str>>, options: &RenderOptions) -> String {
    let mut files = Files::new(sources);
    match options.format {
        OutputFormat::Full => full::render(diagnostics, &mut files, options.color),
        OutputFormat::Concise => concise::render(diagnostics, &mut files, options.color),
        OutputFormat::Json => json::render(diagnostics, &mut files),
    }
}

/// The last line of the `full` and `concise` formats.
fn summary(count: usize) -> String {
    match count {
        0 => "All checks passed!".to_string(),
        1 => "Found 1 diagnostic".to_string(),
        n => format!("Found {n} diagnostics"),
    }
}

/// The color a severity is shown in (matching what `annotate-snippets` uses for its levels).
fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::BrightRed.on_default().effects(Effects::BOLD),
        Severity::Warning => AnsiColor::Yellow.on_default().effects(Effects::BOLD),
        Severity::Info => AnsiColor::BrightBlue.on_default().effects(Effects::BOLD),
    }
}

/// Wraps `text` in `style` when `color` is on.
fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// Lazily built line indexes of the sources, one per path.
struct Files<'s> {
    sources: &'s BTreeMap<String, Arc<str>>,
    positions: BTreeMap<&'s str, SourcePositions<'s>>,
}

impl<'s> Files<'s> {
    fn new(sources: &'s BTreeMap<String, Arc<str>>) -> Self {
        Files {
            sources,
            positions: BTreeMap::new(),
        }
    }

    /// The positions of the file `path`, or `None` when its source is unknown.
    fn get(&mut self, path: &str) -> Option<&SourcePositions<'s>> {
        let (key, source) = self.sources.get_key_value(path)?;
        Some(
            self.positions
                .entry(key.as_str())
                .or_insert_with(|| SourcePositions::new(source)),
        )
    }
}

/// Where a diagnostic applies, with its byte range made safe to slice its source with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Location {
    /// Byte offset of the start, clamped into the source and onto a character boundary.
    start_offset: usize,
    /// Byte offset of the (exclusive) end, clamped likewise; never before `start_offset`.
    end_offset: usize,
    start: LineColumn,
    /// The position of the exclusive end.
    end: LineColumn,
}

impl Location {
    /// The location used when the source is unknown: the start of the file.
    const FILE_START: Location = Location {
        start_offset: 0,
        end_offset: 0,
        start: LineColumn { line: 1, column: 1 },
        end: LineColumn { line: 1, column: 1 },
    };

    fn new(range: TextRange, positions: Option<&SourcePositions<'_>>) -> Location {
        let Some(positions) = positions else {
            return Location::FILE_START;
        };
        let source = positions.source();
        let start_offset = clamp_offset(source, range.start());
        let end_offset = clamp_offset(source, range.end()).max(start_offset);
        Location {
            start_offset,
            end_offset,
            start: positions.line_column(offset_to_size(start_offset)),
            end: positions.line_column(offset_to_size(end_offset)),
        }
    }
}

/// Clamps a byte offset into `source`, moving it back onto a character boundary.
fn clamp_offset(source: &str, offset: TextSize) -> usize {
    let offset = usize::try_from(offset.to_u32()).unwrap_or(usize::MAX);
    source.floor_char_boundary(offset)
}

fn offset_to_size(offset: usize) -> TextSize {
    TextSize::try_from(offset).unwrap_or(TextSize::new(u32::MAX))
}
