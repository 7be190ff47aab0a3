//! `awaitype check --watch`: after the first check, the checked paths are watched (the `notify`
//! crate: inotify, FSEvents, ...) and every change to a Python file, or a file or directory
//! created or removed under them, becomes a change reported to the check [`Session`], which is
//! then checked again. Each check prints its diagnostics and summary in the chosen format (json:
//! one array per check, on one line). Ctrl-C ends the watch with exit code 0.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use awaitype_checker::{CheckResult, Session};
use notify::{EventKind, RecursiveMode, Watcher};

/// How long to wait for more events after one arrives, so that an editor's save (write, rename,
/// attribute change) or a `git checkout` of many files gives one check, not one per event.
const SETTLE: Duration = Duration::from_millis(100);

enum Message {
    Changed(Vec<PathBuf>),
    Interrupted,
    WatchFailed(String),
}

/// Checks `session` once, then again after each change, calling `report` with each result.
/// Returns when interrupted (`Ok`) or when the paths cannot be watched (`Err`, with the reason).
pub fn run(mut session: Session, mut report: impl FnMut(&CheckResult)) -> Result<(), String> {
    let (sender, receiver) = mpsc::channel();
    let interrupt = sender.clone();
    ctrlc::set_handler(move || {
        let _ = interrupt.send(Message::Interrupted);
    })
    .map_err(|error| format!("cannot handle Ctrl-C: {error}"))?;
    // The watcher is set up before the first check, so that nothing changed during it is missed.
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let message = match event {
            Ok(event) if is_relevant(&event) => Message::Changed(event.paths),
            Ok(_) => return,
            Err(error) => Message::WatchFailed(error.to_string()),
        };
        let _ = sender.send(message);
    })
    .map_err(|error| format!("cannot watch files: {error}"))?;
    for path in session.paths() {
        watcher
            .watch(path, RecursiveMode::Recursive)
            .map_err(|error| format!("cannot watch `{}`: {error}", path.display()))?;
    }
    report(&session.check());
    loop {
        match receiver.recv() {
            Ok(Message::Changed(paths)) => session.files_changed(paths),
            Ok(Message::Interrupted) | Err(_) => return Ok(()),
            Ok(Message::WatchFailed(error)) => return Err(format!("watching stopped: {error}")),
        }
        // Let the burst settle, collecting what else changed.
        loop {
            match receiver.recv_timeout(SETTLE) {
                Ok(Message::Changed(paths)) => session.files_changed(paths),
                Ok(Message::Interrupted) => return Ok(()),
                Ok(Message::WatchFailed(error)) => return Err(format!("watching stopped: {error}")),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        if session.has_changes() {
            report(&session.check());
        }
    }
}

/// Whether an event can change what a check reports: a Python file was created, modified or
/// removed, or anything was created or removed (a directory of Python files, a rename).
fn is_relevant(event: &notify::Event) -> bool {
    match event.kind {
        EventKind::Access(_) | EventKind::Other | EventKind::Any => false,
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => event.paths.iter().any(|path| is_python_file(path)),
    }
}

fn is_python_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "py" || extension == "pyi")
}
