//! Runs the built `awaitype` binary on temporary directories and checks its exit codes and output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh directory under Cargo's per-target temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("awaitype-cli-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("can create a temporary directory");
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, relative: &str, contents: &str) {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, contents).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs `awaitype` with `args` in `dir`.
fn awaitype(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_awaitype"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the awaitype binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

#[track_caller]
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

#[test]
fn empty_directory_passes() {
    let dir = TempDir::new("empty");
    let output = awaitype(dir.path(), &["check"]);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), "All checks passed!\n");
    assert_eq!(stderr(&output), "");
}

#[test]
fn explicit_empty_directory_passes_in_every_format() {
    let dir = TempDir::new("explicit");
    fs::create_dir(dir.path().join("src")).unwrap();
    for format in ["full", "concise"] {
        let output = awaitype(dir.path(), &["check", "src", "--output-format", format]);
        assert_exit(&output, 0);
        assert_eq!(stdout(&output), "All checks passed!\n", "--output-format {format}");
    }
    let output = awaitype(dir.path(), &["check", "src", "--output-format", "json"]);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output).trim(), "[]");
}

#[test]
fn correct_file_passes() {
    let dir = TempDir::new("correct");
    dir.write("ok.py", "x: int = 1\n");
    let output = awaitype(dir.path(), &["check", "ok.py", "--output-format", "concise"]);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), "All checks passed!\n");
}

#[test]
fn supported_python_versions_are_accepted() {
    let dir = TempDir::new("versions");
    for version in ["3.8", "3.13", "3.14"] {
        let output = awaitype(dir.path(), &["check", "--python-version", version]);
        assert_exit(&output, 0);
    }
}

#[test]
fn bad_python_version_is_a_usage_error() {
    let dir = TempDir::new("bad-version");
    for version in ["2.7", "3.99", "abc", "3.7", "3"] {
        let output = awaitype(dir.path(), &["check", "--python-version", version]);
        assert_exit(&output, 2);
        assert!(stderr(&output).contains(version), "{}", stderr(&output));
        assert_eq!(stdout(&output), "");
    }
}

#[test]
fn bad_output_format_is_a_usage_error() {
    let dir = TempDir::new("bad-format");
    let output = awaitype(dir.path(), &["check", "--output-format", "text"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("text"), "{}", stderr(&output));
}

#[test]
fn other_usage_errors_exit_with_2() {
    let dir = TempDir::new("usage");
    for args in [&[][..], &["frobnicate"], &["check", "--no-such-flag"]] {
        let output = awaitype(dir.path(), args);
        assert_exit(&output, 2);
    }
}

#[test]
fn nonexistent_path_fails_with_2() {
    let dir = TempDir::new("missing");
    let output = awaitype(dir.path(), &["check", "missing.py"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("error: path `missing.py` does not exist"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn nonexistent_path_still_checks_the_others() {
    let dir = TempDir::new("missing-and-present");
    dir.write("ok.py", "x = 1\n");
    let output = awaitype(
        dir.path(),
        &["check", "missing.py", "ok.py", "--output-format", "concise"],
    );
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("error: path `missing.py` does not exist"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stdout(&output), "All checks passed!\n");
}

#[test]
fn help_and_version_exit_with_0() {
    let dir = TempDir::new("help");
    for args in [&["--help"][..], &["help"], &["check", "--help"]] {
        let output = awaitype(dir.path(), args);
        assert_exit(&output, 0);
        assert!(stdout(&output).contains("check"), "{}", stdout(&output));
    }
    let output = awaitype(dir.path(), &["check", "--help"]);
    for option in ["--python-version", "--output-format", "concise", "json"] {
        assert!(stdout(&output).contains(option), "{}", stdout(&output));
    }
    let output = awaitype(dir.path(), &["--version"]);
    assert_exit(&output, 0);
    assert!(
        stdout(&output).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        stdout(&output)
    );
}

#[test]
fn piped_output_has_no_color() {
    let dir = TempDir::new("no-color");
    dir.write("a.py", "x: int = 'a'\n");
    let output = awaitype(dir.path(), &["check"]);
    assert!(!stdout(&output).contains('\x1b'), "{}", stdout(&output));
}

#[test]
fn invalid_assignment_fails_with_1() {
    let dir = TempDir::new("invalid-assignment");
    dir.write("a.py", "x: int = \"a\"\n");
    let output = awaitype(dir.path(), &["check", "--output-format", "concise"]);
    assert_exit(&output, 1);
    let stdout = stdout(&output);
    assert!(stdout.contains("error[invalid-assignment]"), "{stdout}");
    assert!(stdout.ends_with("Found 1 diagnostic\n"), "{stdout}");
}

#[test]
fn reveal_type_is_info_and_passes() {
    let dir = TempDir::new("reveal-type");
    dir.write("a.py", "def f(x: int) -> None:\n    reveal_type(x)\n");
    let output = awaitype(dir.path(), &["check", "--output-format", "concise"]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "./a.py:2:5: info[revealed-type] Revealed type: `int`\nFound 1 diagnostic\n"
    );
}

#[test]
fn json_output_is_an_array_of_diagnostics() {
    let dir = TempDir::new("json");
    dir.write(
        "src/a.py",
        "x: int = \"a\"\ndef f(y: int) -> None:\n    reveal_type(y)\n",
    );
    let output = awaitype(dir.path(), &["check", "src/a.py", "--output-format", "json"]);
    assert_exit(&output, 1);
    let stdout = stdout(&output);
    let Json::Array(entries) = json::parse(&stdout).unwrap_or_else(|err| panic!("{err}:\n{stdout}")) else {
        panic!("not a JSON array:\n{stdout}");
    };
    assert_eq!(entries.len(), 2, "{stdout}");
    let expected = [
        [
            ("path", Json::String("src/a.py".into())),
            ("line", Json::Number(1.0)),
            ("column", Json::Number(10.0)),
            ("end_line", Json::Number(1.0)),
            ("end_column", Json::Number(13.0)),
            ("severity", Json::String("error".into())),
            ("rule", Json::String("invalid-assignment".into())),
            (
                "message",
                Json::String("Object of type `Literal[\"a\"]` is not assignable to `int`".into()),
            ),
        ],
        [
            ("path", Json::String("src/a.py".into())),
            ("line", Json::Number(3.0)),
            ("column", Json::Number(5.0)),
            ("end_line", Json::Number(3.0)),
            ("end_column", Json::Number(19.0)),
            ("severity", Json::String("info".into())),
            ("rule", Json::String("revealed-type".into())),
            ("message", Json::String("Revealed type: `int`".into())),
        ],
    ];
    for (entry, expected) in entries.iter().zip(expected) {
        let Json::Object(fields) = entry else {
            panic!("not a JSON object: {entry:?}");
        };
        let expected: Vec<(String, Json)> = expected.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(fields, &expected, "{stdout}");
    }
}

#[test]
fn syntax_error_fails_with_1_and_other_files_are_checked() {
    let dir = TempDir::new("syntax-error");
    dir.write("a.py", "def f(:\n    pass\n");
    dir.write("b.py", "y: str = 1\n");
    let output = awaitype(dir.path(), &["check", "--output-format", "concise"]);
    assert_exit(&output, 1);
    let stdout = stdout(&output);
    assert!(stdout.contains("./a.py:1:7: error[invalid-syntax] "), "{stdout}");
    assert!(stdout.contains("./b.py:1:10: error[invalid-assignment] "), "{stdout}");
    assert_eq!(stderr(&output), "");
}

#[test]
fn non_utf8_file_fails_with_2_and_other_files_are_reported() {
    let dir = TempDir::new("non-utf8");
    fs::write(dir.path().join("a.py"), b"s = \"\xff\xfe\"\n").unwrap();
    dir.write("b.py", "y: str = 1\n");
    dir.write("c.py", "reveal_type(1)\n");
    let output = awaitype(dir.path(), &["check", "--output-format", "concise"]);
    assert_exit(&output, 2);
    let stdout = stdout(&output);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].starts_with("./a.py:1:1: error[io-error] cannot read file: file is not valid UTF-8"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("./b.py:1:10: error[invalid-assignment] "),
        "{stdout}"
    );
    assert_eq!(lines[2], "./c.py:1:1: info[revealed-type] Revealed type: `Literal[1]`");
    assert_eq!(lines[3], "Found 3 diagnostics");

    // The full format names the file and the problem too.
    let output = awaitype(dir.path(), &["check", "a.py"]);
    assert_exit(&output, 2);
    let stdout = self::stdout(&output);
    assert!(
        stdout.contains("error[io-error]: cannot read file: file is not valid UTF-8"),
        "{stdout}"
    );
    assert!(stdout.contains("a.py"), "{stdout}");
}

#[test]
fn diagnostics_are_sorted_by_path_and_position() {
    let dir = TempDir::new("sorted");
    for name in ["c.py", "a.py", "b/z.py", "b/a.py"] {
        dir.write(name, "x: int = \"a\"\ny: str = 1\n");
    }
    let output = awaitype(dir.path(), &["check", "--output-format", "concise"]);
    assert_exit(&output, 1);
    let stdout = stdout(&output);
    let locations: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.split_once(": ").map(|(location, _)| location))
        .collect();
    assert_eq!(
        locations,
        [
            "./a.py:1:10",
            "./a.py:2:10",
            "./b/a.py:1:10",
            "./b/a.py:2:10",
            "./b/z.py:1:10",
            "./b/z.py:2:10",
            "./c.py:1:10",
            "./c.py:2:10",
        ],
        "{stdout}"
    );
    // Parallel checking doesn't change the output.
    for _ in 0..3 {
        assert_eq!(
            self::stdout(&awaitype(dir.path(), &["check", "--output-format", "concise"])),
            stdout
        );
    }
}

/// A JSON value, as far as the tests need one (objects keep their key order).
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// A strict JSON parser (RFC 8259), so the tests check that the output is valid JSON without
/// giving the CLI crate a dependency it doesn't otherwise need.
mod json {
    use super::Json;

    pub(super) fn parse(text: &str) -> Result<Json, String> {
        let mut parser = Parser {
            bytes: text.as_bytes(),
            pos: 0,
        };
        let value = parser.value()?;
        parser.whitespace();
        if parser.pos != parser.bytes.len() {
            return Err(parser.error("trailing characters"));
        }
        Ok(value)
    }

    struct Parser<'a> {
        bytes: &'a [u8],
        pos: usize,
    }

    impl Parser<'_> {
        fn error(&self, message: &str) -> String {
            format!("invalid JSON at byte {}: {message}", self.pos)
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.pos).copied()
        }

        fn whitespace(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.pos += 1;
            }
        }

        fn expect(&mut self, byte: u8) -> Result<(), String> {
            self.whitespace();
            if self.peek() == Some(byte) {
                self.pos += 1;
                Ok(())
            } else {
                Err(self.error(&format!("expected `{}`", byte as char)))
            }
        }

        fn literal(&mut self, word: &str, value: Json) -> Result<Json, String> {
            if self.bytes[self.pos..].starts_with(word.as_bytes()) {
                self.pos += word.len();
                Ok(value)
            } else {
                Err(self.error("unknown literal"))
            }
        }

        fn value(&mut self) -> Result<Json, String> {
            self.whitespace();
            match self.peek() {
                Some(b'{') => self.object(),
                Some(b'[') => self.array(),
                Some(b'"') => self.string().map(Json::String),
                Some(b't') => self.literal("true", Json::Bool(true)),
                Some(b'f') => self.literal("false", Json::Bool(false)),
                Some(b'n') => self.literal("null", Json::Null),
                Some(b'-' | b'0'..=b'9') => self.number(),
                _ => Err(self.error("expected a value")),
            }
        }

        fn object(&mut self) -> Result<Json, String> {
            self.expect(b'{')?;
            let mut fields = Vec::new();
            self.whitespace();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Ok(Json::Object(fields));
            }
            loop {
                self.whitespace();
                let key = self.string()?;
                self.expect(b':')?;
                fields.push((key, self.value()?));
                self.whitespace();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        return Ok(Json::Object(fields));
                    }
                    _ => return Err(self.error("expected `,` or `}`")),
                }
            }
        }

        fn array(&mut self) -> Result<Json, String> {
            self.expect(b'[')?;
            let mut items = Vec::new();
            self.whitespace();
            if self.peek() == Some(b']') {
                self.pos += 1;
                return Ok(Json::Array(items));
            }
            loop {
                items.push(self.value()?);
                self.whitespace();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        return Ok(Json::Array(items));
                    }
                    _ => return Err(self.error("expected `,` or `]`")),
                }
            }
        }

        fn string(&mut self) -> Result<String, String> {
            self.expect(b'"')?;
            let mut out = String::new();
            loop {
                let start = self.pos;
                while matches!(self.peek(), Some(byte) if byte != b'"' && byte != b'\\' && byte >= 0x20) {
                    self.pos += 1;
                }
                out.push_str(std::str::from_utf8(&self.bytes[start..self.pos]).map_err(|e| e.to_string())?);
                match self.peek() {
                    Some(b'"') => {
                        self.pos += 1;
                        return Ok(out);
                    }
                    Some(b'\\') => {
                        self.pos += 1;
                        let escape = self.peek().ok_or_else(|| self.error("unterminated escape"))?;
                        self.pos += 1;
                        match escape {
                            b'"' => out.push('"'),
                            b'\\' => out.push('\\'),
                            b'/' => out.push('/'),
                            b'b' => out.push('\u{8}'),
                            b'f' => out.push('\u{c}'),
                            b'n' => out.push('\n'),
                            b'r' => out.push('\r'),
                            b't' => out.push('\t'),
                            b'u' => {
                                let high = self.hex4()?;
                                let code = if (0xD800..0xDC00).contains(&high) {
                                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                                        return Err(self.error("unpaired surrogate"));
                                    }
                                    self.pos += 2;
                                    let low = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&low) {
                                        return Err(self.error("unpaired surrogate"));
                                    }
                                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                                } else {
                                    high
                                };
                                out.push(char::from_u32(code).ok_or_else(|| self.error("invalid code point"))?);
                            }
                            _ => return Err(self.error("invalid escape")),
                        }
                    }
                    _ => return Err(self.error("unterminated string or control character")),
                }
            }
        }

        fn hex4(&mut self) -> Result<u32, String> {
            let digits = self
                .bytes
                .get(self.pos..self.pos + 4)
                .ok_or_else(|| self.error("short \\u escape"))?;
            let digits = std::str::from_utf8(digits).map_err(|e| e.to_string())?;
            let code = u32::from_str_radix(digits, 16).map_err(|_| self.error("bad \\u escape"))?;
            self.pos += 4;
            Ok(code)
        }

        fn number(&mut self) -> Result<Json, String> {
            let start = self.pos;
            if self.peek() == Some(b'-') {
                self.pos += 1;
            }
            match self.peek() {
                Some(b'0') => self.pos += 1,
                Some(b'1'..=b'9') => self.digits(),
                _ => return Err(self.error("expected a digit")),
            }
            if self.peek() == Some(b'.') {
                self.pos += 1;
                if !matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.error("expected a digit"));
                }
                self.digits();
            }
            if matches!(self.peek(), Some(b'e' | b'E')) {
                self.pos += 1;
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    self.pos += 1;
                }
                if !matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.error("expected a digit"));
                }
                self.digits();
            }
            let text = std::str::from_utf8(&self.bytes[start..self.pos]).map_err(|e| e.to_string())?;
            text.parse().map(Json::Number).map_err(|_| self.error("bad number"))
        }

        fn digits(&mut self) {
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
    }

    #[test]
    fn parses_valid_json() {
        assert_eq!(parse(" [] ").unwrap(), Json::Array(vec![]));
        assert_eq!(
            parse(r#"{"a": [1, -2.5e3, true, false, null], "b": "x\"\\\u00e9\ud83d\ude00"}"#).unwrap(),
            Json::Object(vec![
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number(1.0),
                        Json::Number(-2500.0),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Null,
                    ])
                ),
                ("b".into(), Json::String("x\"\\é😀".into())),
            ])
        );
    }

    #[test]
    fn rejects_invalid_json() {
        for bad in [
            "",
            "[",
            "[1,]",
            "{\"a\" 1}",
            "[01]",
            "\"a",
            "[] x",
            "{a: 1}",
            "\"\\x\"",
            "Found 1 diagnostic",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}

/// A minimal typeshed `stdlib` directory whose `int` has a method the bundled one lacks.
fn write_custom_typeshed(dir: &TempDir) {
    dir.write(
        "typeshed/stdlib/VERSIONS",
        "builtins: 3.0-\ntyping: 3.5-\nolder: 3.0-\nnewer: 3.14-\n",
    );
    // Stubs import each other whatever VERSIONS says; user code can't import `newer` before 3.14.
    dir.write("typeshed/stdlib/older.pyi", "from newer import Thing\n");
    dir.write(
        "typeshed/stdlib/builtins.pyi",
        "class object: ...\nclass int:\n    def shout(self) -> str: ...\nclass str: ...\n\
         class bool(int): ...\n",
    );
    dir.write(
        "typeshed/stdlib/typing.pyi",
        "def reveal_type(obj: object) -> object: ...\n",
    );
    dir.write("typeshed/stdlib/newer.pyi", "import not_there\nclass Thing: ...\n");
}

#[test]
fn typeshed_option_replaces_the_bundled_stdlib() {
    let dir = TempDir::new("typeshed-option");
    write_custom_typeshed(&dir);
    dir.write("app/main.py", "import older\nreveal_type((1).shout())\n");
    let output = awaitype(
        dir.path(),
        &["check", "app", "--typeshed", "typeshed", "--output-format", "concise"],
    );
    assert_exit(&output, 0);
    assert!(stdout(&output).contains("Revealed type: `str`"), "{}", stdout(&output));

    dir.write("app/main.py", "import newer\n");
    let output = awaitype(
        dir.path(),
        &[
            "check",
            "app",
            "--typeshed",
            "typeshed",
            "--python-version",
            "3.13",
            "--output-format",
            "concise",
        ],
    );
    assert_exit(&output, 1);
    assert!(
        stdout(&output).contains("Cannot resolve imported module `newer`"),
        "{}",
        stdout(&output)
    );

    let output = awaitype(dir.path(), &["check", "app", "--typeshed", "app"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("is not a typeshed checkout"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn checking_a_typeshed_stdlib_checks_it_as_the_stdlib() {
    let dir = TempDir::new("typeshed-auto");
    write_custom_typeshed(&dir);
    // `newer` does not exist in 3.13, so it is not checked (its import would not resolve).
    let output = awaitype(
        dir.path(),
        &[
            "check",
            "typeshed/stdlib",
            "--python-version",
            "3.13",
            "--output-format",
            "concise",
        ],
    );
    assert_exit(&output, 0);
    assert_eq!(stdout(&output).trim(), "All checks passed!");
    let output = awaitype(
        dir.path(),
        &[
            "check",
            "typeshed/stdlib",
            "--python-version",
            "3.14",
            "--output-format",
            "concise",
        ],
    );
    assert_exit(&output, 1);
    assert!(
        stdout(&output).contains("newer.pyi:1:8: error[unresolved-import]"),
        "{}",
        stdout(&output)
    );
}
