//! The database: a salsa database whose handles (one per thread, cloned from the first) share
//! everything computed during a check run — files and their parsed/indexed modules, the type
//! interner, module resolution, and the memoized queries. The type queries that can meet
//! themselves (definition types, classes, signatures, ...) are salsa tracked functions, each next
//! to the code that computes it, so cycles among them are resolved by fixed-point iteration (see
//! `cycle.rs`) and their results do not depend on which thread asked first.

use std::hash::Hash;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, OnceLock};

use awaitype_resolver::{FilePath, ModuleName, PythonVersion, ResolvedModule, Resolver};
use awaitype_semantic::{DefinitionId, IndexOptions, IndexedModule, SemanticIndex};
use dashmap::DashMap as FxDashMapBase;
use rustc_hash::FxBuildHasher;

/// Concurrent maps with a fast non-cryptographic hash: keys are small ids and interned types.
pub(crate) type DashMap<K, V> = FxDashMapBase<K, V, FxBuildHasher>;
use ruff_python_ast::name::Name;

use crate::interner::TypeInterner;
use crate::ty::{ClassId, ClassType, ModuleRef, Type, TypeKind, TypeVarId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A parsed and indexed module. Its nodes are handed out as `&'static` references, which stay
/// valid as long as the module is kept; see [`Db::module`] for how long that is.
pub type ModuleData = IndexedModule;

#[derive(Debug)]
pub struct FileData {
    pub path: FilePath,
    /// The path as shown in diagnostics.
    pub display: String,
    pub module: Option<ModuleName>,
    pub is_package: bool,
    /// The salsa input holding the file's text, made when the text is first asked for.
    source: OnceLock<SourceText>,
    /// Typeshed's stubs never change: their module is kept here without asking salsa.
    vendored_module: OnceLock<&'static ModuleData>,
    /// The salsa key of each definition, by `DefinitionId`, made on first use (see
    /// [`Db::definition_key`]).
    /// The two arrays are for the two ranges of ids (see `awaitype_semantic::DefinitionTable`),
    /// indexed by position in the range, so a slot always belongs to the same id.
    definition_keys: OnceLock<[Box<[OnceLock<salsa::Id>]>; 2]>,
    /// One of the files the run checks (set before any of them is checked, never changed):
    /// only their inferences report diagnostics.
    checked: AtomicBool,
}

impl FileData {
    pub fn is_stub(&self) -> bool {
        self.path.is_stub()
    }
}

/// Typeshed's stubs never change, so their parsed and indexed form is shared by every `Db` in the
/// process (the Markdown suite creates one `Db` per test) and kept until it exits: one module
/// per stub and target version, never replaced.
static VENDORED_MODULES: LazyLock<DashMap<(FilePath, PythonVersion), Arc<ModuleData>>> =
    LazyLock::new(DashMap::default);

/// Parsed and indexed modules kept from one `Db` to the next by a process that checks again
/// (a check session): a file whose text is unchanged is not parsed and indexed again. A changed
/// file's new module replaces the old one, which is freed once no `Db` holds it any more.
#[derive(Default)]
pub struct ParsedModules {
    modules: DashMap<(FilePath, PythonVersion), (Arc<str>, Arc<ModuleData>)>,
}

/// A type alias's value, its type parameters in order, whether the value is a valid type
/// expression, whether it takes any number of type arguments (it unpacks a `TypeVarTuple`), and
/// whether it is only the stand-in of an alias still being computed (or that never settled), which
/// nothing is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasValue {
    pub ty: Type,
    pub params: Arc<[TypeVarId]>,
    pub valid: bool,
    pub variadic: bool,
    pub provisional: bool,
}

/// A file's text: the salsa input that edits set.
#[salsa::input(debug)]
pub struct SourceText {
    #[returns(copy)]
    pub file: FileId,
    #[returns(clone)]
    pub text: Result<Arc<str>, String>,
}

/// A parsed and indexed module, compared by identity (the same parse).
#[derive(Clone, Debug)]
pub struct ModuleHandle(Arc<ModuleData>);

impl PartialEq for ModuleHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for ModuleHandle {}

/// A salsa query: the module of a file's current text. An edit parses the file again; every
/// query that asked for the module (its index, definitions, types) is then computed again.
#[salsa::tracked(returns(ref))]
fn parsed_module(db: &dyn TypeDb, source: SourceText) -> ModuleHandle {
    let file = source.file(db);
    let text = source.text(db).unwrap_or_else(|_| Arc::from(""));
    ModuleHandle(db.types().parse_and_index(file, &text))
}

/// A definition as the argument of a salsa query (see [`Db::definition_key`]).
#[salsa::interned(revisions = usize::MAX)]
pub(crate) struct DefinitionKey {
    #[returns(copy)]
    pub(crate) file: FileId,
    #[returns(copy)]
    pub(crate) definition: DefinitionId,
}

/// Runs a query's computation on a stack that grows on demand: queries nest as deeply as the
/// code they follow (a chain of modules, of classes, of calls).
pub(crate) fn grow<R>(compute: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, compute)
}

/// Memo tables of lookups that never meet a type query (module resolution, classes by name):
/// they cannot be part of a cycle, so a plain concurrent map is enough.
pub(crate) struct Memo {
    pub(crate) known_classes: DashMap<(&'static str, &'static str), Option<ClassId>>,
    pub(crate) modules: DashMap<ModuleName, Option<ModuleRef>>,
    pub(crate) stdlib_modules: DashMap<ModuleName, Option<ModuleRef>>,
}

/// The queries of the type layer, as salsa sees them: tracked functions take a `&dyn TypeDb`
/// and work on the concrete [`Db`] it wraps.
#[salsa::db]
pub trait TypeDb: salsa::Database {
    fn types(&self) -> &Db;
}

/// A handle on the check run's database. Cloning it is cheap and gives another handle on the
/// same data (one per thread when checking in parallel).
#[salsa::db]
#[derive(Clone)]
pub struct Db {
    storage: salsa::Storage<Db>,
    shared: Arc<Shared>,
}

#[salsa::db]
impl salsa::Database for Db {}

#[salsa::db]
impl TypeDb for Db {
    fn types(&self) -> &Db {
        self
    }
}

impl std::ops::Deref for Db {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.shared
    }
}

/// What every handle of a run shares besides salsa's own storage.
pub struct Shared {
    resolver: Resolver,
    /// Resolves against typeshed only: typeshed's stubs import each other, never user modules
    /// that happen to share a name (checking CPython's own `Lib/` has a `typing.py`).
    stdlib_resolver: Resolver,
    python_version: PythonVersion,
    files: boxcar::Vec<FileData>,
    file_ids: DashMap<FilePath, FileId>,
    types: TypeInterner,
    parsed_modules: Arc<ParsedModules>,
    pub(crate) memo: Memo,
}

impl Db {
    pub fn new(resolver: Resolver) -> Self {
        Db::with_parsed_modules(resolver, Arc::default())
    }

    /// A database that takes unchanged files' modules from `parsed` and keeps new ones there.
    pub fn with_parsed_modules(resolver: Resolver, parsed: Arc<ParsedModules>) -> Self {
        let python_version = resolver.python_version();
        let stdlib_resolver = resolver.stdlib_for_stub_imports();
        let shared = Shared {
            resolver,
            stdlib_resolver,
            python_version,
            files: boxcar::Vec::new(),
            file_ids: DashMap::default(),
            types: TypeInterner::new(),
            parsed_modules: parsed,
            memo: Memo {
                known_classes: DashMap::default(),
                modules: DashMap::default(),
                stdlib_modules: DashMap::default(),
            },
        };
        let db = Db {
            storage: salsa::Storage::default(),
            shared: Arc::new(shared),
        };
        // The order fixes the constants in `Type`.
        for kind in [
            TypeKind::Unknown,
            TypeKind::Any,
            TypeKind::Never,
            TypeKind::None,
            TypeKind::BoolLiteral(true),
            TypeKind::BoolLiteral(false),
        ] {
            db.intern(kind);
        }
        db
    }

    pub fn python_version(&self) -> PythonVersion {
        self.python_version
    }

    pub fn resolver(&self) -> &Resolver {
        &self.resolver
    }

    // ---- types -------------------------------------------------------------------------------

    pub fn intern(&self, kind: TypeKind) -> Type {
        self.types.intern(kind)
    }

    pub fn kind(&self, ty: Type) -> &TypeKind {
        self.types.kind(ty)
    }

    // ---- files -------------------------------------------------------------------------------

    /// The id of a file, registering it on first sight.
    pub fn file(&self, path: FilePath, display: String, module: Option<ModuleName>, is_package: bool) -> FileId {
        if let Some(id) = self.file_ids.get(&path) {
            return *id;
        }
        *self.file_ids.entry(path.clone()).or_insert_with(|| {
            let index = self.files.push(FileData {
                path,
                display,
                module,
                is_package,
                source: OnceLock::new(),
                vendored_module: OnceLock::new(),
                definition_keys: OnceLock::new(),
                checked: AtomicBool::new(false),
            });
            FileId(u32::try_from(index).expect("too many files"))
        })
    }

    pub fn file_data(&self, file: FileId) -> &FileData {
        &self.files[file.0 as usize]
    }

    /// The file's text; an error message when it cannot be read or is not UTF-8. Read from disk
    /// the first time, then whatever [`Db::set_source`] last set.
    pub fn source(&self, file: FileId) -> Result<Arc<str>, String> {
        self.source_input(file).text(self)
    }

    /// The salsa input of a file's text, made (from disk) on first use.
    pub fn source_input(&self, file: FileId) -> SourceText {
        let data = self.file_data(file);
        *data.source.get_or_init(|| {
            let text = self
                .resolver
                .read(&data.path)
                .map(Arc::from)
                .map_err(|error| error.to_string());
            // A file not edited yet is of medium durability, an edited one low (see
            // `reload_source`): after an edit, what only read files never edited is known to be
            // current without walking its dependencies again.
            SourceText::builder(file, text)
                .durability(salsa::Durability::MEDIUM)
                .new(self)
        })
    }

    /// Reads a file's text from disk again (after an edit): the queries that read it are
    /// computed again when next asked, the others keep their results.
    pub fn reload_source(&mut self, file: FileId) {
        use salsa::Setter;
        let text = self
            .resolver
            .read(&self.file_data(file).path)
            .map(Arc::from)
            .map_err(|error| error.to_string());
        let input = self.source_input(file);
        // Low from now on: a file edited once is likely to be edited again, and its next edits
        // then re-verify only what read it.
        let _previous = input.set_text(self).with_durability(salsa::Durability::LOW).to(text);
    }

    /// Marks a file as one the run checks (before checking starts; see `FileData::checked`).
    pub fn mark_checked(&self, file: FileId) {
        self.file_data(file).checked.store(true, Ordering::Relaxed);
    }

    /// Whether the run checks this file, so that inferences in it report what they find.
    pub fn is_checked(&self, file: FileId) -> bool {
        self.file_data(file).checked.load(Ordering::Relaxed)
    }

    /// The id of a file already registered, if it is.
    pub fn known_file(&self, path: &FilePath) -> Option<FileId> {
        self.file_ids.get(path).map(|id| *id)
    }

    /// The parsed and indexed module of a file (empty if the file cannot be read).
    ///
    /// The module, and every node reference its index hands out, is `'static` in name only: it
    /// stays valid until the next edit. Salsa keeps the memo that owns a file's module until the
    /// revision after the one that replaced it, and a new revision (setting an input, which takes
    /// `&mut Db`) begins only when no computation is running; the first query of a revision that
    /// asks for an edited file parses it again, so no computation of a revision ever reaches a
    /// replaced module. Memoized values hold ids, never node references, so none is left dangling
    /// when an old module is freed. Typeshed's modules are kept for the whole process.
    pub fn module(&self, file: FileId) -> &'static ModuleData {
        let data = self.file_data(file);
        if matches!(data.path, FilePath::Vendored(_)) {
            return data.vendored_module.get_or_init(|| {
                let key = (data.path.clone(), self.python_version);
                let module = match VENDORED_MODULES.get(&key) {
                    Some(module) => Arc::clone(&module),
                    None => {
                        let source = self.source(file).unwrap_or_else(|_| Arc::from(""));
                        let module = self.parse_and_index(file, &source);
                        Arc::clone(&VENDORED_MODULES.entry(key).or_insert(module))
                    }
                };
                // SAFETY: `VENDORED_MODULES` keeps every module it was given until the process
                // exits, so this one outlives any reference to it.
                unsafe { &*Arc::as_ptr(&module) }
            });
        }
        let handle = parsed_module(self, self.source_input(file));
        // SAFETY: valid until the next revision, which no reference outlives (see above).
        unsafe { &*Arc::as_ptr(&handle.0) }
    }

    /// Parses and indexes a file's text, once per text: a session keeps unchanged files'
    /// modules in its `ParsedModules`.
    fn parse_and_index(&self, file: FileId, source: &Arc<str>) -> Arc<ModuleData> {
        let data = self.file_data(file);
        let key = (data.path.clone(), self.python_version);
        let kept = self.parsed_modules.modules.get(&key);
        if let Some(kept) = kept.as_deref()
            && kept.0 == *source
        {
            return Arc::clone(&kept.1);
        }
        drop(kept);
        // Stubs never run, so their syntax isn't limited by the target version (typeshed's
        // stubs use PEP 695 syntax for every version).
        let syntax_version = if data.is_stub() {
            *awaitype_resolver::SUPPORTED_PYTHON_VERSIONS.end()
        } else {
            self.python_version
        };
        let parsed = awaitype_semantic::parse(source, syntax_version);
        let options = IndexOptions {
            python_version: self.python_version,
            platform: "linux".to_string(),
            is_stub: data.is_stub(),
        };
        // SAFETY: the module is only ever reached through `Db::module`, whose references are
        // valid for as long as the module is kept (see there).
        let module = Arc::new(unsafe { IndexedModule::build(parsed, &options) });
        if !matches!(data.path, FilePath::Vendored(_)) {
            self.parsed_modules
                .modules
                .insert(key, (Arc::clone(source), Arc::clone(&module)));
        }
        module
    }

    #[allow(
        clippy::should_implement_trait,
        reason = "the semantic index of a file, not `Index::index`"
    )]
    pub fn index(&self, file: FileId) -> &'static SemanticIndex {
        &self.module(file).index
    }

    /// The salsa key of a definition: the argument of the queries about one definition (its
    /// type, declaration, class, signature, ...). Keys are interned once per definition and kept
    /// in an array per file, so asking a query costs no hashing; they are immortal (never
    /// collected), so a kept id stays valid for the database's life.
    pub(crate) fn definition_key(&self, file: FileId, definition: DefinitionId) -> DefinitionKey<'_> {
        let data = self.file_data(file);
        let keys = data.definition_keys.get_or_init(|| {
            let (public, private) = self.index(file).definition_counts();
            let slots = |count: usize| (0..count).map(|_| OnceLock::new()).collect();
            [slots(public), slots(private)]
        });
        let (private, position) = definition.position();
        let Some(slot) = keys[usize::from(private)].get(position) else {
            // A definition an edit added after the array was sized: interned on each use.
            return DefinitionKey::new(self, file, definition);
        };
        let id = *slot.get_or_init(|| salsa::plumbing::AsId::as_id(&DefinitionKey::new(self, file, definition)));
        salsa::plumbing::FromId::from_id(id)
    }

    // ---- modules -----------------------------------------------------------------------------

    fn file_for_module(&self, resolved: &ResolvedModule) -> Option<FileId> {
        let path = resolved.file.clone()?;
        let display = path.display();
        Some(self.file(path, display, Some(resolved.name.clone()), resolved.is_package))
    }

    /// Resolves an absolute module name (first-party roots, then typeshed).
    pub fn resolve_module(&self, name: &str) -> Option<ModuleRef> {
        self.resolve_with(&self.resolver, &self.memo.modules, name)
    }

    /// Resolves an absolute module name in typeshed's standard library only.
    pub fn resolve_stdlib_module(&self, name: &str) -> Option<ModuleRef> {
        self.resolve_with(&self.stdlib_resolver, &self.memo.stdlib_modules, name)
    }

    /// Resolves a module imported by `importing`: stubs from typeshed see typeshed first.
    pub fn resolve_module_from(&self, importing: FileId, name: &str) -> Option<ModuleRef> {
        let is_stdlib_stub = match &self.file_data(importing).path {
            FilePath::Vendored(_) => true,
            FilePath::System(path) => self
                .resolver
                .custom_stdlib()
                .is_some_and(|stdlib| path.starts_with(stdlib)),
        };
        if is_stdlib_stub {
            return self.resolve_stdlib_module(name).or_else(|| self.resolve_module(name));
        }
        self.resolve_module(name)
    }

    fn resolve_with(
        &self,
        resolver: &Resolver,
        cache: &DashMap<ModuleName, Option<ModuleRef>>,
        name: &str,
    ) -> Option<ModuleRef> {
        let name = ModuleName::new(name)?;
        if let Some(cached) = cache.get(&name) {
            return cached.clone();
        }
        let resolved = resolver.resolve(&name).map(|resolved| ModuleRef {
            name: Name::new(resolved.name.as_str()),
            file: self.file_for_module(&resolved),
        });
        cache.insert(name, resolved.clone());
        resolved
    }

    pub fn builtins(&self) -> Option<FileId> {
        self.resolve_stdlib_module("builtins").and_then(|m| m.file)
    }

    /// A class defined at the top level of a module, e.g. `("builtins", "int")`.
    pub fn known_class(&self, module: &'static str, name: &'static str) -> Option<ClassId> {
        if let Some(cached) = self.memo.known_classes.get(&(module, name)) {
            return *cached;
        }
        let class = self
            .resolve_stdlib_module(module)
            .and_then(|m| m.file)
            .and_then(|file| {
                let index = self.index(file);
                let scope = index.scope(awaitype_semantic::ScopeId::MODULE);
                let bindings = scope.end_bindings_of(name)?;
                bindings.definitions.iter().rev().find_map(|def| {
                    matches!(index.definition(*def).kind, awaitype_semantic::DefinitionKind::Class(_))
                        .then_some(ClassId { file, definition: *def })
                })
            });
        self.memo.known_classes.insert((module, name), class);
        class
    }

    /// An instance of a known class with the given type arguments (`Unknown` if the class is missing).
    pub fn known_instance(&self, module: &'static str, name: &'static str, args: &[Type]) -> Type {
        match self.known_class(module, name) {
            Some(class) => self.intern(TypeKind::Instance(ClassType {
                class,
                args: args.into(),
            })),
            None => Type::UNKNOWN,
        }
    }
}
