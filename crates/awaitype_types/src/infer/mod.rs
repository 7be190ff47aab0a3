//! Type inference of expressions, names and definitions. An [`Inferrer`] works inside one scope
//! of one file; in "silent" mode (used by lazy queries) it only computes types, in "reporting"
//! mode (used by the checker's walk over a file) it also records diagnostics. Every expression is
//! checked exactly once, by the reporting walk, so lazy queries can never duplicate a diagnostic.

mod alias;
mod annotated_values;
mod call;
mod construction;
mod context;
mod definitions;
mod dunder;
mod expr;
mod forward_references;
mod generic_class_attributes;
mod keyword_spread;
mod literal_type_expr;
mod member;
mod names;
mod narrow;
mod param_spec_calls;
mod patterns;
pub(crate) mod returns;
mod terminal_calls;
mod type_expr;
pub(crate) mod type_forms;
pub(crate) mod unpacked_kwargs;
mod values;
mod yield_from;

use awaitype_diagnostics::Rule;
use awaitype_semantic::{ExprKey, ScopeId, SemanticIndex};
use ruff_python_ast::Expr;
use ruff_text_size::TextRange;
use rustc_hash::FxHashMap;

use crate::db::{Db, FileId};
use crate::ty::{Signature, Type};

pub(crate) use alias::type_alias_type_arguments;
pub(crate) use call::erase_typevars;
pub use call::{Argument, ArgumentKind};
pub(crate) use member::callable_signature_of as callable_signature_impl;
pub(crate) use member::callable_value_signature;
pub(crate) use member::constructor_overloads;
pub(crate) use member::lookup_dunder_of;
pub use values::ValueInference;

/// A diagnostic produced while inferring types, before it is attached to a file path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDiagnostic {
    pub range: TextRange,
    pub rule: Rule,
    pub message: String,
}

pub struct Inferrer<'db> {
    pub db: &'db Db,
    pub file: FileId,
    pub index: &'static SemanticIndex,
    pub scope: ScopeId,
    reporting: bool,
    diagnostics: Vec<TypeDiagnostic>,
    cache: FxHashMap<ExprKey, Type>,
    /// Overloads selected by the call being evaluated, checked for `@deprecated` once the call's
    /// range is known.
    selected_overloads: Vec<Type>,
    /// The `TypeGuard[T]`/`TypeIs[T]` results of the type guard calls inferred here (the calls
    /// themselves are `bool`s), for narrowing.
    guards: FxHashMap<ExprKey, Type>,
    /// Narrowing conditions being applied, to cut cycles through assignments in loops.
    narrowing_active: rustc_hash::FxHashSet<awaitype_semantic::PredicateId>,
    /// What the type expressions evaluated here showed, even in silent mode: a type alias is
    /// valid only when its value is a valid type expression (see `alias.rs`).
    pub(crate) type_form_probe: TypeFormProbe,
    /// Whether this inferrer evaluates the text of a string annotation (never run by Python).
    pub(crate) in_string_annotation: bool,
    /// Where the string annotation being evaluated is written (see `forward_references.rs`).
    pub(crate) string_annotation_range: Option<ruff_text_size::TextRange>,
    /// The alias whose value this inferrer evaluates: naming it again makes a reference to it
    /// (a recursive alias, see `alias_reference.rs`).
    pub(crate) computing_alias: Option<(FileId, awaitype_semantic::DefinitionId)>,
}

/// Facts about the type expressions an [`Inferrer`] evaluated, counted in both modes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TypeFormProbe {
    /// `invalid-type-form` problems met (reported or not).
    pub invalid_forms: u32,
    /// An unpacked `TypeVarTuple` (`*Ts`) was met, so an alias takes any number of arguments.
    pub variadic: bool,
}

impl<'db> Inferrer<'db> {
    pub fn silent(db: &'db Db, file: FileId, scope: ScopeId) -> Self {
        Inferrer {
            db,
            file,
            index: db.index(file),
            scope,
            reporting: false,
            diagnostics: Vec::new(),
            cache: FxHashMap::default(),
            selected_overloads: Vec::new(),
            guards: FxHashMap::default(),
            narrowing_active: rustc_hash::FxHashSet::default(),
            type_form_probe: TypeFormProbe::default(),
            in_string_annotation: false,
            string_annotation_range: None,
            computing_alias: None,
        }
    }

    pub fn reporting(db: &'db Db, file: FileId, scope: ScopeId) -> Self {
        Inferrer {
            reporting: true,
            ..Inferrer::silent(db, file, scope)
        }
    }

    pub fn is_reporting(&self) -> bool {
        self.reporting
    }

    pub fn report(&mut self, range: TextRange, rule: Rule, message: impl Into<String>) {
        if rule == Rule::InvalidTypeForm {
            self.type_form_probe.invalid_forms += 1;
        }
        if self.reporting {
            self.diagnostics.push(TypeDiagnostic {
                range,
                rule,
                message: message.into(),
            });
        }
    }

    /// Runs a call, then warns at `range` for each overload it selected that is `@deprecated`.
    pub(crate) fn warning_deprecated_overloads<R>(&mut self, range: TextRange, call: impl FnOnce(&mut Self) -> R) -> R {
        let outer = std::mem::take(&mut self.selected_overloads);
        let result = call(self);
        for overload in std::mem::replace(&mut self.selected_overloads, outer) {
            if self.reporting
                && let Some(message) = self.db.deprecated_overload_message(overload)
            {
                self.report(range, Rule::Deprecated, message);
            }
        }
        result
    }

    /// Warns when `ty`, used at `range`, is a deprecated function, method or class (PEP 702).
    pub(crate) fn check_deprecated_use(&mut self, ty: Type, range: TextRange) {
        if self.reporting
            && let Some(message) = self.db.deprecated_use_message(ty)
        {
            self.report(range, Rule::Deprecated, message);
        }
    }

    pub fn take_diagnostics(&mut self) -> Vec<TypeDiagnostic> {
        std::mem::take(&mut self.diagnostics)
    }

    /// Runs `f` without reporting when `quiet` is set (for union members whose failures are
    /// not errors).
    pub fn quietly_if<R>(&mut self, quiet: bool, f: impl FnOnce(&mut Self) -> R) -> R {
        let previous = self.reporting;
        self.reporting = previous && !quiet;
        let result = f(self);
        self.reporting = previous;
        result
    }

    /// Runs `f` with the inferrer moved into another scope of the same file.
    pub fn in_scope<R>(&mut self, scope: ScopeId, f: impl FnOnce(&mut Self) -> R) -> R {
        let previous = std::mem::replace(&mut self.scope, scope);
        let result = f(self);
        self.scope = previous;
        result
    }

    /// Infers an expression's type (memoized per inferrer, so each is reported once).
    pub fn infer_expression(&mut self, expr: &'static Expr) -> Type {
        let key = ExprKey::of(expr);
        if let Some(ty) = self.cache.get(&key) {
            return *ty;
        }
        let ty = stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || self.infer_expression_uncached(expr));
        // A value of a recursive alias's type is seen as the alias's value, so the rules that take
        // a type apart never meet a reference (see `alias_reference.rs`).
        let ty = crate::alias_reference::expand_alias_reference(self.db, ty);
        self.cache.insert(key, ty);
        ty
    }

    /// Records an expression's type as inferred (by a shared inference this inferrer adopts).
    pub(crate) fn record_expression_type(&mut self, expr: &Expr, ty: Type) {
        self.cache.insert(ExprKey::of(expr), ty);
    }

    /// Takes diagnostics another inference reported as this one's.
    pub(crate) fn adopt_diagnostics(&mut self, diagnostics: &[TypeDiagnostic]) {
        self.diagnostics.extend_from_slice(diagnostics);
    }

    /// The type an expression was inferred to have, if it was.
    pub fn expression_type(&self, expr: &Expr) -> Option<Type> {
        self.cache.get(&ExprKey::of(expr)).copied()
    }

    pub fn display(&self, ty: Type) -> String {
        crate::display::display(self.db, ty)
    }
}

/// The signature a value has when called, if it is callable with a single signature.
pub fn callable_signature(db: &Db, ty: Type) -> Option<Signature> {
    callable_signature_impl(db, ty)
}
