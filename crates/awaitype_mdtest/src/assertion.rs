//! Extracts the expectations written in a test's Python comments.
//!
//! Tests state what the checker must report right next to the code it reports on:
//! `# revealed: T` expects a `revealed-type` diagnostic for `reveal_type`, and
//! `# error: [rule] "message substring"` expects any other diagnostic. Several can share one
//! comment (`# error: [a] # revealed: int`). A comment alone on its line applies to the next line
//! that holds code, so that long lines can carry their assertions above them. Malformed
//! assertions are errors rather than plain comments, so that a typo cannot make an assertion
//! silently disappear.

use std::fmt;

use awaitype_diagnostics::Rule;

use crate::comment::comment_starts;

/// What one assertion expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssertionKind {
    /// `# revealed: T`: a `revealed-type` diagnostic with the message ``Revealed type: `T` ``.
    Revealed(String),
    /// `# error: [rule] "substring"`: a diagnostic of another rule; both parts are optional.
    Error {
        rule: Option<Rule>,
        message: Option<String>,
    },
}

impl fmt::Display for AssertionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssertionKind::Revealed(ty) => write!(f, "revealed: {ty}"),
            AssertionKind::Error { rule, message } => {
                f.write_str("error:")?;
                if let Some(rule) = rule {
                    write!(f, " [{rule}]")?;
                }
                if let Some(message) = message {
                    write!(f, " {message:?}")?;
                }
                Ok(())
            }
        }
    }
}

/// An assertion and the (1-based) line of its file it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    /// The line whose diagnostics the assertion is about.
    pub line: usize,
    /// The line the assertion is written on (differs from `line` for comment-only lines).
    pub comment_line: usize,
    pub kind: AssertionKind,
}

/// A malformed assertion comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssertionError {
    /// The (1-based) line the comment is on.
    pub line: usize,
    pub message: String,
}

/// The message of a `revealed-type` diagnostic that reveals `ty`.
pub fn revealed_type_message(ty: &str) -> String {
    format!("Revealed type: `{ty}`")
}

/// All assertions of a Python source, in line order, and the malformed ones.
pub fn parse_assertions(source: &str) -> (Vec<Assertion>, Vec<AssertionError>) {
    let lines: Vec<&str> = source.lines().collect();
    let mut errors = Vec::new();
    // Per line: its assertions, and whether it is only an assertion comment.
    let mut parsed: Vec<(Vec<AssertionKind>, bool)> = Vec::with_capacity(lines.len());
    for (index, (line, comment_start)) in lines.iter().zip(comment_starts(source)).enumerate() {
        let Some(start) = comment_start else {
            parsed.push((Vec::new(), false));
            continue;
        };
        match parse_comment(&line[start..]) {
            Ok(kinds) => {
                let own_line = !kinds.is_empty() && line[..start].trim().is_empty();
                parsed.push((kinds, own_line));
            }
            Err(message) => {
                errors.push(AssertionError {
                    line: index + 1,
                    message,
                });
                // Still an assertion line for the purpose of finding the next code line.
                parsed.push((Vec::new(), line[..start].trim().is_empty()));
            }
        }
    }

    let mut assertions = Vec::new();
    for (index, (kinds, own_line)) in parsed.iter().enumerate() {
        if kinds.is_empty() {
            continue;
        }
        let target = if *own_line {
            let next = (index + 1..lines.len()).find(|&next| !lines[next].trim().is_empty() && !parsed[next].1);
            match next {
                Some(next) => next,
                None => {
                    errors.push(AssertionError {
                        line: index + 1,
                        message: "assertion comment is not followed by a line of code it could apply to".to_string(),
                    });
                    continue;
                }
            }
        } else {
            index
        };
        assertions.extend(kinds.iter().cloned().map(|kind| Assertion {
            line: target + 1,
            comment_line: index + 1,
            kind,
        }));
    }
    errors.sort_by_key(|error| error.line);
    (assertions, errors)
}

/// Parses a comment (starting with its `#`) into the assertions it holds.
fn parse_comment(comment: &str) -> Result<Vec<AssertionKind>, String> {
    let mut kinds = Vec::new();
    // Always positioned just after a `#`.
    let mut rest = comment.strip_prefix('#').unwrap_or(comment);
    loop {
        let text = rest.trim_start();
        if let Some(ty) = text.strip_prefix("revealed:") {
            let (ty, after) = split_at_hash(ty);
            let ty = ty.trim();
            if ty.is_empty() {
                return Err("`# revealed:` needs a type".to_string());
            }
            kinds.push(AssertionKind::Revealed(ty.to_string()));
            rest = match after {
                Some(after) => after,
                None => return Ok(kinds),
            };
        } else if let Some(error) = text.strip_prefix("error:") {
            let (kind, after) = parse_error_assertion(error)?;
            kinds.push(kind);
            rest = match after {
                Some(after) => after,
                None => return Ok(kinds),
            };
        } else {
            // Not an assertion: skip to the next `#`, which may start one.
            match split_at_hash(text).1 {
                Some(after) => rest = after,
                None => return Ok(kinds),
            }
        }
    }
}

/// Splits at the first `#`: the text before it and the text after it, if there is one.
fn split_at_hash(text: &str) -> (&str, Option<&str>) {
    match text.split_once('#') {
        Some((before, after)) => (before, Some(after)),
        None => (text, None),
    }
}

/// Parses what follows `error:`; returns the text after the next `#`, if any.
fn parse_error_assertion(text: &str) -> Result<(AssertionKind, Option<&str>), String> {
    let mut rest = text.trim_start();
    let mut rule = None;
    if let Some(after_bracket) = rest.strip_prefix('[') {
        let (name, after) = after_bracket
            .split_once(']')
            .ok_or_else(|| "unterminated `[rule]` in `# error:` assertion".to_string())?;
        let name = name.trim();
        let parsed = Rule::from_name(name).ok_or_else(|| format!("unknown rule `{name}` in `# error:` assertion"))?;
        if parsed == Rule::RevealedType {
            return Err("use `# revealed: T` to assert a revealed type, not `# error: [revealed-type]`".to_string());
        }
        rule = Some(parsed);
        rest = after.trim_start();
    }
    let mut message = None;
    if let Some(quoted) = rest.strip_prefix('"') {
        let (text, after) = parse_quoted(quoted)?;
        message = Some(text);
        rest = after.trim_start();
    }
    let after = if rest.is_empty() {
        None
    } else if let Some(after) = rest.strip_prefix('#') {
        Some(after)
    } else {
        return Err(format!(
            "unexpected `{rest}` in `# error:` assertion: expected `[rule]`, then `\"message\"`"
        ));
    };
    Ok((AssertionKind::Error { rule, message }, after))
}

/// Parses the rest of a `"`-quoted string (after the opening quote), where `\"` and `\\` escape.
fn parse_quoted(text: &str) -> Result<(String, &str), String> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => return Ok((value, &text[index + 1..])),
            '\\' => match chars.next() {
                Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                Some((_, other)) => {
                    value.push('\\');
                    value.push(other);
                }
                None => value.push('\\'),
            },
            other => value.push(other),
        }
    }
    Err("unterminated message string in `# error:` assertion".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revealed(line: usize, ty: &str) -> Assertion {
        Assertion {
            line,
            comment_line: line,
            kind: AssertionKind::Revealed(ty.to_string()),
        }
    }

    fn error(rule: Option<Rule>, message: Option<&str>) -> AssertionKind {
        AssertionKind::Error {
            rule,
            message: message.map(str::to_string),
        }
    }

    fn kinds(source: &str) -> Vec<AssertionKind> {
        let (assertions, errors) = parse_assertions(source);
        assert_eq!(errors, []);
        assertions.into_iter().map(|assertion| assertion.kind).collect()
    }

    #[test]
    fn end_of_line_assertions() {
        let (assertions, errors) = parse_assertions("x = 1\nreveal_type(x)  # revealed: int\n");
        assert_eq!(errors, []);
        assert_eq!(assertions, [revealed(2, "int")]);
        assert_eq!(
            kinds("reveal_type(x)  # revealed: dict[str, int | None]"),
            [AssertionKind::Revealed("dict[str, int | None]".to_string())]
        );
    }

    #[test]
    fn error_assertion_forms() {
        assert_eq!(
            kinds("f()  # error: [call-non-callable]"),
            [error(Some(Rule::CallNonCallable), None)]
        );
        assert_eq!(
            kinds("f()  # error: \"not callable\""),
            [error(None, Some("not callable"))]
        );
        assert_eq!(
            kinds("f()  # error: [call-non-callable] \"a # \\\"b\\\"\""),
            [error(Some(Rule::CallNonCallable), Some("a # \"b\""))]
        );
        assert_eq!(kinds("f()  # error:"), [error(None, None)]);
    }

    #[test]
    fn several_assertions_in_one_comment() {
        assert_eq!(
            kinds("x  # error: [unresolved-reference] # revealed: int"),
            [
                error(Some(Rule::UnresolvedReference), None),
                AssertionKind::Revealed("int".to_string())
            ]
        );
        assert_eq!(
            kinds("x  # revealed: int # error: \"m\" # revealed: str"),
            [
                AssertionKind::Revealed("int".to_string()),
                error(None, Some("m")),
                AssertionKind::Revealed("str".to_string())
            ]
        );
        assert_eq!(
            kinds("x  # type: ignore # revealed: int"),
            [AssertionKind::Revealed("int".to_string())]
        );
    }

    #[test]
    fn other_comments_and_strings_are_not_assertions() {
        assert_eq!(kinds("# a note about errors: none\nx = 1  # TODO\n"), []);
        assert_eq!(kinds("s = '# revealed: int'\n\"\"\"\n# error: [x]\n\"\"\"\n"), []);
    }

    #[test]
    fn own_line_assertions_apply_to_the_next_code_line() {
        let source = "# revealed: int\n\n# error: [unresolved-reference]\n\nf(x)\n";
        let (assertions, errors) = parse_assertions(source);
        assert_eq!(errors, []);
        assert_eq!(assertions.len(), 2);
        assert!(assertions.iter().all(|assertion| assertion.line == 5));
        assert_eq!(assertions[0].comment_line, 1);
        assert_eq!(assertions[1].comment_line, 3);
        // An indented comment is still alone on its line.
        let (assertions, _) = parse_assertions("def f():\n    # revealed: int\n    g()\n");
        assert_eq!(assertions[0].line, 3);
    }

    #[test]
    fn malformed_assertions_are_errors() {
        let errors = |source: &str| parse_assertions(source).1;
        assert_eq!(errors("x  # error: [no-such-rule]")[0].line, 1);
        assert_eq!(errors("x\nx  # error: [call-non-callable")[0].line, 2);
        assert_eq!(errors("x  # error: \"unterminated")[0].line, 1);
        assert_eq!(errors("x  # error: [call-non-callable] junk")[0].line, 1);
        assert_eq!(errors("x  # error: \"m\" [call-non-callable]")[0].line, 1);
        assert_eq!(errors("x  # error: [revealed-type]")[0].line, 1);
        assert_eq!(errors("x  # revealed:")[0].line, 1);
        assert_eq!(errors("x = 1\n# revealed: int\n\n")[0].line, 2);
    }

    #[test]
    fn display_round_trips_the_syntax() {
        assert_eq!(AssertionKind::Revealed("int".to_string()).to_string(), "revealed: int");
        assert_eq!(
            error(Some(Rule::InvalidAwait), Some("m")).to_string(),
            "error: [invalid-await] \"m\""
        );
        assert_eq!(error(None, None).to_string(), "error:");
    }
}
