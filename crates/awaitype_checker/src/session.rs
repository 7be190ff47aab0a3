//! A check session: the paths and options of a run that is checked again and again as its files
//! change (`check --watch`, the incremental benchmark, later the language server). Callers tell
//! the session which files changed and ask for a check; how much a check recomputes is the
//! session's business. Today each check discovers the files again (new and deleted files are
//! picked up) and builds a fresh database that reuses the parsed and indexed modules of the files
//! whose text did not change (typeshed's are shared by the whole process); types are computed
//! again. Files as salsa inputs, so that a check recomputes only what an edit invalidates, is the
//! engine's next step.

use std::path::PathBuf;
use std::sync::Arc;

use awaitype_types::ParsedModules;

use crate::{CheckOptions, CheckResult, check_paths_with_db};

pub struct Session {
    paths: Vec<PathBuf>,
    options: CheckOptions,
    /// Files reported changed since the last check.
    pending: Vec<PathBuf>,
    /// Parsed modules of the files as they were at the last check, reused when unchanged.
    parsed: Arc<ParsedModules>,
}

impl Session {
    pub fn new(paths: Vec<PathBuf>, options: CheckOptions) -> Self {
        Session {
            paths,
            options,
            pending: Vec::new(),
            parsed: Arc::default(),
        }
    }

    /// The paths the session checks.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Records files that were edited, created or deleted since the last check.
    pub fn files_changed(&mut self, changed: impl IntoIterator<Item = PathBuf>) {
        self.pending.extend(changed);
    }

    /// Whether a file was reported changed since the last check.
    pub fn has_changes(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Checks the session's paths as they are now.
    pub fn check(&mut self) -> CheckResult {
        self.pending.clear();
        // The database is dropped here: a long-running process must not keep one per check.
        let (result, _db) = check_paths_with_db(&self.paths, &self.options, Arc::clone(&self.parsed));
        result
    }
}
