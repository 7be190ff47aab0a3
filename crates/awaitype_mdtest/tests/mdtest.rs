//! Runs the Markdown tests in `resources/mdtest/` (see `awaitype_mdtest`): one libtest trial per
//! Markdown file, named by its path relative to that folder, plus one trial that checks that
//! `known-failures.txt` names only existing tests.
//!
//! `MDTEST_FILTER=substring` runs only the tests whose name contains `substring` (files without
//! such a test are reported as ignored); with it set, the details of known failures are printed
//! too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use awaitype_mdtest::{
    FILTER_VAR, KnownFailures, RunOptions, TestFailure, discover_markdown_files, parse_markdown, run_markdown_file,
};
use libtest_mimic::{Arguments, Completion, Failed, Trial};

const KNOWN_FAILURES_FILE: &str = "known-failures.txt";

fn main() {
    let args = Arguments::from_args();
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest_dir.join("resources").join("mdtest");
    let filter = std::env::var(FILTER_VAR).ok().filter(|filter| !filter.is_empty());

    let known_text = std::fs::read_to_string(manifest_dir.join(KNOWN_FAILURES_FILE)).unwrap_or_default();
    let known = KnownFailures::parse(&known_text);
    let files = discover_markdown_files(&root).unwrap_or_else(|err| panic!("cannot list {}: {err}", root.display()));

    let hits: Arc<Mutex<Vec<TestFailure>>> = Arc::default();
    let known_failures = Arc::new(known.clone().unwrap_or_default());
    let mut trials: Vec<Trial> = files
        .iter()
        .map(|(name, path)| {
            let (name, path) = (name.clone(), path.clone());
            let (known_failures, filter, hits) = (Arc::clone(&known_failures), filter.clone(), Arc::clone(&hits));
            Trial::ignorable_test(name.clone(), move || {
                run_file(&name, &path, &known_failures, filter.as_deref(), &hits)
            })
        })
        .collect();
    trials.push(Trial::test(KNOWN_FAILURES_FILE, move || {
        check_known_failures(known, &files)
    }));

    let conclusion = libtest_mimic::run(&args, trials);

    let mut hits = hits.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    hits.sort_by(|a, b| a.name.cmp(&b.name));
    if !hits.is_empty() {
        println!("known failures hit ({}):", hits.len());
        for hit in &hits {
            println!("    {}", hit.name);
            if filter.is_some() {
                for failure in &hit.failures {
                    println!("        {failure}");
                }
            }
        }
    }
    println!(
        "mdtest: {} known failures (listed in {KNOWN_FAILURES_FILE})",
        hits.len()
    );
    conclusion.exit();
}

fn run_file(
    name: &str,
    path: &Path,
    known_failures: &KnownFailures,
    filter: Option<&str>,
    hits: &Mutex<Vec<TestFailure>>,
) -> Result<Completion, Failed> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let options = RunOptions { known_failures, filter };
    let report = run_markdown_file(name, &text, options, &awaitype_checker::check_files_in_memory)
        .map_err(|err| err.to_string())?;
    hits.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .extend(report.known_failures.iter().cloned());
    if !report.is_success() {
        return Err(report.failure_message().into());
    }
    if report.tests_run == 0 && filter.is_some() {
        return Ok(Completion::ignored_with(format!("no test matches {FILTER_VAR}")));
    }
    Ok(Completion::Completed)
}

/// Fails if the known-failures file is malformed or names a test that does not exist.
fn check_known_failures(known: Result<KnownFailures, String>, files: &[(String, PathBuf)]) -> Result<(), Failed> {
    let known = known.map_err(|err| format!("{KNOWN_FAILURES_FILE}: {err}"))?;
    let mut names = BTreeSet::new();
    for (name, path) in files {
        let text = std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        // A file that does not parse fails its own trial; its tests count as missing here.
        if let Ok(tests) = parse_markdown(name, &text) {
            names.extend(tests.into_iter().map(|test| test.name));
        }
    }
    let stale = known.stale_entries(|name| names.contains(name));
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!("{KNOWN_FAILURES_FILE}:\n    {}", stale.join("\n    ")).into())
    }
}
