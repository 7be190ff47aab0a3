//! Module resolution: turning `import a.b` into a file. First-party roots (the checked paths and
//! their `src/` layouts) are searched before the standard library, which comes from the typeshed
//! stubs vendored in `ty_vendored`, filtered by `stdlib/VERSIONS` for the target Python version.
//!
//! The resolver knows nothing about parsing or types; it only answers "which file is module X"
//! and "which module is file Y", and reads file text. File access goes through [`FileSystem`] so
//! the Markdown test runner can check in-memory files with the same code path as the CLI.

mod environment;
mod file_system;
mod module_name;
mod python_version;
mod resolver;
mod typeshed_versions;

pub use environment::PythonEnvironment;
pub use file_system::{FileSystem, MemoryFileSystem, OsFileSystem};
pub use module_name::{ModuleName, is_identifier, resolve_relative_import};
pub use python_version::{
    DEFAULT_PYTHON_VERSION, PythonVersion, SUPPORTED_PYTHON_VERSIONS, parse_python_version,
    parse_supported_python_version,
};
pub use resolver::{FilePath, ModuleKind, ResolvedModule, Resolver, ResolverConfig};
