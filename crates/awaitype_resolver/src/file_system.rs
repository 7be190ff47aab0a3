//! The file access the resolver needs, behind a trait.
//!
//! The CLI checks real files ([`OsFileSystem`]); the Markdown test runner and unit tests check
//! in-memory files ([`MemoryFileSystem`]). Both go through the same resolver code, so the tests
//! exercise exactly what users run. The trait is deliberately tiny: module resolution only asks
//! "is this a file", "is this a directory" and "what does this file say".

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use rustc_hash::FxHashSet;

/// Read-only access to source files.
pub trait FileSystem: Send + Sync + std::fmt::Debug {
    /// Reads a whole file as text.
    ///
    /// Non-UTF-8 content -> Err with kind InvalidData and a message saying the file is not valid
    /// UTF-8.
    fn read_to_string(&self, path: &Path) -> io::Result<String>;
    /// Whether `path` exists and is a regular file (symlinks are followed).
    fn is_file(&self, path: &Path) -> bool;
    /// Whether `path` exists and is a directory (symlinks are followed).
    fn is_dir(&self, path: &Path) -> bool;
}

/// The error returned for a file whose bytes are not UTF-8.
fn not_utf8_error(error: &std::string::FromUtf8Error) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "file is not valid UTF-8 (invalid byte sequence at byte offset {})",
            error.utf8_error().valid_up_to()
        ),
    )
}

/// The operating system's file system.
#[derive(Debug, Default)]
pub struct OsFileSystem;

impl FileSystem for OsFileSystem {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        let bytes = std::fs::read(path)?;
        String::from_utf8(bytes).map_err(|error| not_utf8_error(&error))
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
}

/// In-memory files for tests; directories are implied by file paths (any proper ancestor of a
/// file is a dir).
///
/// Paths are compared after dropping `.` components, so `./pkg/mod.py` and `pkg/mod.py` name the
/// same file, and the empty path (or `.`) is a directory as soon as any relative file exists.
#[derive(Debug, Default)]
pub struct MemoryFileSystem {
    files: BTreeMap<PathBuf, String>,
    dirs: FxHashSet<PathBuf>,
}

impl MemoryFileSystem {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file, implicitly creating all of its parent directories.
    pub fn add_file(&mut self, path: impl Into<PathBuf>, contents: impl Into<String>) {
        let path = normalize(&path.into());
        for ancestor in path.ancestors().skip(1) {
            if !self.dirs.insert(ancestor.to_path_buf()) {
                // Every further ancestor was inserted together with this one.
                break;
            }
        }
        self.files.insert(path, contents.into());
    }
}

impl FileSystem for MemoryFileSystem {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        let path = normalize(path);
        if let Some(contents) = self.files.get(&path) {
            return Ok(contents.clone());
        }
        if self.dirs.contains(&path) {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                format!("`{}` is a directory", path.display()),
            ));
        }
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("no such file: `{}`", path.display()),
        ))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(&normalize(path))
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.dirs.contains(&normalize(path))
    }
}

/// Drops `.` components so equivalent spellings of a path compare equal.
fn normalize(path: &Path) -> PathBuf {
    path.components()
        .filter(|component| !matches!(component, Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unique_temp_dir(name: &str) -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "awaitype_resolver_fs_{name}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn memory_files_and_implied_directories() {
        let mut fs = MemoryFileSystem::new();
        fs.add_file("/src/pkg/sub/mod.py", "x = 1\n");
        assert!(fs.is_file(Path::new("/src/pkg/sub/mod.py")));
        assert!(!fs.is_dir(Path::new("/src/pkg/sub/mod.py")));
        for dir in ["/src/pkg/sub", "/src/pkg", "/src", "/"] {
            assert!(fs.is_dir(Path::new(dir)), "{dir}");
            assert!(!fs.is_file(Path::new(dir)), "{dir}");
        }
        assert!(!fs.is_dir(Path::new("/src/other")));
        assert!(!fs.is_file(Path::new("/src/pkg/sub/other.py")));
        assert_eq!(fs.read_to_string(Path::new("/src/pkg/sub/mod.py")).unwrap(), "x = 1\n");
    }

    #[test]
    fn memory_relative_paths_and_dot_components() {
        let mut fs = MemoryFileSystem::new();
        fs.add_file("./pkg/mod.py", "");
        assert!(fs.is_file(Path::new("pkg/mod.py")));
        assert!(fs.is_file(Path::new("pkg/./mod.py")));
        assert!(fs.is_dir(Path::new("pkg")));
        assert!(fs.is_dir(Path::new(".")));
        assert!(fs.is_dir(Path::new("")));
    }

    #[test]
    fn memory_replacing_a_file() {
        let mut fs = MemoryFileSystem::new();
        fs.add_file("a.py", "old");
        fs.add_file("a.py", "new");
        assert_eq!(fs.read_to_string(Path::new("a.py")).unwrap(), "new");
    }

    #[test]
    fn memory_read_errors() {
        let mut fs = MemoryFileSystem::new();
        fs.add_file("/src/pkg/mod.py", "");
        let missing = fs.read_to_string(Path::new("/src/missing.py")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        let dir = fs.read_to_string(Path::new("/src/pkg")).unwrap_err();
        assert_eq!(dir.kind(), io::ErrorKind::IsADirectory);
    }

    #[test]
    fn os_reads_files_and_directories() {
        let dir = unique_temp_dir("read");
        let file = dir.join("mod.py");
        std::fs::write(&file, "x = 1\n").unwrap();
        let fs = OsFileSystem;
        assert!(fs.is_file(&file));
        assert!(!fs.is_dir(&file));
        assert!(fs.is_dir(&dir));
        assert!(!fs.is_file(&dir));
        assert_eq!(fs.read_to_string(&file).unwrap(), "x = 1\n");
        let missing = fs.read_to_string(&dir.join("missing.py")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn os_rejects_non_utf8() {
        let dir = unique_temp_dir("utf8");
        let file = dir.join("latin1.py");
        std::fs::write(&file, b"x = '\xe9'\n").unwrap();
        let error = OsFileSystem.read_to_string(&file).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        let message = error.to_string();
        assert!(message.contains("not valid UTF-8"), "{message}");
        assert!(message.contains("offset 5"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
