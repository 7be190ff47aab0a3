//! The incremental benchmark's driver (run by `scripts/bench-incremental.sh`): checks a directory
//! cold through a [`Session`], then makes single-file edits through the same session API that
//! `check --watch` uses — append a function with one type error, re-check; revert, re-check —
//! and prints the timings and the process's resident memory.
//!
//! Usage: `incremental_bench DIR PYTHON_VERSION [EDITS]` (DIR is edited in place and restored).

use std::path::{Path, PathBuf};
use std::time::Instant;

use awaitype_checker::{CheckOptions, Session, parse_supported_python_version};

const APPENDED: &str = "\n\ndef _awaitype_bench_edit() -> int:\n    return \"not an int\"\n";

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(version)) = (args.next(), args.next()) else {
        eprintln!("usage: incremental_bench DIR PYTHON_VERSION [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args
        .next()
        .map_or(50, |count| count.parse().expect("EDITS is a number"));
    let python_version = parse_supported_python_version(&version).unwrap_or_else(|error| {
        eprintln!("{error}");
        std::process::exit(2);
    });
    let dir = PathBuf::from(dir);
    let files = python_files(&dir);
    let mut session = Session::new(
        vec![dir.clone()],
        CheckOptions {
            python_version,
            ..CheckOptions::default()
        },
    );

    let start = Instant::now();
    let cold = session.check();
    let cold_ms = start.elapsed().as_secs_f64() * 1000.0;
    let rss_after_cold = resident_mib();
    let baseline = cold.diagnostics.len();

    // Files spread over the whole tree, the same ones on every run.
    let step = (files.len() / edits.max(1)).max(1);
    let mut timings = Vec::with_capacity(2 * edits);
    let mut reported = 0;
    for file in files.iter().step_by(step).take(edits) {
        let original = std::fs::read_to_string(file).expect("the file is readable");
        std::fs::write(file, format!("{original}{APPENDED}")).expect("the file is writable");
        session.files_changed([file.clone()]);
        let start = Instant::now();
        let edited = session.check();
        timings.push(start.elapsed().as_secs_f64() * 1000.0);
        // Code after a module-level `raise` or behind a platform check is unreachable: the
        // appended error is not reported there, which is right.
        reported += usize::from(edited.diagnostics.len() > baseline);

        std::fs::write(file, &original).expect("the file is writable");
        session.files_changed([file.clone()]);
        let start = Instant::now();
        let reverted = session.check();
        timings.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(
            reverted.diagnostics.len(),
            baseline,
            "reverting {} restores the output",
            file.display()
        );
    }
    let rss_after_edits = resident_mib();
    if std::env::var_os("AWAITYPE_BENCH_TIMINGS").is_some() {
        let shown: Vec<String> = timings.iter().map(|ms| format!("{ms:.0}")).collect();
        eprintln!("timings (edit, revert, ...): {}", shown.join(" "));
    }
    println!(
        "edits whose appended error was reported: {reported} of {}",
        timings.len() / 2
    );
    timings.sort_by(f64::total_cmp);
    let percentile = |p: f64| timings[((timings.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "incremental: files {}, cold {:.0} ms, edit p50 {:.0} ms, p95 {:.0} ms, rss after cold {:.0} MiB, rss after edits {:.0} MiB",
        cold.files_checked,
        cold_ms,
        percentile(0.5),
        percentile(0.95),
        rss_after_cold,
        rss_after_edits
    );
}

/// The `.py` files under `dir`, sorted.
fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "py") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The process's resident set size now, in MiB (Linux: `/proc/self/status`).
fn resident_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}
