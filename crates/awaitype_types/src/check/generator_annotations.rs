//! `invalid-return-type` on a generator function's annotation: calling a function whose body
//! yields returns a generator object (`Generator[Y, S, R]`, or `AsyncGenerator[Y, S]` for an
//! `async def`), whatever the annotation says. So the annotation must be a type that object can
//! have: `Generator` itself, one of its bases (`Iterator`, `Iterable`, `object`) or a protocol it
//! satisfies. `-> int` on a generator is a mistake the caller would pay for.

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtFunctionDef;
use ruff_text_size::Ranged;

use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::relation::is_assignable;
use crate::ty::Type;

/// The diagnostic for a generator function whose annotation `declared` cannot hold its
/// generator object.
pub(super) fn check_generator_annotation(db: &Db, node: &StmtFunctionDef, declared: Type) -> Option<TypeDiagnostic> {
    let returns = node.returns.as_deref()?;
    if declared.is_dynamic() {
        return None;
    }
    let (name, arity) = if node.is_async {
        ("AsyncGenerator", 2)
    } else {
        ("Generator", 3)
    };
    let generator = db.known_instance("typing", name, &vec![Type::UNKNOWN; arity]);
    if generator.is_dynamic() || is_assignable(db, generator, declared) {
        return None;
    }
    let example = if node.is_async {
        "AsyncIterator[T]"
    } else {
        "Iterator[T]"
    };
    let message = format!(
        "A generator function returns a `{name}`, which is not assignable to its declared return type `{}`; annotate it as `{name}[...]` or `{example}`",
        crate::display::display(db, declared)
    );
    Some(TypeDiagnostic {
        range: returns.range(),
        rule: Rule::InvalidReturnType,
        message,
    })
}
