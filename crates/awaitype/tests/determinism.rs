//! The output must not depend on thread scheduling: the same files give byte-identical output
//! for any thread count and any run. The fixture is made of what makes that hard: modules that
//! import and star-import each other in a ring, classes whose bases lead back to themselves
//! across modules, recursive aliases, mutually recursive unannotated functions across modules,
//! and loop-carried variables that depend on all of them. Many modules, so that the threads meet
//! the same cycles from different ends.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const MODULES: usize = 24;

fn module_source(index: usize) -> String {
    let next = (index + 1) % MODULES;
    let previous = (index + MODULES - 1) % MODULES;
    let mut source = String::new();
    writeln!(source, "from typing import TypeAlias, Union").unwrap();
    writeln!(source, "import mod{next}").unwrap();
    writeln!(source, "from mod{previous} import *").unwrap();
    writeln!(source).unwrap();
    writeln!(source, "NAME{index} = {index}").unwrap();
    writeln!(
        source,
        "Json{index}: TypeAlias = Union[dict[str, \"Json{index}\"], list[\"Json{index}\"], int, None]"
    )
    .unwrap();
    writeln!(source).unwrap();
    writeln!(source, "class Node{index}(mod{next}.Node{next}):").unwrap();
    writeln!(source, "    def link(self):").unwrap();
    writeln!(source, "        return mod{next}.Node{next}().link()").unwrap();
    writeln!(source).unwrap();
    writeln!(source, "def ping{index}(n):").unwrap();
    writeln!(source, "    if n <= 0:").unwrap();
    writeln!(source, "        return (n, \"done\")").unwrap();
    writeln!(source, "    return mod{next}.ping{next}(n - 1)").unwrap();
    writeln!(source).unwrap();
    writeln!(source, "def fold{index}(items: list[int], data: Json{index}):").unwrap();
    writeln!(source, "    total = 0").unwrap();
    writeln!(source, "    pair = ()").unwrap();
    writeln!(source, "    for item in items:").unwrap();
    writeln!(source, "        total += item + mod{next}.NAME{next}").unwrap();
    writeln!(source, "        pair = pair + (ping{index}(item),)").unwrap();
    writeln!(source, "    reveal_type(total)").unwrap();
    writeln!(source, "    reveal_type(pair)").unwrap();
    writeln!(source, "    reveal_type(data)").unwrap();
    writeln!(source, "    reveal_type(Node{index}().link())").unwrap();
    writeln!(source, "    reveal_type(NAME{previous})").unwrap();
    writeln!(source, "    return total + data").unwrap();
    source
}

fn check(dir: &Path, threads: Option<&str>) -> Vec<u8> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_awaitype"));
    command
        .args(["check", ".", "--output-format", "concise"])
        .current_dir(dir)
        .env("NO_COLOR", "1");
    match threads {
        Some(count) => command.env("RAYON_NUM_THREADS", count),
        None => command.env_remove("RAYON_NUM_THREADS"),
    };
    let output = command.output().expect("the awaitype binary runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "unexpected exit: {:?}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn output_is_byte_identical_for_any_thread_count_and_run() {
    let dir: PathBuf =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("awaitype-determinism-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for index in 0..MODULES {
        fs::write(dir.join(format!("mod{index}.py")), module_source(index)).unwrap();
    }
    let reference = check(&dir, Some("1"));
    let text = String::from_utf8_lossy(&reference).into_owned();
    assert!(text.contains("revealed-type"), "the fixture reveals types:\n{text}");
    assert!(
        text.contains("cyclic-class-definition"),
        "the fixture has class cycles:\n{text}"
    );
    for threads in [None, Some("2"), Some("4"), None, Some("8"), None] {
        let output = check(&dir, threads);
        assert!(
            output == reference,
            "output with RAYON_NUM_THREADS={threads:?} differs from the single-threaded run:\n{}\n---\n{text}",
            String::from_utf8_lossy(&output)
        );
    }
    let _ = fs::remove_dir_all(&dir);
}
