//! `awaitype check --watch`: each change to the watched files gives one more check, printed in
//! the chosen format (json: one array per check, on one line); new and deleted files are picked
//! up; Ctrl-C (SIGINT) ends the run with exit code 0.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

const STEP_TIMEOUT: Duration = Duration::from_secs(30);

fn temp_dir(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("awaitype-watch-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&path);
    fs::create_dir_all(&path).unwrap();
    path
}

/// Starts `awaitype check --watch . --output-format json` in `dir`; its stdout lines arrive on
/// the receiver.
fn start(dir: &Path) -> (Child, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_awaitype"))
        .args(["check", "--watch", ".", "--output-format", "json"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the awaitype binary runs");
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (child, receiver)
}

#[track_caller]
fn next_check(receiver: &Receiver<String>) -> String {
    receiver
        .recv_timeout(STEP_TIMEOUT)
        .expect("a check is printed after each change")
}

/// The first check printed from now on that satisfies `expected` (a change may come as more than
/// one burst of events, each giving a check of the same files).
#[track_caller]
fn check_where(receiver: &Receiver<String>, expected: impl Fn(&str) -> bool) -> String {
    loop {
        let line = next_check(receiver);
        if expected(&line) {
            return line;
        }
    }
}

#[test]
fn each_change_is_checked_again_and_ctrl_c_exits_with_0() {
    let dir = temp_dir("cycle");
    fs::write(dir.join("a.py"), "x: int = \"a\"\n").unwrap();
    let (mut child, receiver) = start(&dir);

    let first = next_check(&receiver);
    assert!(
        first.starts_with('[') && first.contains("invalid-assignment"),
        "{first}"
    );
    assert!(first.contains("a.py"), "{first}");

    // An edit that fixes the error.
    fs::write(dir.join("a.py"), "x: int = 1\n").unwrap();
    check_where(&receiver, |line| line == "[]");

    // A new file is picked up.
    fs::write(dir.join("b.py"), "y: str = 1\n").unwrap();
    let with_new = check_where(&receiver, |line| line != "[]");
    assert!(
        with_new.contains("b.py") && with_new.contains("invalid-assignment"),
        "{with_new}"
    );
    assert!(!with_new.contains("a.py"), "{with_new}");

    // A deleted file is dropped.
    fs::remove_file(dir.join("b.py")).unwrap();
    check_where(&receiver, |line| line == "[]");

    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "Ctrl-C ends the watch with exit code 0");
    let _ = fs::remove_dir_all(&dir);
}
