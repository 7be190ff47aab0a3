//! Finding the file behind a module name, and the module name behind a file.
//!
//! The rules follow Python's import system, with PEP 561's preference for stubs:
//!
//! * Top-level modules are searched in each first-party root (config order), then in the
//!   standard library stubs of the vendored typeshed (only modules that `stdlib/VERSIONS` says
//!   exist in the target version). `builtins` always comes from typeshed.
//! * In a directory, `c` is, in order of preference, `c/__init__.pyi`, `c/__init__.py`, `c.pyi`,
//!   `c.py`, and last a bare directory `c/` (a namespace package portion).
//! * A regular package or module found in any search directory beats namespace portions found in
//!   earlier ones, as in Python: a project's data directory `email/` does not hide the standard
//!   library's `email` package. Only when nothing else is found do the portions, together, form a
//!   namespace package.
//! * A submodule `a.b` is searched only where its parent `a` lives: the directory of a regular
//!   package, or every portion of a namespace package (Python's `a.__path__`).
//!
//! Results are memoized per module name, so resolving `a.b.c` also caches `a` and `a.b`.
//!
//! The standard library normally comes from the typeshed bundled in the binary. A configured
//! `custom_stdlib` directory (a typeshed checkout's `stdlib/`) replaces it, `VERSIONS` included:
//! that is how typeshed's own stubs are checked as the standard library they are, instead of as
//! a second, first-party copy of `builtins` that conflicts with the bundled one.

use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use dashmap::DashMap;
use rustc_hash::FxBuildHasher;

use crate::file_system::FileSystem;
use crate::module_name::{ModuleName, is_identifier};
use crate::python_version::{DEFAULT_PYTHON_VERSION, PythonVersion};
use crate::typeshed_versions::{TypeshedVersions, vendored_versions};

/// Where the vendored typeshed keeps the standard-library stubs.
const STDLIB_DIR: &str = "stdlib";

/// A source file: on disk (or in a [`FileSystem`]) or inside the vendored typeshed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FilePath {
    System(PathBuf),
    /// Path inside the typeshed zip, e.g. `stdlib/asyncio/tasks.pyi`.
    Vendored(String),
}

impl FilePath {
    /// Whether this is a stub (`.pyi`) file.
    pub fn is_stub(&self) -> bool {
        match self {
            FilePath::System(path) => path.extension().is_some_and(|ext| ext == "pyi"),
            FilePath::Vendored(path) => path.ends_with(".pyi"),
        }
    }

    /// For messages: a system path as given, a vendored one as `<typeshed>/stdlib/...`.
    pub fn display(&self) -> String {
        match self {
            FilePath::System(path) => path.to_string_lossy().into_owned(),
            FilePath::Vendored(path) => format!("<typeshed>/{path}"),
        }
    }
}

/// Where a module comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModuleKind {
    FirstParty,
    Stdlib,
    /// From an environment's `site-packages` (stub-only `foo-stubs` packages first).
    ThirdParty,
}

/// A module that exists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResolvedModule {
    pub name: ModuleName,
    /// `None` for a namespace package.
    pub file: Option<FilePath>,
    pub is_package: bool,
    pub kind: ModuleKind,
}

#[derive(Debug, Clone)]
pub struct ResolverConfig {
    /// First-party search roots, highest priority first.
    pub roots: Vec<PathBuf>,
    pub python_version: PythonVersion,
    /// Third-party search roots (an environment's `site-packages` and the directories its `.pth`
    /// files add), searched after the standard library.
    pub site_packages: Vec<PathBuf>,
    /// A typeshed `stdlib` directory (with its `VERSIONS` file) to use instead of the bundled one.
    pub custom_stdlib: Option<PathBuf>,
}

/// Written out because the version's own `Default` is ruff's (3.10), not awaitype's.
impl Default for ResolverConfig {
    fn default() -> Self {
        ResolverConfig {
            roots: Vec::new(),
            python_version: DEFAULT_PYTHON_VERSION,
            site_packages: Vec::new(),
            custom_stdlib: None,
        }
    }
}

/// A directory in which modules are looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SearchDir {
    FirstParty(PathBuf),
    /// A directory inside the vendored typeshed, e.g. `stdlib/asyncio`.
    Stdlib(String),
    /// A `site-packages` directory, or a package directory inside one.
    ThirdParty(PathBuf),
}

impl SearchDir {
    fn kind(&self) -> ModuleKind {
        match self {
            SearchDir::FirstParty(_) => ModuleKind::FirstParty,
            SearchDir::Stdlib(_) => ModuleKind::Stdlib,
            SearchDir::ThirdParty(_) => ModuleKind::ThirdParty,
        }
    }
}

/// What one search directory holds under a name.
enum Found {
    /// A module file or a regular package's `__init__`.
    File { file: FilePath, is_package: bool },
    /// A directory without `__init__`: one portion of a namespace package.
    NamespacePortion(SearchDir),
}

/// A resolved module plus where its submodules are searched.
#[derive(Debug)]
struct Resolution {
    module: ResolvedModule,
    /// The package's directory, or every portion of a namespace package; empty for a module that
    /// is not a package.
    submodule_dirs: Vec<SearchDir>,
}

/// Resolves module names to files for one configuration. Shareable across threads.
pub struct Resolver {
    config: ResolverConfig,
    fs: Arc<dyn FileSystem>,
    /// The custom standard library's `VERSIONS` (the bundled one is shared process-wide).
    custom_versions: Option<TypeshedVersions>,
    /// Resolve standard-library modules whatever `VERSIONS` says (see [`Resolver::for_stub_imports`]).
    any_version: bool,
    cache: DashMap<ModuleName, Option<Arc<Resolution>>, FxBuildHasher>,
}

impl fmt::Debug for Resolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resolver")
            .field("config", &self.config)
            .field("fs", &self.fs)
            .field("cached_modules", &self.cache.len())
            .finish()
    }
}

impl Resolver {
    /// A resolver for `config`. A custom standard library's `VERSIONS` is read once here; its
    /// malformed lines are skipped, and without the file every module it holds is available.
    pub fn new(config: ResolverConfig, fs: Arc<dyn FileSystem>) -> Self {
        let custom_versions = config.custom_stdlib.as_ref().map(|stdlib| {
            let text = fs.read_to_string(&stdlib.join("VERSIONS")).unwrap_or_default();
            TypeshedVersions::parse(&text).0
        });
        Resolver {
            config,
            fs,
            custom_versions,
            any_version: false,
            cache: DashMap::with_hasher(FxBuildHasher),
        }
    }

    pub fn python_version(&self) -> PythonVersion {
        self.config.python_version
    }

    /// This resolver, for the imports the standard library's stubs make of each other: those
    /// resolve whatever `VERSIONS` says, because typeshed writes its stubs against its whole
    /// tree (`_frozen_importlib_external` imports `importlib.readers`, listed from 3.10, in every
    /// version). `VERSIONS` still decides what user code can import.
    pub fn for_stub_imports(mut self) -> Self {
        self.any_version = true;
        self
    }

    /// A resolver on the same file system and standard library that knows only the standard
    /// library (no first-party roots, no site-packages), for the imports the standard library's
    /// stubs make of each other (see [`Resolver::for_stub_imports`]).
    pub fn stdlib_for_stub_imports(&self) -> Resolver {
        Resolver::new(
            ResolverConfig {
                roots: Vec::new(),
                python_version: self.config.python_version,
                site_packages: Vec::new(),
                custom_stdlib: self.config.custom_stdlib.clone(),
            },
            Arc::clone(&self.fs),
        )
        .for_stub_imports()
    }

    /// The configured custom standard-library directory, if any.
    pub fn custom_stdlib(&self) -> Option<&Path> {
        self.config.custom_stdlib.as_deref()
    }

    /// Whether the standard library has module `name` in the target version.
    pub fn stdlib_has(&self, name: &ModuleName) -> bool {
        if self.any_version {
            return true;
        }
        match &self.custom_versions {
            // A custom typeshed without `VERSIONS` lists nothing: take what its files hold.
            Some(versions) if versions.is_empty() => true,
            Some(versions) => versions.is_available(name, self.config.python_version),
            None => vendored_versions().is_available(name, self.config.python_version),
        }
    }

    /// Whether `root` is the custom standard-library directory (so it is not also first-party).
    fn is_custom_stdlib(&self, root: &Path) -> bool {
        self.config
            .custom_stdlib
            .as_deref()
            .is_some_and(|stdlib| without_cur_dir(stdlib) == without_cur_dir(root))
    }

    /// The module `name` refers to, or `None` if it does not exist (for the target version).
    pub fn resolve(&self, name: &ModuleName) -> Option<ResolvedModule> {
        self.resolution(name).map(|resolution| resolution.module.clone())
    }

    /// The text of a file: system files through the [`FileSystem`], vendored ones from typeshed.
    pub fn read(&self, file: &FilePath) -> io::Result<String> {
        match file {
            FilePath::System(path) => self.fs.read_to_string(path),
            FilePath::Vendored(path) => ty_vendored::file_system().read_to_string(path.as_str()),
        }
    }

    /// Which module a checked first-party file is (for relative imports): the first root (in
    /// config order) that contains it; `pkg/__init__.py` -> (`pkg`, is_package=true);
    /// `pkg/mod.py` -> `pkg.mod`. None if outside every root or not a valid module path.
    ///
    /// This is purely lexical (the file need not exist); paths are compared after dropping `.`
    /// components, so give roots and files in the same form (both relative or both absolute).
    pub fn module_for_file(&self, path: &Path) -> Option<ResolvedModule> {
        let normalized = without_cur_dir(path);
        let (root, relative) = self
            .config
            .custom_stdlib
            .iter()
            .chain(&self.config.roots)
            .find_map(|root| Some((root, normalized.strip_prefix(without_cur_dir(root)).ok()?)))?;
        let (name, is_package) = module_name_for_relative_path(relative)?;
        Some(ResolvedModule {
            name,
            file: Some(FilePath::System(path.to_path_buf())),
            is_package,
            kind: if self.is_custom_stdlib(root) {
                ModuleKind::Stdlib
            } else {
                ModuleKind::FirstParty
            },
        })
    }

    /// The memoized resolution of `name`.
    fn resolution(&self, name: &ModuleName) -> Option<Arc<Resolution>> {
        if let Some(cached) = self.cache.get(name) {
            return cached.clone();
        }
        // No cache lock is held here: computing resolves (and caches) the parent packages.
        let computed = self.compute(name).map(Arc::new);
        self.cache.entry(name.clone()).or_insert(computed).clone()
    }

    fn compute(&self, name: &ModuleName) -> Option<Resolution> {
        let parent = match name.parent() {
            Some(parent) => Some(self.resolution(&parent)?),
            None => None,
        };
        let top_level_dirs;
        let dirs: &[SearchDir] = match &parent {
            Some(parent) => &parent.submodule_dirs,
            None => {
                top_level_dirs = self.top_level_dirs(name);
                &top_level_dirs
            }
        };
        let stdlib_available = self.stdlib_has(name);
        let component = name.last_component();
        // A stub-only distribution (`foo-stubs`) in site-packages wins over the package itself;
        // a `partial` one (PEP 561) leaves the modules it lacks to the package.
        if parent.is_none()
            && let Some(resolution) = self.stub_package(name, component)
        {
            return Some(resolution);
        }

        let mut portions = Vec::new();
        for dir in dirs {
            if matches!(dir, SearchDir::Stdlib(_)) && !stdlib_available {
                continue;
            }
            match self.find_in(dir, component) {
                Some(Found::File { file, is_package }) => {
                    let submodule_dirs = if is_package {
                        vec![package_dir(dir, component)]
                    } else {
                        Vec::new()
                    };
                    return Some(Resolution {
                        module: ResolvedModule {
                            name: name.clone(),
                            file: Some(file),
                            is_package,
                            kind: dir.kind(),
                        },
                        submodule_dirs,
                    });
                }
                Some(Found::NamespacePortion(portion)) => portions.push(portion),
                None => {}
            }
        }
        let kind = portions.first()?.kind();
        Some(Resolution {
            module: ResolvedModule {
                name: name.clone(),
                file: None,
                is_package: true,
                kind,
            },
            submodule_dirs: portions,
        })
    }

    /// Where top-level module `name` is searched: the roots, then the standard library; only the
    /// standard library for `builtins`.
    fn top_level_dirs(&self, name: &ModuleName) -> Vec<SearchDir> {
        let mut dirs = Vec::with_capacity(self.config.roots.len() + 1);
        if name.as_str() != "builtins" {
            // A checked directory inside an environment (`site-packages/anyio`) has
            // `site-packages` as its root: it is searched as third-party, after the standard
            // library, so the installed `typing_extensions.py` does not shadow typeshed's stub.
            dirs.extend(
                self.config
                    .roots
                    .iter()
                    .filter(|root| !self.config.site_packages.contains(root) && !self.is_custom_stdlib(root))
                    .cloned()
                    .map(SearchDir::FirstParty),
            );
        }
        dirs.push(SearchDir::Stdlib(STDLIB_DIR.to_string()));
        dirs.extend(self.config.site_packages.iter().cloned().map(SearchDir::ThirdParty));
        dirs
    }

    /// `component-stubs/` in a site-packages directory, for top-level module `name`.
    fn stub_package(&self, name: &ModuleName, component: &str) -> Option<Resolution> {
        for site_packages in &self.config.site_packages {
            let stubs = site_packages.join(format!("{component}-stubs"));
            let init = stubs.join("__init__.pyi");
            if !self.fs.is_file(&init) {
                continue;
            }
            let partial = self
                .fs
                .read_to_string(&stubs.join("py.typed"))
                .is_ok_and(|text| text.lines().any(|line| line.trim() == "partial"));
            let mut submodule_dirs = vec![SearchDir::ThirdParty(stubs.clone())];
            if partial {
                let runtime = site_packages.join(component);
                if self.fs.is_dir(&runtime) {
                    submodule_dirs.push(SearchDir::ThirdParty(runtime));
                }
            }
            return Some(Resolution {
                module: ResolvedModule {
                    name: name.clone(),
                    file: Some(FilePath::System(init)),
                    is_package: true,
                    kind: ModuleKind::ThirdParty,
                },
                submodule_dirs,
            });
        }
        None
    }

    /// What `dir` holds under `component`, in order of preference.
    fn find_in(&self, dir: &SearchDir, component: &str) -> Option<Found> {
        let dir_kind = dir.kind();
        match dir {
            SearchDir::FirstParty(dir) | SearchDir::ThirdParty(dir) => {
                let package = dir.join(component);
                for init in ["__init__.pyi", "__init__.py"] {
                    let file = package.join(init);
                    if self.fs.is_file(&file) {
                        return Some(Found::File {
                            file: FilePath::System(file),
                            is_package: true,
                        });
                    }
                }
                for extension in ["pyi", "py"] {
                    let file = dir.join(format!("{component}.{extension}"));
                    if self.fs.is_file(&file) {
                        return Some(Found::File {
                            file: FilePath::System(file),
                            is_package: false,
                        });
                    }
                }
                let portion = match dir_kind {
                    ModuleKind::ThirdParty => SearchDir::ThirdParty(package.clone()),
                    _ => SearchDir::FirstParty(package.clone()),
                };
                self.fs.is_dir(&package).then_some(Found::NamespacePortion(portion))
            }
            SearchDir::Stdlib(dir) if self.config.custom_stdlib.is_some() => {
                // The same layout as the bundled typeshed, read from the file system.
                let system = self.custom_stdlib_path(dir);
                match self.find_in(&SearchDir::FirstParty(system), component)? {
                    Found::File { file, is_package } => Some(Found::File { file, is_package }),
                    Found::NamespacePortion(_) => {
                        Some(Found::NamespacePortion(SearchDir::Stdlib(format!("{dir}/{component}"))))
                    }
                }
            }
            SearchDir::Stdlib(dir) => {
                let vendored = ty_vendored::file_system();
                let package = format!("{dir}/{component}");
                for init in ["__init__.pyi", "__init__.py"] {
                    let file = format!("{package}/{init}");
                    if vendored.is_file(file.as_str()) {
                        return Some(Found::File {
                            file: FilePath::Vendored(file),
                            is_package: true,
                        });
                    }
                }
                for extension in ["pyi", "py"] {
                    let file = format!("{dir}/{component}.{extension}");
                    if vendored.is_file(file.as_str()) {
                        return Some(Found::File {
                            file: FilePath::Vendored(file),
                            is_package: false,
                        });
                    }
                }
                vendored
                    .is_directory(package.as_str())
                    .then_some(Found::NamespacePortion(SearchDir::Stdlib(package)))
            }
        }
    }
}

impl Resolver {
    /// Where a typeshed-relative directory (`stdlib/asyncio`) is in the custom standard library.
    fn custom_stdlib_path(&self, dir: &str) -> PathBuf {
        let stdlib = self.config.custom_stdlib.clone().unwrap_or_default();
        match dir.strip_prefix(STDLIB_DIR) {
            Some(rest) => rest
                .split('/')
                .filter(|part| !part.is_empty())
                .fold(stdlib, |path, part| path.join(part)),
            None => stdlib.join(dir),
        }
    }
}

/// The directory of package `component` inside `dir`.
fn package_dir(dir: &SearchDir, component: &str) -> SearchDir {
    match dir {
        SearchDir::FirstParty(dir) => SearchDir::FirstParty(dir.join(component)),
        SearchDir::ThirdParty(dir) => SearchDir::ThirdParty(dir.join(component)),
        SearchDir::Stdlib(dir) => SearchDir::Stdlib(format!("{dir}/{component}")),
    }
}

/// `path` without `.` components, so `./src` and `src` compare equal.
fn without_cur_dir(path: &Path) -> PathBuf {
    path.components()
        .filter(|component| !matches!(component, Component::CurDir))
        .collect()
}

/// `pkg/sub/mod.py` -> (`pkg.sub.mod`, false); `pkg/__init__.pyi` -> (`pkg`, true).
fn module_name_for_relative_path(relative: &Path) -> Option<(ModuleName, bool)> {
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let file_name = parts.pop()?;
    let stem = file_name
        .strip_suffix(".pyi")
        .or_else(|| file_name.strip_suffix(".py"))?;
    let is_package = stem == "__init__";
    if !is_package {
        parts.push(stem);
    }
    if parts.is_empty() || !parts.iter().all(|part| is_identifier(part)) {
        return None;
    }
    Some((ModuleName::new(&parts.join("."))?, is_package))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::file_system::{MemoryFileSystem, OsFileSystem};

    fn name(s: &str) -> ModuleName {
        ModuleName::new(s).unwrap()
    }

    fn stdlib_resolver(minor: u8) -> Resolver {
        Resolver::new(
            ResolverConfig {
                roots: Vec::new(),
                python_version: PythonVersion { major: 3, minor },
                site_packages: Vec::new(),
                custom_stdlib: None,
            },
            Arc::new(MemoryFileSystem::new()),
        )
    }

    fn memory_resolver(roots: &[&str], files: &[&str]) -> Resolver {
        let mut fs = MemoryFileSystem::new();
        for file in files {
            fs.add_file(*file, format!("# {file}\n"));
        }
        Resolver::new(
            ResolverConfig {
                roots: roots.iter().map(PathBuf::from).collect(),
                python_version: DEFAULT_PYTHON_VERSION,
                site_packages: Vec::new(),
                custom_stdlib: None,
            },
            Arc::new(fs),
        )
    }

    fn vendored(path: &str) -> Option<FilePath> {
        Some(FilePath::Vendored(path.to_string()))
    }

    fn system(path: &str) -> Option<FilePath> {
        Some(FilePath::System(PathBuf::from(path)))
    }

    /// The file a module resolves to; panics if it does not resolve.
    fn file_of(resolver: &Resolver, module: &str) -> Option<FilePath> {
        resolver
            .resolve(&name(module))
            .unwrap_or_else(|| panic!("`{module}` did not resolve"))
            .file
    }

    #[test]
    fn resolver_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Resolver>();
    }

    #[test]
    fn stdlib_package() {
        let resolver = stdlib_resolver(13);
        assert_eq!(
            resolver.resolve(&name("asyncio")),
            Some(ResolvedModule {
                name: name("asyncio"),
                file: vendored("stdlib/asyncio/__init__.pyi"),
                is_package: true,
                kind: ModuleKind::Stdlib,
            })
        );
    }

    #[test]
    fn stdlib_submodules() {
        let resolver = stdlib_resolver(13);
        assert_eq!(
            resolver.resolve(&name("asyncio.tasks")),
            Some(ResolvedModule {
                name: name("asyncio.tasks"),
                file: vendored("stdlib/asyncio/tasks.pyi"),
                is_package: false,
                kind: ModuleKind::Stdlib,
            })
        );
        assert_eq!(file_of(&resolver, "os.path"), vendored("stdlib/os/path.pyi"));
        assert_eq!(
            file_of(&resolver, "collections.abc"),
            vendored("stdlib/collections/abc.pyi")
        );
        assert_eq!(
            file_of(&resolver, "typing_extensions"),
            vendored("stdlib/typing_extensions.pyi")
        );
        assert_eq!(file_of(&resolver, "builtins"), vendored("stdlib/builtins.pyi"));
        assert_eq!(file_of(&resolver, "os"), vendored("stdlib/os/__init__.pyi"));
    }

    #[test]
    fn stdlib_version_gates() {
        let cases = [
            ("asyncio.taskgroups", 11, true),
            ("asyncio.taskgroups", 10, false),
            ("tomllib", 11, true),
            ("tomllib", 10, false),
            ("distutils", 11, true),
            ("distutils", 12, false),
            ("distutils.command.bdist_msi", 10, true),
            ("distutils.command.bdist_msi", 11, false),
        ];
        for (module, minor, expected) in cases {
            let resolved = stdlib_resolver(minor).resolve(&name(module));
            assert_eq!(resolved.is_some(), expected, "{module} at 3.{minor}");
        }
        assert_eq!(
            file_of(&stdlib_resolver(11), "asyncio.taskgroups"),
            vendored("stdlib/asyncio/taskgroups.pyi")
        );
        assert_eq!(file_of(&stdlib_resolver(11), "tomllib"), vendored("stdlib/tomllib.pyi"));
    }

    #[test]
    fn every_supported_version_resolves_the_basics() {
        for minor in 8..=14 {
            let version = PythonVersion { major: 3, minor };
            assert!(crate::SUPPORTED_PYTHON_VERSIONS.contains(&version));
            let resolver = stdlib_resolver(minor);
            assert_eq!(resolver.python_version(), version);
            for module in ["builtins", "typing", "asyncio", "asyncio.tasks", "os.path", "sys"] {
                let resolved = resolver
                    .resolve(&name(module))
                    .unwrap_or_else(|| panic!("{module} at {version}"));
                assert_eq!(resolved.kind, ModuleKind::Stdlib);
            }
        }
    }

    #[test]
    fn missing_stdlib_modules() {
        let resolver = stdlib_resolver(13);
        for module in [
            "no_such_module",
            "os.no_such_module",
            "asyncio.tasks.deeper",
            "VERSIONS",
            "stdlib",
        ] {
            assert_eq!(resolver.resolve(&name(module)), None, "{module}");
        }
    }

    #[test]
    fn first_party_modules_and_packages() {
        let resolver = memory_resolver(
            &["/src"],
            &[
                "/src/main.py",
                "/src/pkg/__init__.py",
                "/src/pkg/mod.py",
                "/src/pkg/sub/__init__.py",
                "/src/pkg/sub/deep.py",
            ],
        );
        assert_eq!(
            resolver.resolve(&name("main")),
            Some(ResolvedModule {
                name: name("main"),
                file: system("/src/main.py"),
                is_package: false,
                kind: ModuleKind::FirstParty,
            })
        );
        assert_eq!(
            resolver.resolve(&name("pkg")),
            Some(ResolvedModule {
                name: name("pkg"),
                file: system("/src/pkg/__init__.py"),
                is_package: true,
                kind: ModuleKind::FirstParty,
            })
        );
        assert_eq!(file_of(&resolver, "pkg.mod"), system("/src/pkg/mod.py"));
        assert_eq!(file_of(&resolver, "pkg.sub"), system("/src/pkg/sub/__init__.py"));
        assert_eq!(file_of(&resolver, "pkg.sub.deep"), system("/src/pkg/sub/deep.py"));
        for missing in ["pkg.missing", "main.x", "pkg.mod.x", "missing.mod"] {
            assert_eq!(resolver.resolve(&name(missing)), None, "{missing}");
        }
    }

    #[test]
    fn namespace_packages() {
        let resolver = memory_resolver(&["/src"], &["/src/ns/inner/mod.py", "/src/ns/leaf.py"]);
        for (module, path) in [("ns", "/src/ns"), ("ns.inner", "/src/ns/inner")] {
            assert_eq!(
                resolver.resolve(&name(module)),
                Some(ResolvedModule {
                    name: name(module),
                    file: None,
                    is_package: true,
                    kind: ModuleKind::FirstParty,
                }),
                "{path}"
            );
        }
        assert_eq!(file_of(&resolver, "ns.inner.mod"), system("/src/ns/inner/mod.py"));
        assert_eq!(file_of(&resolver, "ns.leaf"), system("/src/ns/leaf.py"));
    }

    #[test]
    fn namespace_package_spans_roots() {
        let resolver = memory_resolver(&["/a", "/b"], &["/a/ns/one.py", "/b/ns/two.py"]);
        assert_eq!(file_of(&resolver, "ns"), None);
        assert_eq!(file_of(&resolver, "ns.one"), system("/a/ns/one.py"));
        assert_eq!(file_of(&resolver, "ns.two"), system("/b/ns/two.py"));
    }

    #[test]
    fn regular_package_beats_earlier_namespace_portion() {
        let resolver = memory_resolver(
            &["/a", "/b"],
            &[
                "/a/pkg/data.txt",
                "/a/pkg/hidden.py",
                "/b/pkg/__init__.py",
                "/b/pkg/mod.py",
            ],
        );
        assert_eq!(file_of(&resolver, "pkg"), system("/b/pkg/__init__.py"));
        assert_eq!(file_of(&resolver, "pkg.mod"), system("/b/pkg/mod.py"));
        // A regular package's submodules live only in its own directory.
        assert_eq!(resolver.resolve(&name("pkg.hidden")), None);
    }

    #[test]
    fn earlier_root_wins() {
        let resolver = memory_resolver(
            &["/a", "/b"],
            &[
                "/a/m.py",
                "/b/m.pyi",
                "/b/pkg/__init__.py",
                "/b/pkg/x.py",
                "/a/pkg/y.py",
            ],
        );
        assert_eq!(file_of(&resolver, "m"), system("/a/m.py"));
        // `/a/pkg` is only a namespace portion; `/b/pkg` is a regular package and wins.
        assert_eq!(file_of(&resolver, "pkg.x"), system("/b/pkg/x.py"));
        assert_eq!(resolver.resolve(&name("pkg.y")), None);
    }

    #[test]
    fn stub_preference_order() {
        let resolver = memory_resolver(
            &["/src"],
            &[
                "/src/both.py",
                "/src/both.pyi",
                "/src/pkg/__init__.py",
                "/src/pkg/__init__.pyi",
                "/src/shadow.py",
                "/src/shadow/__init__.py",
                "/src/stubbed.pyi",
                "/src/stubbed/__init__.py",
                "/src/modfirst.py",
                "/src/modfirst/inner.py",
            ],
        );
        let both = resolver.resolve(&name("both")).unwrap();
        assert_eq!(both.file, system("/src/both.pyi"));
        assert!(both.file.unwrap().is_stub());
        assert_eq!(file_of(&resolver, "pkg"), system("/src/pkg/__init__.pyi"));
        // A package's `__init__.py` beats a module stub or file of the same name.
        assert_eq!(file_of(&resolver, "shadow"), system("/src/shadow/__init__.py"));
        assert_eq!(file_of(&resolver, "stubbed"), system("/src/stubbed/__init__.py"));
        // A module file beats a bare directory.
        let modfirst = resolver.resolve(&name("modfirst")).unwrap();
        assert_eq!(modfirst.file, system("/src/modfirst.py"));
        assert!(!modfirst.is_package);
        assert_eq!(resolver.resolve(&name("modfirst.inner")), None);
    }

    #[test]
    fn first_party_shadows_stdlib_except_builtins() {
        let resolver = memory_resolver(
            &["/src"],
            &["/src/os.py", "/src/builtins.py", "/src/asyncio/__init__.py"],
        );
        let os = resolver.resolve(&name("os")).unwrap();
        assert_eq!(os.file, system("/src/os.py"));
        assert_eq!(os.kind, ModuleKind::FirstParty);
        assert_eq!(resolver.resolve(&name("os.path")), None);
        assert_eq!(resolver.resolve(&name("asyncio.tasks")), None);
        let builtins = resolver.resolve(&name("builtins")).unwrap();
        assert_eq!(builtins.file, vendored("stdlib/builtins.pyi"));
        assert_eq!(builtins.kind, ModuleKind::Stdlib);
    }

    #[test]
    fn bare_directory_does_not_shadow_stdlib() {
        let resolver = memory_resolver(&["/src"], &["/src/email/notes.txt", "/src/json/x.py"]);
        let email = resolver.resolve(&name("email")).unwrap();
        assert_eq!(email.file, vendored("stdlib/email/__init__.pyi"));
        assert_eq!(email.kind, ModuleKind::Stdlib);
        assert_eq!(file_of(&resolver, "json.decoder"), vendored("stdlib/json/decoder.pyi"));
        assert_eq!(resolver.resolve(&name("json.x")), None);
    }

    #[test]
    fn stdlib_gated_module_falls_back_to_first_party_namespace() {
        let mut fs = MemoryFileSystem::new();
        fs.add_file("/src/tomllib/readme.txt", "");
        let resolver = Resolver::new(
            ResolverConfig {
                roots: vec![PathBuf::from("/src")],
                python_version: PythonVersion::PY310,
                site_packages: Vec::new(),
                custom_stdlib: None,
            },
            Arc::new(fs),
        );
        let tomllib = resolver.resolve(&name("tomllib")).unwrap();
        assert_eq!(tomllib.file, None);
        assert_eq!(tomllib.kind, ModuleKind::FirstParty);
    }

    #[test]
    fn relative_roots() {
        let resolver = memory_resolver(&["."], &["pkg/__init__.py", "pkg/mod.py"]);
        assert_eq!(file_of(&resolver, "pkg.mod"), system("./pkg/mod.py"));
        let module = resolver.module_for_file(Path::new("pkg/mod.py")).unwrap();
        assert_eq!(module.name, name("pkg.mod"));
        let module = resolver.module_for_file(Path::new("./pkg/mod.py")).unwrap();
        assert_eq!(module.name, name("pkg.mod"));
    }

    #[test]
    fn module_for_file() {
        let resolver = memory_resolver(&["/proj/src", "/proj"], &[]);
        let cases = [
            ("/proj/src/pkg/__init__.py", Some(("pkg", true))),
            ("/proj/src/pkg/__init__.pyi", Some(("pkg", true))),
            ("/proj/src/pkg/mod.py", Some(("pkg.mod", false))),
            ("/proj/src/pkg/sub/mod.pyi", Some(("pkg.sub.mod", false))),
            ("/proj/src/top.py", Some(("top", false))),
            // The first root that contains the file wins, in config order.
            ("/proj/tests/test_x.py", Some(("tests.test_x", false))),
            ("/proj/setup.py", Some(("setup", false))),
            // Outside every root.
            ("/elsewhere/mod.py", None),
            ("/projector/mod.py", None),
            // Not a module path.
            ("/proj/src/__init__.py", None),
            ("/proj/src/pkg/readme.txt", None),
            ("/proj/src/pkg/my-mod.py", None),
            ("/proj/src/my-pkg/mod.py", None),
            ("/proj/src/pkg/1mod.py", None),
            ("/proj/src/pkg/.py", None),
            ("/proj/src", None),
        ];
        for (path, expected) in cases {
            let actual = resolver.module_for_file(Path::new(path));
            let expected = expected.map(|(module, is_package)| ResolvedModule {
                name: name(module),
                file: system(path),
                is_package,
                kind: ModuleKind::FirstParty,
            });
            assert_eq!(actual, expected, "{path}");
        }
    }

    #[test]
    fn module_for_file_agrees_with_resolve() {
        let resolver = memory_resolver(
            &["/src"],
            &["/src/pkg/__init__.py", "/src/pkg/mod.pyi", "/src/ns/leaf.py"],
        );
        for module in ["pkg", "pkg.mod", "ns.leaf"] {
            let resolved = resolver.resolve(&name(module)).unwrap();
            let FilePath::System(path) = resolved.file.clone().unwrap() else {
                panic!("{module} is not a system file");
            };
            assert_eq!(resolver.module_for_file(&path), Some(resolved));
        }
    }

    #[test]
    fn read_system_and_vendored_files() {
        let resolver = memory_resolver(&["/src"], &["/src/main.py"]);
        assert_eq!(
            resolver.read(&system("/src/main.py").unwrap()).unwrap(),
            "# /src/main.py\n"
        );
        let missing = resolver.read(&system("/src/missing.py").unwrap());
        assert_eq!(missing.unwrap_err().kind(), io::ErrorKind::NotFound);

        let builtins = resolver.resolve(&name("builtins")).unwrap().file.unwrap();
        let text = resolver.read(&builtins).unwrap();
        assert!(text.contains("class object"), "builtins stub has no `object`");
        assert!(
            resolver
                .read(&FilePath::Vendored("stdlib/no_such_file.pyi".into()))
                .is_err()
        );
    }

    #[test]
    fn file_path_display_and_stub() {
        let stub = FilePath::Vendored("stdlib/asyncio/tasks.pyi".into());
        assert!(stub.is_stub());
        assert_eq!(stub.display(), "<typeshed>/stdlib/asyncio/tasks.pyi");
        let source = FilePath::System(PathBuf::from("src/pkg/mod.py"));
        assert!(!source.is_stub());
        assert_eq!(source.display(), "src/pkg/mod.py");
        assert!(FilePath::System(PathBuf::from("a/b.pyi")).is_stub());
        assert!(!FilePath::System(PathBuf::from("a/pyi")).is_stub());
    }

    /// Counts file system queries, to observe memoization.
    #[derive(Debug)]
    struct CountingFs {
        inner: MemoryFileSystem,
        queries: AtomicUsize,
    }

    impl FileSystem for CountingFs {
        fn read_to_string(&self, path: &Path) -> io::Result<String> {
            self.inner.read_to_string(path)
        }
        fn is_file(&self, path: &Path) -> bool {
            self.queries.fetch_add(1, Ordering::Relaxed);
            self.inner.is_file(path)
        }
        fn is_dir(&self, path: &Path) -> bool {
            self.queries.fetch_add(1, Ordering::Relaxed);
            self.inner.is_dir(path)
        }
    }

    #[test]
    fn results_are_memoized() {
        let mut inner = MemoryFileSystem::new();
        inner.add_file("/src/pkg/__init__.py", "");
        inner.add_file("/src/pkg/mod.py", "");
        let fs = Arc::new(CountingFs {
            inner,
            queries: AtomicUsize::new(0),
        });
        let resolver = Resolver::new(
            ResolverConfig {
                roots: vec![PathBuf::from("/src")],
                python_version: DEFAULT_PYTHON_VERSION,
                site_packages: Vec::new(),
                custom_stdlib: None,
            },
            fs.clone(),
        );
        let first = resolver.resolve(&name("pkg.mod"));
        assert!(first.is_some());
        assert_eq!(resolver.resolve(&name("missing")), None);
        let after_first = fs.queries.load(Ordering::Relaxed);
        assert!(after_first > 0);
        assert_eq!(resolver.resolve(&name("pkg.mod")), first);
        assert!(resolver.resolve(&name("pkg")).is_some());
        assert_eq!(resolver.resolve(&name("missing")), None);
        assert_eq!(fs.queries.load(Ordering::Relaxed), after_first);
    }

    #[test]
    fn concurrent_resolution() {
        let resolver = memory_resolver(&["/src"], &["/src/pkg/__init__.py", "/src/pkg/mod.py"]);
        let modules = ["pkg.mod", "asyncio.tasks", "os.path", "missing", "pkg"];
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for module in modules {
                        let _ = resolver.resolve(&name(module));
                    }
                });
            }
        });
        assert_eq!(file_of(&resolver, "pkg.mod"), system("/src/pkg/mod.py"));
        assert_eq!(resolver.resolve(&name("missing")), None);
        assert!(format!("{resolver:?}").contains("cached_modules"));
    }

    #[test]
    fn os_file_system_end_to_end() {
        let root = std::env::temp_dir().join(format!(
            "awaitype_resolver_e2e_{}_{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("app/ns")).unwrap();
        std::fs::write(root.join("app/__init__.py"), "").unwrap();
        std::fs::write(root.join("app/core.py"), "x = 1\n").unwrap();
        std::fs::write(root.join("app/core.pyi"), "x: int\n").unwrap();
        std::fs::write(root.join("app/ns/leaf.py"), "").unwrap();

        let resolver = Resolver::new(
            ResolverConfig {
                roots: vec![root.clone()],
                python_version: PythonVersion::PY312,
                site_packages: Vec::new(),
                custom_stdlib: None,
            },
            Arc::new(OsFileSystem),
        );
        let core = resolver.resolve(&name("app.core")).unwrap();
        assert_eq!(core.file, Some(FilePath::System(root.join("app/core.pyi"))));
        assert_eq!(resolver.read(core.file.as_ref().unwrap()).unwrap(), "x: int\n");
        assert_eq!(file_of(&resolver, "app.ns"), None);
        assert_eq!(
            file_of(&resolver, "app.ns.leaf"),
            Some(FilePath::System(root.join("app/ns/leaf.py")))
        );
        let module = resolver.module_for_file(&root.join("app/__init__.py")).unwrap();
        assert_eq!((module.name, module.is_package), (name("app"), true));
        assert_eq!(resolver.resolve(&name("distutils")), None);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn custom_stdlib_replaces_the_bundled_one() {
        let mut fs = MemoryFileSystem::new();
        fs.add_file(
            "/ts/stdlib/VERSIONS",
            "builtins: 3.0-\nasyncio: 3.4-\nzstd: 3.14-\n".to_string(),
        );
        for file in ["builtins.pyi", "asyncio/__init__.pyi", "asyncio/tasks.pyi", "zstd.pyi"] {
            fs.add_file(format!("/ts/stdlib/{file}"), String::new());
        }
        let resolver = Resolver::new(
            ResolverConfig {
                // Checking the typeshed directory itself: it is not also a first-party root.
                roots: vec![PathBuf::from("/ts/stdlib")],
                python_version: PythonVersion::PY313,
                site_packages: Vec::new(),
                custom_stdlib: Some(PathBuf::from("/ts/stdlib")),
            },
            Arc::new(fs),
        );
        assert_eq!(file_of(&resolver, "builtins"), system("/ts/stdlib/builtins.pyi"));
        assert_eq!(
            file_of(&resolver, "asyncio.tasks"),
            system("/ts/stdlib/asyncio/tasks.pyi")
        );
        assert_eq!(resolver.resolve(&name("asyncio")).unwrap().kind, ModuleKind::Stdlib);
        // VERSIONS comes from the custom directory: `zstd` is not in 3.13, and the bundled
        // typeshed's modules are gone.
        assert_eq!(resolver.resolve(&name("zstd")), None);
        assert!(!resolver.stdlib_has(&name("zstd")));
        assert_eq!(resolver.resolve(&name("json")), None);
        let module = resolver
            .module_for_file(Path::new("/ts/stdlib/asyncio/tasks.pyi"))
            .unwrap();
        assert_eq!((module.name, module.kind), (name("asyncio.tasks"), ModuleKind::Stdlib));
    }
}
