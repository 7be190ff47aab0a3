//! A check session gives, after each edit, exactly what a fresh check of the edited files would
//! give: files that depend on an edited one are checked again, new and deleted files are picked
//! up, and reverting an edit restores the first output.

use std::fs;
use std::path::{Path, PathBuf};

use awaitype_checker::{CheckOptions, CheckResult, Session, check_paths};

struct Project(PathBuf);

impl Project {
    fn new(name: &str) -> Project {
        let root =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("awaitype-session-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        Project(root)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn lines(result: &CheckResult) -> Vec<String> {
    result
        .diagnostics
        .iter()
        .map(|diagnostic| format!("{} {} {}", diagnostic.path, diagnostic.rule.name(), diagnostic.message))
        .collect()
}

/// The session's check after the changes, which must equal a fresh check.
#[track_caller]
fn check_like_fresh(session: &mut Session, project: &Project, changed: &[PathBuf]) -> Vec<String> {
    session.files_changed(changed.iter().cloned());
    let incremental = lines(&session.check());
    let fresh = lines(&check_paths(std::slice::from_ref(&project.0), &CheckOptions::default()));
    assert_eq!(incremental, fresh, "the session's check differs from a fresh one");
    incremental
}

#[test]
fn edits_recheck_the_files_that_depend_on_them() {
    let project = Project::new("dependents");
    let library = project.write("library.py", "def answer() -> int:\n    return 42\n");
    project.write("user.py", "from library import answer\n\ntext: str = answer()\n");
    let mut session = Session::new(vec![project.0.clone()], CheckOptions::default());

    let first = lines(&session.check());
    assert!(
        first.iter().any(|line| line.contains("user.py invalid-assignment")),
        "{first:?}"
    );

    // The signature changes: the user's error goes away.
    fs::write(&library, "def answer() -> str:\n    return \"42\"\n").unwrap();
    let fixed = check_like_fresh(&mut session, &project, std::slice::from_ref(&library));
    assert!(fixed.is_empty(), "{fixed:?}");

    // A body-only edit with an error of its own.
    fs::write(&library, "def answer() -> str:\n    return 42\n").unwrap();
    let body = check_like_fresh(&mut session, &project, std::slice::from_ref(&library));
    assert!(
        body.iter().any(|line| line.contains("library.py invalid-return-type")),
        "{body:?}"
    );

    // Back to the start.
    fs::write(&library, "def answer() -> int:\n    return 42\n").unwrap();
    assert_eq!(
        check_like_fresh(&mut session, &project, std::slice::from_ref(&library)),
        first
    );
}

#[test]
fn new_and_deleted_files_are_picked_up() {
    let project = Project::new("files");
    project.write("main.py", "import helper\n\nhelper.run()\n");
    let mut session = Session::new(vec![project.0.clone()], CheckOptions::default());
    let first = lines(&session.check());
    assert!(first.iter().any(|line| line.contains("unresolved-import")), "{first:?}");

    let helper = project.write("helper.py", "def run() -> None: ...\n");
    assert!(check_like_fresh(&mut session, &project, std::slice::from_ref(&helper)).is_empty());

    fs::remove_file(&helper).unwrap();
    assert_eq!(check_like_fresh(&mut session, &project, &[helper]), first);
}

/// An edit frees the module it replaces, on whichever thread the session runs. A tree nested
/// deeper than any stack could drop recursively must not overflow it: the session here runs on a
/// 2 MiB thread, like the robustness tests.
#[test]
fn replaced_deeply_nested_modules_are_freed_without_overflowing_the_stack() {
    let project = Project::new("deep");
    let depth = 10_000;
    let nested = move |value: &str| format!("x = {}{value}{}\n", "[".repeat(depth), "]".repeat(depth));
    let file = project.write("deep.py", &nested("1"));
    let root = project.0.clone();
    let outputs = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let mut session = Session::new(vec![root], CheckOptions::default());
            let mut outputs = vec![lines(&session.check())];
            for value in ["2", "\"text\"", "1"] {
                fs::write(&file, nested(value)).unwrap();
                session.files_changed([file.clone()]);
                outputs.push(lines(&session.check()));
            }
            outputs
        })
        .unwrap()
        .join()
        .expect("the session does not overflow its stack");
    assert!(outputs.iter().all(Vec::is_empty), "{outputs:?}");
}
