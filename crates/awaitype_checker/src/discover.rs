//! Which files a check run covers, and which first-party roots imports resolve against: each
//! checked directory (plus its `src/` layout), or a checked file's directory. A checked
//! directory that is a typeshed `stdlib` is noticed, so it can stand in for the bundled one.

use std::path::{Path, PathBuf};

use awaitype_diagnostics::{Diagnostic, Rule, TextRange};

pub(crate) struct Discovered {
    pub(crate) files: Vec<PathBuf>,
    pub(crate) roots: Vec<PathBuf>,
    pub(crate) errors: Vec<Diagnostic>,
    /// The first checked directory that is a typeshed standard library.
    pub(crate) typeshed_stdlib: Option<PathBuf>,
}

/// Directories that never hold first-party code.
const SKIPPED_DIRECTORIES: &[&str] = &["__pycache__", "node_modules", "site-packages", "venv", "target"];

pub(crate) fn discover(paths: &[PathBuf]) -> Discovered {
    let mut discovered = Discovered {
        files: Vec::new(),
        roots: Vec::new(),
        errors: Vec::new(),
        typeshed_stdlib: None,
    };
    for path in paths {
        if path.is_dir() {
            if discovered.typeshed_stdlib.is_none() && is_typeshed_stdlib(path) {
                discovered.typeshed_stdlib = Some(path.clone());
            }
            add_root(&mut discovered.roots, package_root(path));
            let src = path.join("src");
            if src.is_dir() {
                add_root(&mut discovered.roots, src);
            }
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|entry| {
                    let name = entry.file_name().to_string_lossy();
                    entry.depth() == 0
                        || !(entry.file_type().is_dir()
                            && (name.starts_with('.') || SKIPPED_DIRECTORIES.contains(&name.as_ref())))
                });
            for entry in walker {
                match entry {
                    Ok(entry) if entry.file_type().is_file() && is_python_file(entry.path()) => {
                        discovered.files.push(entry.into_path());
                    }
                    Ok(_) => {}
                    Err(error) => {
                        let display = error
                            .path()
                            .map_or_else(|| path.display().to_string(), |p| p.display().to_string());
                        discovered.errors.push(Diagnostic::new(
                            display,
                            TextRange::default(),
                            Rule::IoError,
                            format!("cannot read directory entry: {error}"),
                        ));
                    }
                }
            }
        } else if path.is_file() {
            let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let parent = if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent
            };
            // Keep the file path consistent with what resolution produces from the root.
            let file = if path.parent().is_some_and(|p| p.as_os_str().is_empty()) {
                parent.join(path)
            } else {
                path.clone()
            };
            add_root(&mut discovered.roots, package_root(&parent));
            discovered.files.push(file);
        }
        // Nonexistent paths are reported by the CLI before checking.
    }
    discovered.files.sort();
    discovered.files.dedup();
    discovered
}

/// The directory imports resolve from: the nearest ancestor of `dir` (or `dir` itself) that is
/// not inside a regular package, so checking `src/pkg/` still imports `pkg.mod` by its name.
fn package_root(dir: &Path) -> PathBuf {
    let mut root = dir.to_path_buf();
    while is_package(&root) {
        match root.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => root = parent.to_path_buf(),
            Some(_) => {
                root = PathBuf::from(".");
                break;
            }
            None => break,
        }
    }
    root
}

/// Whether `dir` is a typeshed `stdlib` directory: stubs for `builtins` plus typeshed's
/// `VERSIONS` table of which module exists in which Python version.
pub(crate) fn is_typeshed_stdlib(dir: &Path) -> bool {
    dir.join("VERSIONS").is_file() && dir.join("builtins.pyi").is_file()
}

fn is_package(dir: &Path) -> bool {
    dir.join("__init__.py").is_file() || dir.join("__init__.pyi").is_file()
}

fn add_root(roots: &mut Vec<PathBuf>, root: PathBuf) {
    if !roots.contains(&root) {
        roots.push(root);
    }
}

fn is_python_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("py" | "pyi"))
}
