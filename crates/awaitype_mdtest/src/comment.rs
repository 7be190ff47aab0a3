//! Finds the comment on each line of a Python source.
//!
//! Assertions live in end-of-line comments, so the runner must tell a comment's `#` from a `#`
//! inside a string literal (`s = "#"  # revealed: str`). A full tokenizer is not needed: tracking
//! whether we are inside a (possibly triple-quoted, possibly multi-line) string literal is enough,
//! and keeps the runner independent of the parser it is testing.

/// For each line of `source` (as split by [`str::lines`]), the byte offset within the line of the
/// `#` that starts its comment, if it has one.
pub fn comment_starts(source: &str) -> Vec<Option<usize>> {
    let mut state = State::Code;
    source
        .lines()
        .map(|line| {
            let (comment, next) = scan_line(line, state);
            state = next;
            comment
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    /// Inside a string literal opened by `quote` (tripled or not).
    String {
        quote: char,
        triple: bool,
    },
}

/// Scans one line starting in `state`: the comment's offset and the state at the next line.
fn scan_line(line: &str, mut state: State) -> (Option<usize>, State) {
    let bytes = line.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        match state {
            State::Code => match byte {
                b'#' => return (Some(index), State::Code),
                b'\'' | b'"' => {
                    let quote = char::from(byte);
                    let triple = bytes.get(index + 1) == Some(&byte) && bytes.get(index + 2) == Some(&byte);
                    state = State::String { quote, triple };
                    index += if triple { 3 } else { 1 };
                    continue;
                }
                _ => {}
            },
            State::String { quote, triple } => {
                if byte == b'\\' {
                    if index + 1 == bytes.len() {
                        // A backslash at the end of a line continues even a single-quoted string.
                        return (None, state);
                    }
                    index += 2;
                    continue;
                }
                if char::from(byte) == quote {
                    if !triple {
                        state = State::Code;
                    } else if bytes.get(index + 1) == Some(&byte) && bytes.get(index + 2) == Some(&byte) {
                        state = State::Code;
                        index += 3;
                        continue;
                    }
                }
            }
        }
        index += 1;
    }
    // An unterminated single-quoted string is a syntax error; don't let it swallow later lines.
    let next = match state {
        State::String { triple: false, .. } => State::Code,
        other => other,
    };
    (None, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_end_of_line_comments() {
        assert_eq!(
            comment_starts("x = 1  # c\ny = 2\n# whole line\n"),
            [Some(7), None, Some(0)]
        );
    }

    #[test]
    fn ignores_hashes_in_strings() {
        assert_eq!(comment_starts("s = '#'  # c"), [Some(9)]);
        assert_eq!(comment_starts(r##"s = "a\"#"  # c"##), [Some(12)]);
        assert_eq!(comment_starts(r#"s = "it's #1""#), [None]);
        assert_eq!(comment_starts(r#"s = f"{x}#{y}" # c"#), [Some(15)]);
    }

    #[test]
    fn tracks_triple_quoted_strings_across_lines() {
        let source = "s = \"\"\"\n# not a comment\n'''\"\"\"  # comment\nt = ''' \" # ''' # c\n";
        assert_eq!(comment_starts(source), [None, None, Some(8), Some(16)]);
    }

    #[test]
    fn unterminated_strings_end_at_the_line_end() {
        assert_eq!(comment_starts("s = 'abc\nx  # c\n"), [None, Some(3)]);
        assert_eq!(comment_starts("s = 'abc\\\n#x' # c\n"), [None, Some(4)]);
    }
}
