//! Parse, index, infer and check arbitrary input. The bytes are split on lines `#---` into
//! several modules (`m0.py`, `m1.py`, ...) so that imports between them, cyclic ones included,
//! are exercised too. Invalid UTF-8 is replaced, since real input of that kind never gets past
//! reading (it is an `io-error`).
#![no_main]

use awaitype_checker::{CheckOptions, check_files_in_memory};
use awaitype_diagnostics::Rule;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let files: Vec<(String, String)> = text
        .split("\n#---\n")
        .take(8)
        .enumerate()
        .map(|(index, source)| (format!("m{index}.py"), source.to_string()))
        .collect();
    let result = check_files_in_memory(&files, &CheckOptions::default());
    // The checker turns a panic while checking a file into that file's `internal-error`
    // diagnostic (so the other files are still reported); for the fuzzer that is a crash.
    if let Some(internal) = result.diagnostics.iter().find(|d| d.rule == Rule::InternalError) {
        panic!("{}", internal.message);
    }
});
