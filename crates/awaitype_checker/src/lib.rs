//! The orchestration layer: discovers files, checks them in parallel against one shared
//! [`awaitype_types::Db`], and returns sorted diagnostics. The CLI and the Markdown test runner
//! are thin shells around [`check_paths`] and [`check_files_in_memory`]. Statement-level rules
//! (imports, assignments, returns, context managers) live here; expression-level ones are
//! reported by inference itself.

mod discover;
mod file_check;
mod session;
mod suppressions;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use awaitype_diagnostics::{Diagnostic, Rule, TextRange};
pub use awaitype_resolver::{
    DEFAULT_PYTHON_VERSION, PythonEnvironment, PythonVersion, SUPPORTED_PYTHON_VERSIONS, parse_supported_python_version,
};
use awaitype_resolver::{FilePath, FileSystem, MemoryFileSystem, ModuleKind, OsFileSystem, Resolver, ResolverConfig};
use awaitype_types::{Db, ParsedModules};
use rayon::prelude::*;
pub use session::Session;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub python_version: PythonVersion,
    /// Third-party search roots (see `PythonEnvironment`).
    pub site_packages: Vec<PathBuf>,
    /// A typeshed `stdlib` directory that replaces the bundled standard library. Without one, a
    /// checked directory that is a typeshed `stdlib` (it has `VERSIONS` and `builtins.pyi`) is
    /// used, so checking typeshed checks it as the standard library.
    pub custom_stdlib: Option<PathBuf>,
}

/// Written out because the version's own `Default` is ruff's (3.10), not awaitype's.
impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            python_version: DEFAULT_PYTHON_VERSION,
            site_packages: Vec::new(),
            custom_stdlib: None,
        }
    }
}

#[derive(Debug, Default)]
pub struct CheckResult {
    /// Sorted by path, then position.
    pub diagnostics: Vec<Diagnostic>,
    /// Source text of each checked file, keyed by its display path (what `Diagnostic::path` holds).
    pub sources: BTreeMap<String, Arc<str>>,
    /// Number of files checked.
    pub files_checked: usize,
}

/// Checks the given files and directories (recursively: `.py` and `.pyi`), once. A process
/// that checks again uses a [`Session`].
pub fn check_paths(paths: &[PathBuf], options: &CheckOptions) -> CheckResult {
    let workspace = Workspace::discover(paths, options, Arc::default());
    let result = workspace.check(file_check::Recheck::Once);
    // Freeing every memo and type takes ~5% of a stdlib check: it is done on another thread, so
    // the caller gets the result at once (a CLI that exits right after never waits for it).
    std::thread::spawn(move || drop(workspace));
    result
}

/// The files a run checks and the database it checks them with. A session keeps it from one
/// check to the next while only the text of known files changes.
pub(crate) struct Workspace {
    pub(crate) db: Db,
    pub(crate) files: Vec<(PathBuf, String)>,
    /// Paths that could not be checked (reported with every check).
    errors: Vec<Diagnostic>,
    /// Each checked file's canonical path, mapped to the path it is checked as.
    canonical: std::sync::OnceLock<rustc_hash::FxHashMap<PathBuf, PathBuf>>,
}

impl Workspace {
    /// Finds the files under `paths` and makes a database for them.
    pub(crate) fn discover(paths: &[PathBuf], options: &CheckOptions, parsed: Arc<ParsedModules>) -> Workspace {
        let discovered = discover::discover(paths);
        let config = ResolverConfig {
            roots: discovered.roots.clone(),
            python_version: options.python_version,
            site_packages: options.site_packages.clone(),
            custom_stdlib: options.custom_stdlib.clone().or(discovered.typeshed_stdlib.clone()),
        };
        let resolver = Resolver::new(config, Arc::new(OsFileSystem));
        // A custom standard library's modules that don't exist in the target version (`asyncore`
        // in 3.12+, `compression.zstd` before 3.14) are not checked: their imports of each other
        // can't resolve. Checking with another `--python-version` covers them.
        let files: Vec<(PathBuf, String)> = discovered
            .files
            .into_iter()
            .filter(|path| {
                resolver.custom_stdlib().is_none()
                    || resolver
                        .module_for_file(path)
                        .is_none_or(|module| module.kind != ModuleKind::Stdlib || resolver.stdlib_has(&module.name))
            })
            .map(|path| {
                let display = path.display().to_string();
                (path, display)
            })
            .collect();
        Workspace {
            db: Db::with_parsed_modules(resolver, parsed),
            files,
            errors: discovered.errors,
            canonical: std::sync::OnceLock::new(),
        }
    }

    /// The checked files by canonical path (computed once per workspace).
    pub(crate) fn canonical_files(&self) -> &rustc_hash::FxHashMap<PathBuf, PathBuf> {
        self.canonical.get_or_init(|| {
            self.files
                .iter()
                .filter_map(|(path, _)| Some((path.canonicalize().ok()?, path.clone())))
                .collect()
        })
    }

    /// Checks every file. With `Recheck::Memoized`, each file's diagnostics are a salsa query,
    /// so a file whose inputs did not change since the last check of this workspace gives them
    /// without being walked again; a one-shot check walks directly, without recording what each
    /// file read.
    pub(crate) fn check(&self, recheck: file_check::Recheck) -> CheckResult {
        let mut result = check_files(&self.db, &self.files, recheck);
        result.diagnostics.extend(self.errors.iter().cloned());
        result.diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        result
    }
}

/// Checks in-memory files given as (relative path, source). The paths form one first-party root,
/// except files under `site-packages/`, which form an installed environment: they are resolved
/// as third-party modules and not checked themselves.
pub fn check_files_in_memory(files: &[(String, String)], options: &CheckOptions) -> CheckResult {
    const SITE_PACKAGES: &str = "site-packages/";
    let root = Path::new("/awaitype-memory");
    let mut fs = MemoryFileSystem::new();
    for (path, source) in files {
        fs.add_file(root.join(path), source.clone());
    }
    let fs: Arc<dyn FileSystem> = Arc::new(fs);
    let has_site_packages = files.iter().any(|(path, _)| path.starts_with(SITE_PACKAGES));
    let config = ResolverConfig {
        roots: vec![root.to_path_buf()],
        python_version: options.python_version,
        site_packages: if has_site_packages {
            vec![root.join(SITE_PACKAGES.trim_end_matches('/'))]
        } else {
            options.site_packages.clone()
        },
        custom_stdlib: None,
    };
    let resolver = Resolver::new(config, fs);
    let files: Vec<(PathBuf, String)> = files
        .iter()
        .filter(|(path, _)| !path.starts_with(SITE_PACKAGES) && (path.ends_with(".py") || path.ends_with(".pyi")))
        .map(|(path, _)| (root.join(path), path.clone()))
        .collect();
    check_files(&Db::new(resolver), &files, file_check::Recheck::Once)
}

/// One file's diagnostics and, if it could be read, its display path and text.
type FileOutcome = (Vec<Diagnostic>, Option<(String, Arc<str>)>);

fn check_files(db: &Db, files: &[(PathBuf, String)], recheck: file_check::Recheck) -> CheckResult {
    let ids: Vec<_> = files
        .iter()
        .map(|(path, display)| {
            let module = db.resolver().module_for_file(path);
            let (name, is_package) = match module {
                Some(module) => (Some(module.name), module.is_package),
                None => (None, false),
            };
            let file = db.file(FilePath::System(path.clone()), display.clone(), name, is_package);
            db.mark_checked(file);
            file
        })
        .collect();
    // A salsa database handle belongs to one thread: each worker checks with its own clone.
    let per_file: Vec<FileOutcome> = ids
        .par_iter()
        .map_with(db.clone(), |db, file| {
            let db: &Db = db;
            let display = db.file_data(*file).display.clone();
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                file_check::check_file(db, *file, recheck)
            }));
            match checked {
                Ok(diagnostics) => {
                    let source = db.source(*file).ok().map(|source| (display, source));
                    (diagnostics, source)
                }
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                        .unwrap_or_else(|| "unknown panic".to_string());
                    let diagnostic = Diagnostic::new(
                        display,
                        TextRange::default(),
                        Rule::InternalError,
                        format!("internal error while checking this file: {message}"),
                    );
                    (vec![diagnostic], None)
                }
            }
        })
        .collect();
    let mut result = CheckResult {
        files_checked: files.len(),
        ..CheckResult::default()
    };
    for (diagnostics, source) in per_file {
        result.diagnostics.extend(diagnostics);
        if let Some((path, source)) = source {
            result.sources.insert(path, source);
        }
    }
    result.diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result.diagnostics.dedup();
    result
}
