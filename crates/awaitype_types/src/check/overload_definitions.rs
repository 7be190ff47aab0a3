//! `invalid-overload` for the shape of an overloaded function, and `invalid-final` for `@final`
//! outside a class. The typing spec asks that a function with overloads have at least two
//! `@overload` definitions followed by an implementation (stubs, protocols and abstract methods
//! excepted: their implementation lives elsewhere or nowhere), that its overloads and
//! implementation agree on being static, class or instance methods (a call picks one of them, so
//! they must bind the receiver the same way), and that `@final` and `@override` appear once: on
//! the implementation, or on the first overload when there is none. `@final` forbids overriding,
//! which means nothing for a function that is not a method.
//!
//! The definitions of a name that follow each other in one body form a group; only the statements
//! directly in the body are grouped (overloads split across `if` branches are not checked).

use awaitype_diagnostics::Rule;
use awaitype_semantic::{ScopeId, ScopeKind};
use ruff_python_ast::{Stmt, StmtFunctionDef};

use crate::db::{Db, FileId};
use crate::infer::TypeDiagnostic;
use crate::signature::FunctionFlags;
use crate::ty::FunctionId;

/// One `def` of a group, with what its decorators mean.
pub(super) struct GroupedDefinition {
    pub node: &'static StmtFunctionDef,
    pub flags: FunctionFlags,
}

/// The functions of a body, each run of consecutive `def`s of one name as a group, in order.
pub(super) fn definition_groups(db: &Db, file: FileId, body: &'static [Stmt]) -> Vec<Vec<GroupedDefinition>> {
    let index = db.index(file);
    let mut groups: Vec<Vec<GroupedDefinition>> = Vec::new();
    let mut continues_group = false;
    for stmt in body {
        let Stmt::FunctionDef(node) = stmt else {
            continues_group = false;
            continue;
        };
        if !index.is_reachable(stmt) {
            continues_group = false;
            continue;
        }
        let Some(definition) = index.definition_of_node(node) else {
            continue;
        };
        let id = FunctionId { file, definition };
        let grouped = GroupedDefinition {
            node,
            flags: db.function_flags(id),
        };
        match groups.last_mut() {
            Some(group) if continues_group && group[0].node.name.as_str() == node.name.as_str() => {
                group.push(grouped);
            }
            _ => groups.push(vec![grouped]),
        }
        continues_group = true;
    }
    groups
}

pub(super) fn check_overload_definitions(
    db: &Db,
    file: FileId,
    scope: ScopeId,
    body: &'static [Stmt],
) -> Vec<TypeDiagnostic> {
    let index = db.index(file);
    let class = match index.scope(scope).kind {
        ScopeKind::Class(class) => index
            .definition_of_node(class)
            .map(|definition| crate::ClassId { file, definition }),
        _ => None,
    };
    let in_class = matches!(index.scope(scope).kind, ScopeKind::Class(_));
    let mut diagnostics = Vec::new();
    for group in definition_groups(db, file, body) {
        if !in_class {
            for definition in group.iter().filter(|definition| definition.flags.final_) {
                diagnostics.push(TypeDiagnostic {
                    range: definition.node.name.range,
                    rule: Rule::InvalidFinal,
                    message: format!(
                        "`@final` on function `{}`, which is not a method: only methods can be overridden; remove `@final`",
                        definition.node.name
                    ),
                });
            }
        }
        if group.iter().any(|definition| definition.flags.overload) {
            check_group(db, file, class, &group, &mut diagnostics);
        }
    }
    diagnostics
}

fn check_group(
    db: &Db,
    file: FileId,
    class: Option<crate::ClassId>,
    group: &[GroupedDefinition],
    diagnostics: &mut Vec<TypeDiagnostic>,
) {
    let name = group[0].node.name.as_str();
    // The overloads are the leading `@overload` definitions; the implementation follows them.
    let overload_count = group.iter().take_while(|definition| definition.flags.overload).count();
    let overloads = &group[..overload_count];
    let implementation = group
        .get(overload_count)
        .filter(|definition| !definition.flags.overload);
    let Some(first) = overloads.first() else {
        return;
    };
    let mut report = |definition: &GroupedDefinition, message: String| {
        diagnostics.push(TypeDiagnostic {
            range: definition.node.name.range,
            rule: Rule::InvalidOverload,
            message,
        });
    };
    if overloads.len() == 1 {
        report(
            first,
            format!(
                "`{name}` has a single `@overload` definition, but an overloaded function needs at least two; \
                 add another overload or remove `@overload`"
            ),
        );
    }
    let exempt_from_implementation = db.file_data(file).is_stub()
        || class.is_some_and(|class| db.class_info(class).is_protocol)
        || class.is_some_and(|class| {
            overloads
                .iter()
                .all(|definition| crate::abstract_methods::is_abstract(db, class, definition.node))
        });
    if implementation.is_none() && !exempt_from_implementation {
        report(
            first,
            format!(
                "Overloaded function `{name}` has no implementation: add a `def {name}` without `@overload` after its overloads"
            ),
        );
    }
    let with_implementation = || overloads.iter().chain(implementation);
    if class.is_some() {
        let kind = method_kind(first.flags);
        for definition in with_implementation().skip(1) {
            let other = method_kind(definition.flags);
            if other != kind {
                report(
                    definition,
                    format!(
                        "This definition of `{name}` is {other}, but its first overload is {kind}: \
                         all overloads and the implementation must be the same kind of method"
                    ),
                );
            }
        }
    }
    // `@final` and `@override` go on the implementation, or on the first overload without one.
    let allowed = implementation.unwrap_or(first);
    let place = if implementation.is_some() {
        "the implementation"
    } else {
        "the first overload"
    };
    for definition in with_implementation() {
        if std::ptr::eq(definition, allowed) {
            continue;
        }
        for (decorator, present) in [
            ("final", definition.flags.final_),
            ("override", definition.flags.override_),
        ] {
            if present {
                report(
                    definition,
                    format!("`@{decorator}` is misplaced on this overload of `{name}`: put it on {place} only"),
                );
            }
        }
    }
}

fn method_kind(flags: FunctionFlags) -> &'static str {
    if flags.staticmethod {
        "a static method"
    } else if flags.classmethod {
        "a class method"
    } else {
        "an instance method"
    }
}
