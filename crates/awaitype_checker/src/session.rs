//! A check session: the paths and options of a run that is checked again and again as its files
//! change (`check --watch`, the incremental benchmark, later the language server). Callers tell
//! the session which files changed and ask for a check; how much a check recomputes is the
//! session's business:
//! - while only the text of files it already checks changes, the session keeps its database and
//!   sets the new texts as salsa inputs: the queries that read an edited file (its module, the
//!   types of its definitions, the diagnostics of every file that used them) are computed again,
//!   everything else is reused;
//! - a file created, deleted or outside the checked set (an installed package, say) may change
//!   which files exist and what imports resolve to, so the files are discovered again and a new
//!   database is built; it still reuses the parsed modules of the files whose text is unchanged.

use std::path::PathBuf;
use std::sync::Arc;

use awaitype_resolver::FilePath;
use awaitype_types::ParsedModules;
use rustc_hash::FxHashSet;

use crate::{CheckOptions, CheckResult, Workspace};

pub struct Session {
    paths: Vec<PathBuf>,
    options: CheckOptions,
    /// Files reported changed since the last check.
    pending: Vec<PathBuf>,
    /// Parsed modules of the files as they were at the last check, reused when unchanged.
    parsed: Arc<ParsedModules>,
    /// The files and database of the last check, kept while only known files are edited.
    workspace: Option<Workspace>,
}

impl Session {
    pub fn new(paths: Vec<PathBuf>, options: CheckOptions) -> Self {
        Session {
            paths,
            options,
            pending: Vec::new(),
            parsed: Arc::default(),
            workspace: None,
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
        let pending = std::mem::take(&mut self.pending);
        let edited_in_place = self
            .workspace
            .as_mut()
            .is_some_and(|workspace| apply_edits(workspace, &pending));
        if !edited_in_place {
            // Dropping the old database first keeps one alive at a time.
            self.workspace = None;
            self.workspace = Some(Workspace::discover(
                &self.paths,
                &self.options,
                Arc::clone(&self.parsed),
            ));
        }
        self.workspace
            .as_ref()
            .expect("a workspace was just made")
            .check(crate::file_check::Recheck::Memoized)
    }
}

/// Sets the new text of each changed file, if every one is a file the workspace checks and still
/// exists; `false` (and nothing set) otherwise. Paths are compared in canonical form: a watcher
/// reports absolute paths for files discovered as `./a.py`.
fn apply_edits(workspace: &mut Workspace, changed: &[PathBuf]) -> bool {
    let known = workspace.canonical_files();
    let mut edited: Vec<PathBuf> = Vec::new();
    let mut seen = FxHashSet::default();
    for path in changed {
        let Ok(canonical) = path.canonicalize() else {
            return false;
        };
        let Some(checked) = known.get(&canonical) else {
            return false;
        };
        if seen.insert(canonical) {
            edited.push(checked.clone());
        }
    }
    let files: Option<Vec<_>> = edited
        .iter()
        .map(|path| workspace.db.known_file(&FilePath::System(path.clone())))
        .collect();
    let Some(files) = files else { return false };
    for file in files {
        workspace.db.reload_source(file);
    }
    true
}
