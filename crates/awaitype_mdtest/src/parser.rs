//! Turns a Markdown document into tests.
//!
//! Tests are written as Markdown so that the test suite doubles as documentation of the checker's
//! behaviour: prose explains, code blocks are checked. Each heading opens a section that runs up
//! to the next heading of any level; a section holding at least one Python block is a test, named
//! by the path of headings leading to it (`file.md - Heading - Sub`). Its Python blocks become the
//! test's files: unnamed blocks are concatenated into `mdtest.py`, a block preceded by a line
//! `` `pkg/mod.py`: `` goes to that file. Every line of every file remembers the Markdown line it
//! came from so that failures point into the Markdown, which is what people edit.

use std::fmt;

use crate::environment::Environment;

/// The file that unnamed Python blocks of a section are concatenated into.
pub const DEFAULT_FILE: &str = "mdtest.py";

/// One test: the Python blocks of one Markdown section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownTest {
    /// `file.md - Heading - Sub`.
    pub name: String,
    /// The Markdown file's display path (relative to the suite's root), as used in failures.
    pub md_path: String,
    /// The Markdown line of the section's heading (1 for text before the first heading).
    pub heading_line: usize,
    /// The section's settings, including those inherited from parent sections.
    pub environment: Environment,
    /// In order of first appearance.
    pub files: Vec<TestFile>,
}

/// One Python file of a test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFile {
    /// Relative path, `/`-separated.
    pub path: String,
    pub source: String,
    /// `md_lines[i]` is the Markdown line of the file's line `i + 1`.
    md_lines: Vec<usize>,
}

impl TestFile {
    /// The Markdown line a (1-based) line of this file came from.
    pub fn md_line(&self, file_line: usize) -> Option<usize> {
        file_line
            .checked_sub(1)
            .and_then(|index| self.md_lines.get(index))
            .copied()
    }

    fn push_line(&mut self, text: &str, md_line: usize) {
        self.source.push_str(text);
        self.source.push('\n');
        self.md_lines.push(md_line);
    }
}

/// A malformed Markdown test file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub md_path: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} {}", self.md_path, self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a Markdown document whose display path is `md_path` into its tests, in document order.
pub fn parse_markdown(md_path: &str, text: &str) -> Result<Vec<MarkdownTest>, ParseError> {
    Parser::new(md_path).parse(text)
}

/// A section whose text is being read, or an ancestor of it.
struct Section {
    level: usize,
    title: Option<String>,
    heading_line: usize,
    /// The settings of this section's own toml block, if it has one.
    own_environment: Option<Environment>,
    /// Effective settings (own overriding the parent's); valid once the section was finished.
    environment: Environment,
    files: Vec<TestFile>,
}

impl Section {
    fn new(level: usize, title: Option<String>, heading_line: usize) -> Self {
        Section {
            level,
            title,
            heading_line,
            own_environment: None,
            environment: Environment::default(),
            files: Vec::new(),
        }
    }
}

struct Parser<'a> {
    md_path: &'a str,
    /// The root (text before the first heading) at the bottom; the current section on top.
    stack: Vec<Section>,
    tests: Vec<MarkdownTest>,
}

/// What a ```` ``` ```` block holds, by its info string's first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Python,
    Toml,
    Other,
}

impl BlockKind {
    fn from_info(info: &str) -> BlockKind {
        match info.split_whitespace().next().unwrap_or("") {
            "py" | "python" | "pyi" => BlockKind::Python,
            "toml" => BlockKind::Toml,
            _ => BlockKind::Other,
        }
    }
}

/// An opening code fence: its character, length and indentation, and the info string.
struct Fence<'t> {
    marker: char,
    length: usize,
    indent: usize,
    info: &'t str,
}

impl<'a> Parser<'a> {
    fn new(md_path: &'a str) -> Self {
        Parser {
            md_path,
            stack: vec![Section::new(0, None, 1)],
            tests: Vec::new(),
        }
    }

    fn error(&self, line: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            md_path: self.md_path.to_string(),
            line,
            message: message.into(),
        }
    }

    fn parse(mut self, text: &str) -> Result<Vec<MarkdownTest>, ParseError> {
        let lines: Vec<&str> = text.lines().collect();
        // The previous non-blank line outside code blocks, as (line number, text).
        let mut previous: Option<(usize, &str)> = None;
        let mut index = 0;
        while index < lines.len() {
            let line_number = index + 1;
            let line = lines[index];
            index += 1;
            if let Some((level, title)) = parse_heading(line) {
                self.finish_section()?;
                self.open_section(level, title, line_number);
                previous = Some((line_number, line));
                continue;
            }
            let Some(fence) = parse_opening_fence(line) else {
                if !line.trim().is_empty() {
                    previous = Some((line_number, line));
                }
                continue;
            };
            let mut content = Vec::new();
            let mut closed = false;
            while index < lines.len() {
                let content_line = lines[index];
                index += 1;
                if is_closing_fence(content_line, &fence) {
                    closed = true;
                    break;
                }
                content.push((index, strip_indent(content_line, fence.indent)));
            }
            if !closed {
                return Err(self.error(line_number, "unterminated code block"));
            }
            let path = previous.and_then(|(_, text)| parse_path_annotation(text));
            self.add_block(line_number, &fence, path, &content)?;
            previous = Some((index, lines[index - 1]));
        }
        self.finish_section()?;
        Ok(self.tests)
    }

    fn open_section(&mut self, level: usize, title: String, line_number: usize) {
        while self.stack.last().is_some_and(|section| section.level >= level) {
            self.stack.pop();
        }
        self.stack.push(Section::new(level, Some(title), line_number));
    }

    fn add_block(
        &mut self,
        line_number: usize,
        fence: &Fence<'_>,
        path: Option<&str>,
        content: &[(usize, &str)],
    ) -> Result<(), ParseError> {
        let kind = BlockKind::from_info(fence.info);
        // A ```text block labelled with a path is a data file (`py.typed`, ...).
        let data_file = kind == BlockKind::Other && path.is_some() && fence.info.trim() == "text";
        match kind {
            _ if kind == BlockKind::Python || data_file => {
                let path = match path {
                    Some(path) => {
                        validate_path(path, data_file).map_err(|message| self.error(line_number, message))?;
                        path
                    }
                    None => DEFAULT_FILE,
                };
                let section = self.current();
                let position = match section.files.iter().position(|file| file.path == path) {
                    Some(position) => position,
                    None => {
                        section.files.push(TestFile {
                            path: path.to_string(),
                            source: String::new(),
                            md_lines: Vec::new(),
                        });
                        section.files.len() - 1
                    }
                };
                let file = &mut section.files[position];
                for &(md_line, text) in content {
                    file.push_line(text, md_line);
                }
            }
            BlockKind::Toml => {
                if let Some(path) = path {
                    return Err(self.error(
                        line_number,
                        format!("a toml block cannot be a file (`{path}`): only Python blocks can"),
                    ));
                }
                let text: String = content.iter().map(|(_, text)| format!("{text}\n")).collect();
                let environment = Environment::parse_toml(&text).map_err(|message| self.error(line_number, message))?;
                if self.current().own_environment.is_some() {
                    return Err(self.error(line_number, "a section can have only one toml block"));
                }
                self.current().own_environment = Some(environment);
            }
            BlockKind::Python | BlockKind::Other => {}
        }
        Ok(())
    }

    fn current(&mut self) -> &mut Section {
        self.stack.last_mut().expect("the root section is never popped")
    }

    /// Called when the current section's text ends: settles its settings and records the test.
    fn finish_section(&mut self) -> Result<(), ParseError> {
        let parent_environment = match self.stack.len() {
            0 | 1 => Environment::default(),
            len => self.stack[len - 2].environment,
        };
        let name = self.test_name();
        let md_path = self.md_path.to_string();
        let section = self.current();
        section.environment = parent_environment.overridden_by(section.own_environment.unwrap_or_default());
        if section.files.is_empty() {
            return Ok(());
        }
        let test = MarkdownTest {
            name,
            md_path,
            heading_line: section.heading_line,
            environment: section.environment,
            files: std::mem::take(&mut section.files),
        };
        if self.tests.iter().any(|other| other.name == test.name) {
            return Err(self.error(
                test.heading_line,
                format!("duplicate test name `{}`: make the heading unique", test.name),
            ));
        }
        self.tests.push(test);
        Ok(())
    }

    fn test_name(&self) -> String {
        let mut name = self.md_path.to_string();
        for title in self.stack.iter().filter_map(|section| section.title.as_deref()) {
            name.push_str(" - ");
            name.push_str(title);
        }
        name
    }
}

/// Up to three spaces of indentation, as CommonMark allows before headings and fences.
fn strip_block_indent(line: &str) -> Option<(usize, &str)> {
    let rest = line.trim_start_matches(' ');
    let indent = line.len() - rest.len();
    (indent <= 3).then_some((indent, rest))
}

/// An ATX heading (`## Title ##`): its level and title.
fn parse_heading(line: &str) -> Option<(usize, String)> {
    let (_, rest) = strip_block_indent(line)?;
    let level = rest.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = &rest[level..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let mut title = after.trim();
    // An optional closing sequence of `#`s, separated from the title by a space.
    let without_closing = title.trim_end_matches('#');
    if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        title = without_closing.trim_end();
    }
    Some((level, title.to_string()))
}

fn parse_opening_fence(line: &str) -> Option<Fence<'_>> {
    let (indent, rest) = strip_block_indent(line)?;
    let marker = rest.chars().next().filter(|&c| c == '`' || c == '~')?;
    let length = rest.chars().take_while(|&c| c == marker).count();
    if length < 3 {
        return None;
    }
    let info = rest[length..].trim();
    if marker == '`' && info.contains('`') {
        return None;
    }
    Some(Fence {
        marker,
        length,
        indent,
        info,
    })
}

fn is_closing_fence(line: &str, fence: &Fence<'_>) -> bool {
    let Some((_, rest)) = strip_block_indent(line) else {
        return false;
    };
    let length = rest.chars().take_while(|&c| c == fence.marker).count();
    length >= fence.length && rest[length..].trim().is_empty()
}

/// Removes up to `indent` leading spaces: the opening fence's indentation.
fn strip_indent(line: &str, indent: usize) -> &str {
    let spaces = line.chars().take(indent).take_while(|&c| c == ' ').count();
    &line[spaces..]
}

/// `` `pkg/mod.py`: `` → `pkg/mod.py`.
fn parse_path_annotation(line: &str) -> Option<&str> {
    let path = line.trim().strip_prefix('`')?.strip_suffix("`:")?;
    (!path.is_empty() && !path.contains('`')).then_some(path)
}

fn validate_path(path: &str, data_file: bool) -> Result<(), String> {
    if path.starts_with('/') || path.contains('\\') {
        return Err(format!("file path `{path}` must be relative and `/`-separated"));
    }
    if path
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err(format!(
            "file path `{path}` must not contain empty, `.` or `..` components"
        ));
    }
    if !(data_file || path.ends_with(".py") || path.ends_with(".pyi")) {
        return Err(format!("file path `{path}` must end in `.py` or `.pyi`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use awaitype_resolver::PythonVersion;

    use super::*;

    fn parse(text: &str) -> Vec<MarkdownTest> {
        parse_markdown("t.md", text).unwrap()
    }

    fn names(tests: &[MarkdownTest]) -> Vec<&str> {
        tests.iter().map(|test| test.name.as_str()).collect()
    }

    #[test]
    fn sections_with_code_are_tests_named_by_heading_path() {
        let tests = parse(
            "# Top\n\nprose\n\n## A\n\n```py\nx = 1\n```\n\n## B\n\n### C\n\n```python\ny = 2\n```\n\n# Other\n\n```pyi\nz: int\n```\n",
        );
        assert_eq!(names(&tests), ["t.md - Top - A", "t.md - Top - B - C", "t.md - Other"]);
        assert_eq!(tests[0].heading_line, 5);
        assert_eq!(tests[0].files.len(), 1);
        assert_eq!(tests[0].files[0].path, DEFAULT_FILE);
        assert_eq!(tests[0].files[0].source, "x = 1\n");
        assert_eq!(tests[2].files[0].source, "z: int\n");
    }

    #[test]
    fn skipped_heading_levels_nest_under_the_nearest_shallower_heading() {
        let tests = parse("# A\n### B\n```py\n```\n## C\n```py\n```\n# D\n```py\n```\n");
        assert_eq!(names(&tests), ["t.md - A - B", "t.md - A - C", "t.md - D"]);
    }

    #[test]
    fn code_before_the_first_heading_is_named_by_the_file() {
        let tests = parse("```py\nx = 1\n```\n# A\n```py\ny = 1\n```\n");
        assert_eq!(names(&tests), ["t.md", "t.md - A"]);
        assert_eq!(tests[0].heading_line, 1);
    }

    #[test]
    fn blocks_of_a_section_are_concatenated_with_line_mapping() {
        let tests = parse("# A\n```py\na = 1\nb = 2\n```\ntext\n```py\nc = 3\n```\n");
        let file = &tests[0].files[0];
        assert_eq!(file.source, "a = 1\nb = 2\nc = 3\n");
        assert_eq!(file.md_line(1), Some(3));
        assert_eq!(file.md_line(2), Some(4));
        assert_eq!(file.md_line(3), Some(8));
        assert_eq!(file.md_line(4), None);
        assert_eq!(file.md_line(0), None);
    }

    #[test]
    fn path_annotations_name_separate_files() {
        let tests = parse(
            "# A\n\n`pkg/mod.py`:\n\n```py\nx = 1\n```\n\n```py\nimport pkg.mod\n```\n\n`pkg/mod.py`:\n```py\ny = 2\n```\n",
        );
        let files = &tests[0].files;
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].path, "pkg/mod.py");
        assert_eq!(files[0].source, "x = 1\ny = 2\n");
        assert_eq!(files[0].md_line(2), Some(15));
        assert_eq!(files[1].path, DEFAULT_FILE);
        assert_eq!(files[1].source, "import pkg.mod\n");
    }

    #[test]
    fn annotation_must_be_on_the_previous_non_blank_line() {
        let tests = parse("# A\n`a.py`:\nsome prose\n```py\nx = 1\n```\n");
        assert_eq!(tests[0].files[0].path, DEFAULT_FILE);
    }

    #[test]
    fn other_blocks_are_ignored_and_hide_headings() {
        let tests = parse("# A\n```text\n# not a heading\n```\n````markdown\n```py\n```\n````\n");
        assert!(tests.is_empty());
        let tests = parse("# A\n~~~py\n# comment\n~~~\n");
        assert_eq!(names(&tests), ["t.md - A"]);
        assert_eq!(tests[0].files[0].source, "# comment\n");
    }

    #[test]
    fn indented_fences_strip_their_indentation() {
        let tests = parse("# A\n  ```py\n  if x:\n      pass\n  ```\n");
        assert_eq!(tests[0].files[0].source, "if x:\n    pass\n");
    }

    #[test]
    fn heading_syntax() {
        assert_eq!(parse_heading("## Title ##"), Some((2, "Title".to_string())));
        assert_eq!(parse_heading("# C# tricks"), Some((1, "C# tricks".to_string())));
        assert_eq!(parse_heading("#hashtag"), None);
        assert_eq!(parse_heading("    # indented code"), None);
        assert_eq!(parse_heading("####### seven"), None);
    }

    #[test]
    fn toml_applies_to_its_section_and_children() {
        let tests = parse(
            "# A\n```toml\n[environment]\npython-version = \"3.10\"\n```\n## B\n```py\n```\n## C\n```py\n```\n```toml\n[environment]\npython-version = \"3.12\"\n```\n# D\n```py\n```\n",
        );
        let versions: Vec<_> = tests.iter().map(|test| test.environment.python_version()).collect();
        assert_eq!(
            versions,
            [
                PythonVersion::PY310,
                PythonVersion::PY312,
                awaitype_resolver::DEFAULT_PYTHON_VERSION
            ]
        );
    }

    #[test]
    fn malformed_documents_are_errors() {
        let error = |text: &str| parse_markdown("t.md", text).unwrap_err();
        assert_eq!(error("# A\n```py\nx = 1\n").line, 2);
        assert_eq!(error("# A\n```toml\nbogus = 1\n```\n").line, 2);
        assert_eq!(error("# A\n```toml\n```\n```toml\n```\n").line, 4);
        assert_eq!(error("# A\n`../x.py`:\n```py\n```\n").line, 3);
        assert_eq!(error("# A\n`x.txt`:\n```py\n```\n").line, 3);
        assert_eq!(error("# A\n`x.toml`:\n```toml\n```\n").line, 3);
        let duplicate = error("# A\n```py\n```\n# A\n```py\n```\n");
        assert_eq!(duplicate.line, 4);
        assert_eq!(
            duplicate.to_string(),
            "t.md:4 duplicate test name `t.md - A`: make the heading unique"
        );
    }
}
