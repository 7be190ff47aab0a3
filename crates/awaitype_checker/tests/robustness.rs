//! No input may crash the checker: deeply nested expressions (which a naive recursive walk would
//! overflow the stack on), very large files, and bytes that are not UTF-8 or not text at all.
//! Each test only asserts that checking finishes and reports what it should.

use awaitype_checker::{CheckOptions, check_files_in_memory, check_paths};
use awaitype_diagnostics::Rule;

const DEPTH: usize = 10_000;

fn check_source(source: String) -> Vec<Rule> {
    // A thread with a small stack, as rayon's workers have: growth must come from `stacker`.
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let result = check_files_in_memory(&[("deep.py".to_string(), source)], &CheckOptions::default());
            result.diagnostics.iter().map(|d| d.rule).collect()
        })
        .expect("spawn")
        .join()
        .expect("checking must not panic")
}

#[test]
fn deeply_nested_parentheses() {
    let source = format!("x = {}1{}\nreveal_type(x)\n", "(".repeat(DEPTH), ")".repeat(DEPTH));
    assert_eq!(check_source(source), [Rule::RevealedType]);
}

#[test]
fn long_chains_of_binary_operators() {
    let source = format!("x = {}\n", vec!["1"; DEPTH].join(" + "));
    assert!(check_source(source).is_empty());
}

#[test]
fn deeply_nested_calls() {
    let source = format!(
        "def f(x: int) -> int: ...\nx = {}1{}\n",
        "f(".repeat(DEPTH),
        ")".repeat(DEPTH)
    );
    assert!(check_source(source).is_empty());
}

#[test]
fn deeply_nested_subscripts_and_lists() {
    let source = format!(
        "a = [[1]]\nx = a{}\ny = {}{}\n",
        "[0]".repeat(DEPTH),
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    let rules = check_source(source);
    assert!(rules.iter().all(|rule| *rule == Rule::NotSubscriptable), "{rules:?}");
}

#[test]
fn deeply_nested_unary_operators_and_conditions() {
    let source = format!("x = {}1\ny = {}\n", "-".repeat(DEPTH), vec!["x"; DEPTH].join(" and "));
    assert!(check_source(source).is_empty());
}

#[test]
fn a_very_large_file() {
    let mut source = String::new();
    for i in 0..5_000 {
        source.push_str(&format!("def f{i}(x: int) -> int:\n    return x + {i}\n"));
    }
    assert!(check_source(source).is_empty());
}

#[test]
fn binary_and_non_utf8_files_are_io_errors() {
    let dir = std::env::temp_dir().join(format!("awaitype-robustness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("binary.py"), [0u8, 159, 146, 150, 255, 0, 1, 2]).unwrap();
    std::fs::write(dir.join("latin1.py"), b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").unwrap();
    std::fs::write(dir.join("fine.py"), "x: int = 'a'\n").unwrap();
    let result = check_paths(std::slice::from_ref(&dir), &CheckOptions::default());
    let rules: Vec<Rule> = result.diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, [Rule::IoError, Rule::InvalidAssignment, Rule::IoError]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn deeply_nested_negations_as_a_condition() {
    let source = format!(
        "def f(x: int | None) -> None:\n    if {}x:\n        pass\n",
        "not ".repeat(DEPTH)
    );
    assert!(check_source(source).is_empty());
}

#[test]
fn deeply_nested_alternatives_as_a_condition() {
    let source = format!(
        "def f(x: int | None) -> None:\n    if {}x{}:\n        pass\n",
        "(x is None or ".repeat(DEPTH),
        ")".repeat(DEPTH),
    );
    assert!(check_source(source).is_empty());
}

#[test]
fn a_long_item_chain_as_a_condition() {
    let source = format!(
        "def f(d: list) -> None:\n    if d{} is not None:\n        pass\n",
        "[0]".repeat(DEPTH)
    );
    assert!(check_source(source).is_empty());
}

#[test]
fn deeply_nested_match_patterns() {
    let source = format!(
        "def f(x: object) -> None:\n    match x:\n        case {}1{}:\n            pass\n",
        "[".repeat(DEPTH / 10),
        "]".repeat(DEPTH / 10),
    );
    let _ = check_source(source);
}
