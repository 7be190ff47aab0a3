//! Name resolution: the definitions reaching a use (from the semantic index), enclosing scopes
//! for free variables (skipping class bodies), `global`, star imports, then builtins.

use awaitype_diagnostics::Rule;
use awaitype_semantic::{Bindings, ScopeId, ScopeKind};
use ruff_python_ast::name::Name;
use ruff_python_ast::{Expr, ExprName};

use crate::db::{Db, FileId};
use crate::infer::Inferrer;
use crate::relation::union;
use crate::ty::{ModuleRef, Type, TypeKind};

/// The result of looking up a name.
pub(crate) enum Lookup {
    Found(Type),
    /// Bound on some paths only.
    PossiblyUnbound(Type),
    NotFound,
}

impl Db {
    /// The union of the types of the given definitions.
    pub fn bindings_type(&self, file: FileId, bindings: &Bindings) -> Type {
        if let [definition] = bindings.definitions[..] {
            return self.definition_type(file, definition);
        }
        // Source order, so `x = 1` then `x = None` in a branch shows as `Literal[1] | None`.
        let mut definitions = bindings.definitions.clone();
        definitions.sort_unstable();
        union(self, definitions.iter().map(|def| self.definition_type(file, *def)))
    }

    /// The type of a symbol as seen from outside its scope: its declared type if it has one,
    /// otherwise the union of the definitions that reach the end of the scope.
    /// The type a symbol is declared with (`x: T` anywhere in its scope), if it is declared.
    pub fn symbol_declared_type(&self, file: FileId, scope: ScopeId, name: &str) -> Option<Type> {
        let scope_data = self.index(file).scope(scope);
        let symbol = scope_data.symbol(name)?;
        if !scope_data.symbol_data(symbol).flags.declared {
            return None;
        }
        let declared: Vec<Type> = scope_data.all_definitions[symbol.index()]
            .iter()
            .filter_map(|def| self.declared_type(file, *def))
            .collect();
        (!declared.is_empty()).then(|| union(self, declared))
    }

    pub fn public_symbol_type(&self, file: FileId, scope: ScopeId, name: &str) -> Option<Type> {
        let index = self.index(file);
        let scope_data = index.scope(scope);
        let symbol = scope_data.symbol(name)?;
        if !scope_data.symbol_data(symbol).flags.bound {
            return None;
        }
        let bindings = &scope_data.end_bindings[symbol.index()];
        if bindings.definitions.is_empty() {
            return None;
        }
        // A declaration (annotation) anywhere in the scope wins over inferred bindings.
        if let Some(declared) = self.symbol_declared_type(file, scope, name) {
            return Some(declared);
        }
        Some(self.bindings_type(file, bindings))
    }

    /// A module-level symbol as its importers see it when the module binds it both normally and
    /// in an `except ImportError:` fallback (`try: from ._socks import Proxy` / `except
    /// ImportError: class Proxy: ...`): the import resolved for the checker, so importers get
    /// what it binds, not the stand-in. `None` when there is no such fallback to leave out.
    fn imported_symbol_type(&self, file: FileId, name: &str) -> Option<Type> {
        let index = self.index(file);
        if !index.has_import_fallbacks() {
            return None;
        }
        let scope = index.scope(ScopeId::MODULE);
        let bindings = scope.end_bindings_of(name)?;
        let (fallbacks, kept): (awaitype_semantic::Definitions, awaitype_semantic::Definitions) = bindings
            .definitions
            .iter()
            .copied()
            .partition(|definition| index.is_import_fallback(*definition));
        if fallbacks.is_empty() || kept.is_empty() || scope.symbol_data(scope.symbol(name)?).flags.declared {
            return None;
        }
        let mut kept_bindings = bindings.clone();
        kept_bindings.definitions = kept;
        Some(self.bindings_type(file, &kept_bindings))
    }

    /// A member of a module: a symbol of its global scope, a name from its star imports, or a
    /// submodule.
    pub fn module_member(&self, module: &ModuleRef, name: &str) -> Option<Type> {
        if let Some(file) = module.file {
            if let Some(ty) = self.imported_symbol_type(file, name) {
                return Some(ty);
            }
            if let Some(ty) = self.public_symbol_type(file, ScopeId::MODULE, name) {
                return Some(ty);
            }
            if let Some(ty) = self.star_import_member(file, ScopeId::MODULE, name) {
                return Some(ty);
            }
        }
        let submodule = format!("{}.{}", module.name, name);
        let resolved = match module.file {
            Some(file) => self.resolve_module_from(file, &submodule),
            None => self.resolve_module(&submodule),
        };
        resolved.map(|m| self.intern(TypeKind::Module(m)))
    }

    /// A name provided by one of the `from m import *` statements of a scope.
    pub(crate) fn star_import_member(&self, file: FileId, scope: ScopeId, name: &str) -> Option<Type> {
        let index = self.index(file);
        if index.scope(scope).star_imports.is_empty() {
            return None;
        }
        star_import_query(self, file, scope, Name::new(name))
    }

    /// Whether `from module import *` brings in `name`: listed in `__all__` if the module has one,
    /// otherwise any name without a leading underscore.
    pub(crate) fn exports_name(&self, module: &ModuleRef, name: &str) -> bool {
        let Some(file) = module.file else { return false };
        match self.dunder_all(file) {
            Some(names) => names.iter().any(|n| n == name),
            None => !name.starts_with('_'),
        }
    }

    /// The names in a module's `__all__`, when it is a literal list/tuple, possibly extended
    /// with `+=`, `.append`, `.extend` or `+ other_module.__all__`.
    pub(crate) fn dunder_all(&self, file: FileId) -> Option<Vec<String>> {
        let index = self.index(file);
        let scope = index.scope(ScopeId::MODULE);
        let bindings = scope.end_bindings_of("__all__")?;
        let mut names = Vec::new();
        for def in &bindings.definitions {
            self.collect_all_from_definition(file, *def, &mut names, 0);
        }
        Some(names)
    }

    /// The names an `__all__` definition contributes, following `__all__ += ...` back to the
    /// definitions it extends and `from m import __all__` to the other module.
    fn collect_all_from_definition(
        &self,
        file: FileId,
        definition: awaitype_semantic::DefinitionId,
        names: &mut Vec<String>,
        depth: u32,
    ) {
        if depth > 32 {
            return;
        }
        let index = self.index(file);
        match index.definition(definition).kind {
            awaitype_semantic::DefinitionKind::Assignment { value, .. } => {
                self.collect_all_names(file, value, names, 0);
            }
            awaitype_semantic::DefinitionKind::AnnotatedAssignment(ann) => {
                if let Some(value) = &ann.value {
                    self.collect_all_names(file, value, names, 0);
                }
            }
            awaitype_semantic::DefinitionKind::AugmentedAssignment(aug) => {
                if let Some(use_) = index.use_of(&aug.target) {
                    for previous in &use_.bindings.definitions {
                        self.collect_all_from_definition(file, *previous, names, depth + 1);
                    }
                }
                self.collect_all_names(file, &aug.value, names, 0);
            }
            awaitype_semantic::DefinitionKind::ImportFrom { stmt, .. } => {
                if let Some(module) = self.resolve_import_from_module(file, stmt)
                    && let Some(other) = module.file
                    && other != file
                    && let Some(more) = self.dunder_all(other)
                {
                    names.extend(more);
                }
            }
            _ => {}
        }
    }

    fn collect_all_names(&self, file: FileId, expr: &'static Expr, names: &mut Vec<String>, depth: u32) {
        if depth > 16 {
            return;
        }
        match expr {
            Expr::List(list) => {
                for elt in &list.elts {
                    if let Expr::StringLiteral(s) = elt {
                        names.push(s.value.to_str().to_string());
                    }
                }
            }
            Expr::Tuple(tuple) => {
                for elt in &tuple.elts {
                    if let Expr::StringLiteral(s) = elt {
                        names.push(s.value.to_str().to_string());
                    }
                }
            }
            Expr::BinOp(binop) => {
                self.collect_all_names(file, &binop.left, names, depth + 1);
                self.collect_all_names(file, &binop.right, names, depth + 1);
            }
            Expr::Attribute(attribute) if attribute.attr.as_str() == "__all__" => {
                // `submodule.__all__`
                let mut inferrer = Inferrer::silent(self, file, ScopeId::MODULE);
                let ty = inferrer.infer_expression_silently(&attribute.value);
                if let TypeKind::Module(module) = self.kind(ty).clone()
                    && let Some(module_file) = module.file
                    && let Some(more) = self.dunder_all(module_file)
                {
                    names.extend(more);
                }
            }
            _ => {}
        }
    }
}

impl Inferrer<'_> {
    /// Infers without depending on this inferrer's cache (for expressions outside the walk).
    pub(crate) fn infer_expression_silently(&mut self, expr: &'static Expr) -> Type {
        self.infer_expression(expr)
    }

    pub(crate) fn infer_name(&mut self, expr: &'static Expr, name: &ExprName) -> Type {
        match self.lookup_name_use(expr, name.id.as_str()) {
            Lookup::Found(ty) => {
                self.check_deprecated_use(ty, name.range);
                ty
            }
            Lookup::PossiblyUnbound(ty) => {
                self.check_deprecated_use(ty, name.range);
                if self.is_reporting() {
                    self.report(
                        name.range,
                        Rule::PossiblyUnbound,
                        format!(
                            "Name `{}` may be unbound: it is not assigned on every path to here",
                            name.id
                        ),
                    );
                }
                ty
            }
            Lookup::NotFound => {
                // Parser recovery produces empty names; the syntax error is reported already.
                if name.id.is_empty() {
                    return Type::UNKNOWN;
                }
                if name.id.as_str() == "reveal_type" || name.id.as_str() == "__file__" {
                    // `reveal_type` works without an import; the call handles it.
                    return Type::UNKNOWN;
                }
                if self.is_reporting() {
                    let hint = self.name_suggestion(expr, name.id.as_str());
                    self.report(
                        name.range,
                        Rule::UnresolvedReference,
                        format!("Name `{}` is not defined{hint}", name.id),
                    );
                }
                Type::UNKNOWN
            }
        }
    }

    fn lookup_name_use(&mut self, expr: &'static Expr, name: &str) -> Lookup {
        let db = self.db;
        let file = self.file;
        let index = self.index;
        let Some(use_) = index.use_of(expr) else {
            // Not indexed (e.g. inside a string annotation): resolve from the current scope.
            if let Some(annotation) = self.class_forward_reference() {
                return self.lookup_in_class_forward_reference(name, annotation);
            }
            return self.lookup_public(self.scope, name);
        };
        let scope = use_.scope;
        if use_.deferred {
            // A deferred annotation in a class body sees the class's final attributes, except
            // that one not yet bound where the annotation is written leaves an outer name of
            // the same spelling visible (`exc: type[E]` before `def type(self)`).
            if matches!(index.scope(scope).kind, ScopeKind::Class(_)) && use_.bindings.definitions.is_empty() {
                let outer = self.lookup_enclosing(scope, name);
                if !matches!(outer, Lookup::NotFound) {
                    return outer;
                }
            }
            return self.lookup_public(scope, name);
        }
        // In a comprehension, a name of the enclosing scope as it is where the comprehension
        // runs (narrowed by the conditions that hold there).
        if let Some(outer) = use_.inline_from {
            let bindings = use_.bindings.clone();
            let ty = self.narrowed_bindings_type(&bindings);
            if !db.may_be_unbound(file, &bindings) {
                return Lookup::Found(ty);
            }
            return match self.lookup_enclosing(outer, name) {
                Lookup::Found(more) | Lookup::PossiblyUnbound(more) => Lookup::Found(union(db, [ty, more])),
                Lookup::NotFound => Lookup::PossiblyUnbound(ty),
            };
        }
        let scope_data = index.scope(scope);
        let flags = scope_data
            .symbol(name)
            .map(|symbol| scope_data.symbol_data(symbol).flags)
            .unwrap_or_default();
        if flags.global || flags.nonlocal {
            // What this function assigned through `global` or `nonlocal` and reaches here,
            // narrowed; on paths where it assigned nothing, the outer scope's value, narrowed by
            // this scope's tests.
            let bindings = use_.bindings.clone();
            let local = (!bindings.definitions.is_empty()).then(|| self.narrowed_bindings_type(&bindings));
            if let Some(local) = local
                && !bindings.may_be_unbound
            {
                return Lookup::Found(local);
            }
            let with_local = |ty: Type| local.map_or(ty, |local| union(db, [local, ty]));
            let outer = if flags.global {
                self.lookup_public(ScopeId::MODULE, name)
            } else {
                self.lookup_enclosing(scope, name)
            };
            return match outer {
                Lookup::Found(ty) => Lookup::Found(with_local(self.narrow_enclosing(&bindings, ty))),
                Lookup::PossiblyUnbound(ty) => {
                    Lookup::PossiblyUnbound(with_local(self.narrow_enclosing(&bindings, ty)))
                }
                Lookup::NotFound => local.map_or(Lookup::NotFound, Lookup::Found),
            };
        }
        // Assigned by a nested function through `nonlocal`: any of its values (or its declared
        // type) may be there, whatever this scope's own flow says.
        if flags.assigned_by_nested
            && (use_.bindings.definitions.is_empty() || use_.bindings.may_be_unbound)
            && let Some(ty) = db
                .symbol_declared_type(file, scope, name)
                .or_else(|| db.public_symbol_type(file, scope, name))
        {
            return Lookup::Found(ty);
        }
        if !flags.bound {
            if let Some(ty) = db.star_import_member(file, scope, name) {
                return Lookup::Found(ty);
            }
            // Conditions tested in this scope narrow a name read from an enclosing one.
            let bindings = use_.bindings.clone();
            if let Some(captured) = use_.captured.as_deref()
                && self.capture_is_final(scope, name, captured)
            {
                let captured = captured.bindings.clone();
                let ty = self.narrowed_bindings_type(&captured);
                return Lookup::Found(self.narrow_enclosing(&bindings, ty));
            }
            return match self.lookup_enclosing(scope, name) {
                Lookup::Found(ty) => Lookup::Found(self.narrow_enclosing(&bindings, ty)),
                Lookup::PossiblyUnbound(ty) => Lookup::PossiblyUnbound(self.narrow_enclosing(&bindings, ty)),
                Lookup::NotFound => Lookup::NotFound,
            };
        }
        let bindings = &use_.bindings;
        // Stubs are never executed: any name may refer to a definition later in the file.
        if self.index.is_stub && (bindings.definitions.is_empty() || bindings.may_be_unbound) {
            return self.lookup_public(scope, name);
        }
        if bindings.definitions.is_empty() {
            // Bound later in this scope only. Module and class bodies fall back outward.
            if matches!(scope_data.kind, ScopeKind::Module | ScopeKind::Class(_)) {
                if let Some(ty) = db.star_import_member(file, scope, name) {
                    return Lookup::Found(ty);
                }
                return self.lookup_enclosing(scope, name);
            }
            return Lookup::NotFound;
        }
        let bindings = bindings.clone();
        let ty = self.narrowed_bindings_type(&bindings);
        // Unbound paths through calls that never return are no paths. Inside a function, only a
        // warning depends on it, so a silent inferrer need not ask.
        let at_module_or_class = matches!(scope_data.kind, ScopeKind::Module | ScopeKind::Class(_));
        let decides = at_module_or_class || self.is_reporting();
        if bindings.may_be_unbound && (!decides || db.may_be_unbound(file, &bindings)) {
            if at_module_or_class {
                return match self.lookup_enclosing(scope, name) {
                    Lookup::Found(outer) | Lookup::PossiblyUnbound(outer) => Lookup::Found(union(db, [ty, outer])),
                    Lookup::NotFound => Lookup::PossiblyUnbound(ty),
                };
            }
            return Lookup::PossiblyUnbound(ty);
        }
        Lookup::Found(ty)
    }

    /// Whether a free variable read from `scope` may take the type its enclosing function gives
    /// it where the nested scope is defined: that function is the nearest scope binding the
    /// name, it does not share the name (`global`, `nonlocal`, or a nested `nonlocal` that
    /// assigns it), and every definition it makes of the name comes before that point.
    fn capture_is_final(&self, scope: ScopeId, name: &str, captured: &awaitype_semantic::ClosureCapture) -> bool {
        let index = self.index;
        let mut current = index.scope(scope).parent;
        while let Some(id) = current {
            let data = index.scope(id);
            let symbol = data.symbol(name).map(|symbol| (symbol, data.symbol_data(symbol).flags));
            match symbol {
                Some((symbol, flags)) if !data.kind.is_class() && flags.bound => {
                    return id == captured.scope
                        && !flags.global
                        && !flags.nonlocal
                        && !flags.assigned_by_nested
                        && data.all_definitions[symbol.index()]
                            .iter()
                            .all(|definition| *definition < captured.next_definition);
                }
                _ => current = data.parent,
            }
        }
        false
    }

    /// A visible name close to a misspelled one: bound in this scope, an enclosing one, or
    /// builtins.
    fn name_suggestion(&self, expr: &Expr, name: &str) -> String {
        let index = self.index;
        let scope = index.use_of(expr).map_or(self.scope, |u| u.scope);
        let mut candidates: Vec<&str> = Vec::new();
        for (depth, id) in index.parent_scopes(scope).enumerate() {
            let data = index.scope(id);
            if depth > 0 && data.kind.is_class() {
                continue;
            }
            candidates.extend(data.symbols.iter().filter(|s| s.flags.bound).map(|s| s.name.as_str()));
        }
        if let Some(builtins) = self.db.builtins() {
            let data = self.db.index(builtins).scope(ScopeId::MODULE);
            candidates.extend(
                data.symbols
                    .iter()
                    .filter(|s| s.flags.bound && !s.name.starts_with('_'))
                    .map(|s| s.name.as_str()),
            );
        }
        crate::suggest::hint(name, candidates)
    }

    /// Resolves `name` using final bindings, starting at `scope`.
    pub(crate) fn lookup_public(&mut self, scope: ScopeId, name: &str) -> Lookup {
        if let Some(ty) = self.db.public_symbol_type(self.file, scope, name) {
            return Lookup::Found(ty);
        }
        if let Some(ty) = self.db.star_import_member(self.file, scope, name) {
            return Lookup::Found(ty);
        }
        self.lookup_enclosing(scope, name)
    }

    /// Resolves a free variable: enclosing function and module scopes (not class bodies), then
    /// builtins.
    pub(crate) fn lookup_enclosing(&mut self, scope: ScopeId, name: &str) -> Lookup {
        let db = self.db;
        let index = self.index;
        let mut current = index.scope(scope).parent;
        // PEP 695: a type-parameter scope (bases, bounds and annotations of a generic class or
        // function) sees the names of the class body it is written in.
        let mut sees_class = matches!(index.scope(scope).kind, ScopeKind::TypeParams);
        while let Some(id) = current {
            let data = index.scope(id);
            let sees_this_class = std::mem::take(&mut sees_class);
            if !data.kind.is_class() || sees_this_class {
                if let Some(ty) = db.public_symbol_type(self.file, id, name) {
                    return Lookup::Found(ty);
                }
                if let Some(ty) = db.star_import_member(self.file, id, name) {
                    return Lookup::Found(ty);
                }
                // Declared (`flag: bool`) but bound only where the checker does not follow (an
                // `else` of `if TYPE_CHECKING:`): a nested scope reads it with its declared type.
                if !data.kind.is_class()
                    && let Some(ty) = db.symbol_declared_type(self.file, id, name)
                {
                    return Lookup::Found(ty);
                }
            }
            current = data.parent;
        }
        self.lookup_builtin(name)
    }

    pub(crate) fn lookup_builtin(&mut self, name: &str) -> Lookup {
        let db = self.db;
        if let Some(builtins) = db.builtins()
            && builtins != self.file
            && let Some(ty) = db.public_symbol_type(builtins, ScopeId::MODULE, name)
        {
            return Lookup::Found(ty);
        }
        // Module attributes every module has.
        match name {
            "__name__" | "__file__" | "__qualname__" | "__doc__" | "__package__" => {
                Lookup::Found(db.known_instance("builtins", "str", &[]))
            }
            "__debug__" => Lookup::Found(db.known_instance("builtins", "bool", &[])),
            "__builtins__" | "__spec__" | "__loader__" | "__path__" | "__dict__" | "__annotations__" => {
                Lookup::Found(Type::ANY)
            }
            _ => Lookup::NotFound,
        }
    }
}

/// A salsa query: modules that `from other import *` each other ask each other for the name; such
/// a cycle starts from "not provided".
#[salsa::tracked(returns(copy), cycle_fn = star_import_next_round, cycle_initial = not_provided)]
fn star_import_query(db: &dyn crate::db::TypeDb, file: FileId, scope: ScopeId, name: Name) -> Option<Type> {
    let db = db.types();
    crate::db::grow(|| {
        let index = db.index(file);
        let mut any_unresolved = false;
        for import in index.scope(scope).star_imports.iter().rev() {
            let Some(module) = db.resolve_import_from_module(file, import) else {
                any_unresolved = true;
                continue;
            };
            if !db.exports_name(&module, &name) {
                continue;
            }
            if let Some(ty) = db.module_member(&module, &name) {
                return Some(ty);
            }
        }
        // `from unresolved import *` may provide any name; its import is the error.
        any_unresolved.then_some(Type::UNKNOWN)
    })
}

fn not_provided(
    _db: &dyn crate::db::TypeDb,
    _id: salsa::Id,
    _file: FileId,
    _scope: ScopeId,
    _name: Name,
) -> Option<Type> {
    None
}

fn star_import_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Option<Type>,
    value: Option<Type>,
    _file: FileId,
    _scope: ScopeId,
    _name: Name,
) -> Option<Type> {
    crate::cycle::next_round(cycle, value, || None)
}
