//! `invalid-assignment` for names declared `Final`: the typing spec binds such a name once, by
//! its declaration. Any other binding of the same symbol in the same scope (an assignment,
//! augmented assignment, `for` or `with` target, walrus, import, or a `global` statement's
//! assignment from a function) rebinds it, and a class body assigning a name that a base class
//! declares `Final` overrides it. Name-mangled (`__x`) class attributes are private to their
//! class, so a subclass's `__x` is another attribute.
//!
//! A second `Final` declaration is left alone: branches that each declare the constant once
//! (`if sys.platform == ...`) are the common case, and this rule is about rebinding.

use awaitype_diagnostics::Rule;
use awaitype_semantic::{DefinitionKind, ScopeId, ScopeKind};

use ruff_python_ast::name::Name;
use ruff_text_size::{Ranged, TextRange};

use crate::db::{Db, FileId};
use crate::final_attributes::annotation_is_final;
use crate::infer::TypeDiagnostic;
use crate::ty::ClassId;

pub(super) fn check_final_rebindings(db: &Db, file: FileId, scope: ScopeId) -> Vec<TypeDiagnostic> {
    let index = db.index(file);
    let scope_data = index.scope(scope);
    let mut diagnostics = Vec::new();
    for (position, definitions) in scope_data.all_definitions.iter().enumerate() {
        // Only a symbol with an annotated definition can be `Final`: a cheap filter before any
        // annotation is evaluated.
        let finals: Vec<bool> = definitions
            .iter()
            .map(|&definition| {
                let def = index.definition(definition);
                match def.kind {
                    DefinitionKind::AnnotatedAssignment(ann) => {
                        annotation_is_final(db, file, def.scope, &ann.annotation)
                    }
                    _ => false,
                }
            })
            .collect();
        if !finals.contains(&true) {
            continue;
        }
        let name = scope_data.symbols[position].name.as_str();
        for (&definition, &is_final) in definitions.iter().zip(&finals) {
            let def = index.definition(definition);
            // `self.x = ...` in a method: the attribute assignment check decides those.
            if is_final || binds_through_attribute(&def.kind) {
                continue;
            }
            diagnostics.push(TypeDiagnostic {
                range: def.range,
                rule: Rule::InvalidAssignment,
                message: format!(
                    "Cannot assign to `{name}`: it is declared `Final`, so its declaration is its only binding; \
                     use another name or drop `Final`"
                ),
            });
        }
    }
    if let ScopeKind::Class(class) = scope_data.kind {
        check_final_overrides(db, file, scope, class, &mut diagnostics);
    }
    check_imported_final_rebindings(db, file, scope, &mut diagnostics);
    diagnostics
}

/// A name imported from a module that declares it `Final` (by name, or through `from m import *`)
/// keeps the qualifier: the scope may not bind it again. Bindings in an `except ImportError:`
/// fallback stand in for a failed import and are not rebindings.
fn check_imported_final_rebindings(db: &Db, file: FileId, scope: ScopeId, diagnostics: &mut Vec<TypeDiagnostic>) {
    let index = db.index(file);
    let scope_data = index.scope(scope);
    let star_imports = &scope_data.star_imports;
    for (position, definitions) in scope_data.all_definitions.iter().enumerate() {
        // Without a star import, a rebinding needs an import plus another definition.
        if definitions.len() < 2 && star_imports.is_empty() {
            continue;
        }
        let name = scope_data.symbols[position].name.as_str();
        let from_import = definitions.iter().find_map(|&definition| {
            let def = index.definition(definition);
            let DefinitionKind::ImportFrom { stmt, alias } = def.kind else {
                return None;
            };
            let module = db.resolve_import_from_module(file, stmt)?;
            let source = module.file?;
            module_declares_final(db, source, Name::new(alias.name.as_str())).then_some((definition, module.name))
        });
        let import_range = from_import.as_ref().map(|(import, _)| index.definition(*import).range);
        for &definition in definitions {
            let def = index.definition(definition);
            if Some(definition) == from_import.as_ref().map(|(import, _)| *import)
                || index.is_import_fallback(definition)
                || is_declaration_only(&def.kind)
                || import_range.is_some_and(|import| {
                    def.range.start() < import.start()
                        || exclusive_branches(&db.module(file).parsed.module().body, import, def.range)
                })
                || binds_through_attribute(&def.kind)
                || matches!(
                    def.kind,
                    DefinitionKind::ImportFrom { .. } | DefinitionKind::Import { .. }
                )
            {
                continue;
            }
            let module = from_import.as_ref().map(|(_, module)| module.to_string()).or_else(|| {
                star_imports
                    .iter()
                    .filter(|import| import.range.start() < def.range.start())
                    .find_map(|import| {
                        let module = db.resolve_import_from_module(file, import)?;
                        let source = module.file?;
                        (db.exports_name(&module, name) && module_declares_final(db, source, Name::new(name)))
                            .then(|| module.name.to_string())
                    })
            });
            let Some(module) = module else {
                continue;
            };
            diagnostics.push(TypeDiagnostic {
                range: def.range,
                rule: Rule::InvalidAssignment,
                message: format!(
                    "Cannot assign to `{name}`: it is imported from `{module}`, which declares it `Final`; use another name"
                ),
            });
        }
    }
}

/// Whether a module declares its global `name` `Final`. A query: every module importing the
/// name from it asks.
#[salsa::tracked(returns(copy))]
fn module_declares_final(db: &dyn crate::db::TypeDb, file: FileId, name: Name) -> bool {
    let db = db.types();
    let index = db.index(file);
    let module = index.scope(ScopeId::MODULE);
    let Some(symbol) = module.symbol(name.as_str()) else {
        return false;
    };
    module.all_definitions[symbol.index()].iter().any(|&definition| {
        let def = index.definition(definition);
        matches!(def.kind, DefinitionKind::AnnotatedAssignment(ann)
            if annotation_is_final(db, file, def.scope, &ann.annotation))
    })
}

/// A class body binding a name that a base class declares `Final`.
fn check_final_overrides(
    db: &Db,
    file: FileId,
    scope: ScopeId,
    class: &'static ruff_python_ast::StmtClassDef,
    diagnostics: &mut Vec<TypeDiagnostic>,
) {
    let index = db.index(file);
    let Some(definition) = index.definition_of_node(class) else {
        return;
    };
    let class_id = ClassId { file, definition };
    let info = db.class_info(class_id);
    if info.is_cyclic {
        return;
    }
    let scope_data = index.scope(scope);
    for (position, definitions) in scope_data.all_definitions.iter().enumerate() {
        let Some(&first) = definitions
            .iter()
            .find(|&&definition| !binds_through_attribute(&index.definition(definition).kind))
        else {
            continue;
        };
        let name = scope_data.symbols[position].name.as_str();
        if name.starts_with("__") && !name.ends_with("__") {
            continue;
        }
        let Some(inherited) = info
            .mro
            .iter()
            .skip(1)
            .find_map(|base| db.final_attribute(base.class, name))
        else {
            continue;
        };
        diagnostics.push(TypeDiagnostic {
            range: index.definition(first).range,
            rule: Rule::InvalidAssignment,
            message: format!(
                "Cannot override `{name}`: it is declared `Final` in `{}`, so subclasses cannot rebind it",
                db.class_name(inherited.owner)
            ),
        });
    }
}

/// Whether a definition binds an attribute (`self.x = ...`, `self.x += ...`, `self.x: T = ...`)
/// rather than the name itself.
fn binds_through_attribute(kind: &DefinitionKind) -> bool {
    let target = match kind {
        DefinitionKind::Assignment { target, .. } => *target,
        DefinitionKind::AnnotatedAssignment(ann) => &ann.target,
        DefinitionKind::AugmentedAssignment(aug) => &aug.target,
        _ => return false,
    };
    matches!(target, ruff_python_ast::Expr::Attribute(_))
}

/// `x: T` without a value declares a type and binds nothing.
fn is_declaration_only(kind: &DefinitionKind) -> bool {
    matches!(kind, DefinitionKind::AnnotatedAssignment(assignment) if assignment.value.is_none())
}

/// Whether two statements lie in different branches of one `if`, `try` or `match`: only one of
/// them runs (`if posix: from signal import SIGKILL` / `else: SIGKILL = None`), so the second
/// does not rebind what the first bound. Descends one branch per level, without recursion.
fn exclusive_branches(body: &[ruff_python_ast::Stmt], a: TextRange, b: TextRange) -> bool {
    use ruff_python_ast::Stmt;
    let mut suite = body;
    loop {
        let Some(statement) = suite
            .iter()
            .find(|statement| statement.range().contains_range(a) && statement.range().contains_range(b))
        else {
            return false;
        };
        let branches: Vec<&[Stmt]> = match statement {
            Stmt::If(if_stmt) => std::iter::once(&if_stmt.body[..])
                .chain(if_stmt.elif_else_clauses.iter().map(|clause| &clause.body[..]))
                .collect(),
            Stmt::Try(try_stmt) => std::iter::once(&try_stmt.body[..])
                .chain(try_stmt.handlers.iter().map(|handler| match handler {
                    ruff_python_ast::ExceptHandler::ExceptHandler(handler) => &handler.body[..],
                }))
                .collect(),
            Stmt::Match(match_stmt) => match_stmt.cases.iter().map(|case| &case.body[..]).collect(),
            Stmt::For(for_stmt) => vec![&for_stmt.body[..], &for_stmt.orelse[..]],
            Stmt::While(while_stmt) => vec![&while_stmt.body[..], &while_stmt.orelse[..]],
            Stmt::With(with_stmt) => vec![&with_stmt.body[..]],
            _ => return false,
        };
        let within = |range: TextRange| {
            branches
                .iter()
                .position(|branch| branch.iter().any(|statement| statement.range().contains_range(range)))
        };
        match (within(a), within(b)) {
            (Some(first), Some(second)) if first != second => {
                return matches!(statement, Stmt::If(_) | Stmt::Try(_) | Stmt::Match(_));
            }
            (Some(branch), Some(_)) => suite = branches[branch],
            _ => return false,
        }
    }
}
