//! Finding a Python environment's third-party packages without running Python: an interpreter
//! path or an environment directory leads to `lib/pythonX.Y/site-packages` (or
//! `Lib/site-packages` on Windows) by reading the file system, and the `.pth` files there add
//! more directories. `pyvenv.cfg` also tells the environment's Python version.

use std::path::{Path, PathBuf};

use crate::python_version::{PythonVersion, parse_python_version};

/// What an environment contributes to module resolution.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PythonEnvironment {
    /// The environment's root (`.venv`, or a Python installation's prefix).
    pub root: PathBuf,
    /// `site-packages` directories, then the directories their `.pth` files list.
    pub site_packages: Vec<PathBuf>,
    /// The version from `pyvenv.cfg` or the `lib/pythonX.Y` directory name, if known.
    pub python_version: Option<PythonVersion>,
}

impl PythonEnvironment {
    /// Reads the environment that `python` names: an interpreter (`.venv/bin/python`) or the
    /// environment's directory.
    pub fn from_path(python: &Path) -> Result<PythonEnvironment, String> {
        let root = if python.is_dir() {
            python.to_path_buf()
        } else if python.is_file() {
            // `<root>/bin/python3` or `<root>\Scripts\python.exe` or `<root>/python.exe`.
            let parent = python.parent().unwrap_or(Path::new("."));
            match parent.file_name().and_then(|name| name.to_str()) {
                Some("bin" | "Scripts") => parent.parent().unwrap_or(parent).to_path_buf(),
                _ => parent.to_path_buf(),
            }
        } else {
            return Err(format!(
                "`{}` is neither a Python interpreter nor an environment directory",
                python.display()
            ));
        };
        let mut site_packages = Vec::new();
        let mut python_version = pyvenv_version(&root);
        for lib in ["lib", "lib64"] {
            let Ok(entries) = std::fs::read_dir(root.join(lib)) else {
                continue;
            };
            let mut versions: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("python3"))
                })
                .collect();
            versions.sort();
            for version_dir in versions {
                let candidate = version_dir.join("site-packages");
                if candidate.is_dir() && !site_packages.contains(&candidate) {
                    if python_version.is_none() {
                        python_version = version_dir
                            .file_name()
                            .and_then(|n| n.to_str())
                            .and_then(|n| n.strip_prefix("python"))
                            .and_then(|v| parse_python_version(v).ok());
                    }
                    site_packages.push(candidate);
                }
            }
        }
        let windows = root.join("Lib").join("site-packages");
        if windows.is_dir() {
            site_packages.push(windows);
        }
        if site_packages.is_empty() {
            return Err(format!("no `site-packages` directory found in `{}`", root.display()));
        }
        let mut extra = Vec::new();
        for directory in &site_packages {
            extra.extend(pth_directories(directory));
        }
        for directory in extra {
            if !site_packages.contains(&directory) {
                site_packages.push(directory);
            }
        }
        Ok(PythonEnvironment {
            root,
            site_packages,
            python_version,
        })
    }

    /// The environment to use when none is given: an active `VIRTUAL_ENV`, else a `.venv` in the
    /// project root.
    pub fn discover(project_root: &Path) -> Option<PythonEnvironment> {
        if let Some(active) = std::env::var_os("VIRTUAL_ENV").filter(|value| !value.is_empty())
            && let Ok(environment) = PythonEnvironment::from_path(Path::new(&active))
        {
            return Some(environment);
        }
        let local = project_root.join(".venv");
        if local.is_dir() {
            return PythonEnvironment::from_path(&local).ok();
        }
        None
    }
}

/// `version = 3.12.1` (or `version_info = ...`) in `pyvenv.cfg`.
fn pyvenv_version(root: &Path) -> Option<PythonVersion> {
    let text = std::fs::read_to_string(root.join("pyvenv.cfg")).ok()?;
    text.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        if !matches!(key.trim(), "version" | "version_info") {
            return None;
        }
        let mut parts = value.trim().split('.');
        let major = parts.next()?;
        let minor = parts.next()?;
        parse_python_version(&format!("{major}.{minor}")).ok()
    })
}

/// The directories listed in `*.pth` files (lines that are neither comments nor `import`s),
/// relative to the site-packages directory, that exist.
fn pth_directories(site_packages: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(site_packages) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pth"))
        .collect();
    files.sort();
    let mut directories = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("import ") || line.starts_with("import\t") {
                continue;
            }
            let directory = site_packages.join(line);
            if directory.is_dir() {
                directories.push(directory);
            }
        }
    }
    directories
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("awaitype-env-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn venv_directory_and_interpreter_lead_to_site_packages() {
        let root = scratch("venv");
        let site = root.join("lib/python3.12/site-packages");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::create_dir_all(root.join("bin")).unwrap();
        std::fs::write(root.join("bin/python"), "").unwrap();
        std::fs::write(root.join("pyvenv.cfg"), "home = /usr/bin\nversion = 3.12.4\n").unwrap();
        std::fs::create_dir_all(root.join("src-tree")).unwrap();
        std::fs::write(site.join("editable.pth"), "# comment\nimport sys\n../../../src-tree\n").unwrap();

        let from_dir = PythonEnvironment::from_path(&root).unwrap();
        let from_interpreter = PythonEnvironment::from_path(&root.join("bin/python")).unwrap();
        assert_eq!(from_dir, from_interpreter);
        assert_eq!(from_dir.site_packages[0], site);
        assert_eq!(from_dir.site_packages[1], site.join("../../../src-tree"));
        assert_eq!(from_dir.python_version, Some(PythonVersion::PY312));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn missing_environment_is_an_error() {
        let root = scratch("empty");
        assert!(PythonEnvironment::from_path(&root).is_err());
        assert!(PythonEnvironment::from_path(&root.join("nope")).is_err());
        let _ = std::fs::remove_dir_all(&root);
    }
}
