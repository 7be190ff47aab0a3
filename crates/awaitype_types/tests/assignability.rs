//! Corner cases of the one assignability relation, checked directly: types are written as
//! annotations in a small in-memory module, and each case asks whether a value of the first
//! annotation's type may be used where the second is expected.

use std::path::PathBuf;
use std::sync::Arc;

use awaitype_resolver::{DEFAULT_PYTHON_VERSION, FilePath, MemoryFileSystem, ModuleName, Resolver, ResolverConfig};
use awaitype_semantic::ScopeId;
use awaitype_types::Db;
use awaitype_types::relation::is_assignable;

/// Declarations shared by all cases; each case refers to them by name.
const PRELUDE: &str = r#"
from typing import Any, Callable, Literal, Never, Optional, Sequence, Iterable, Awaitable, Protocol, TypeVar
from collections.abc import Coroutine

class Base: ...
class Child(Base): ...

class SupportsClose(Protocol):
    def close(self) -> None: ...

class Resource:
    def close(self) -> None: ...

T_co = TypeVar("T_co", covariant=True)
T = TypeVar("T")

class Box(Generic[T]): ...
class ROBox(Generic[T_co]): ...

def int_to_str(x: int) -> str: ...
def object_to_str(x: object) -> str: ...
def two_args(x: int, y: int) -> str: ...
def with_default(x: int, y: int = 0) -> str: ...
async def coro_int() -> int: ...

# Recursive types.
class Node(Protocol):
    def next(self) -> Node | None: ...

class Linked:
    def next(self) -> Linked | None: ...

class Looped:
    def next(self) -> Looped | int: ...

class Chain(list[Chain]): ...

Json = dict[str, "Json"] | list["Json"] | int | str | None
"#;

struct Case {
    db: Db,
    file: awaitype_types::FileId,
}

impl Case {
    /// A module with the prelude plus one annotated name per type: `t0: <ty0>`, `t1: <ty1>`...
    fn new(types: &[&str]) -> Case {
        let mut source = String::from("from typing import Generic\n");
        source.push_str(PRELUDE);
        for (index, ty) in types.iter().enumerate() {
            source.push_str(&format!("t{index}: {ty}\n"));
        }
        let root = PathBuf::from("/case");
        let mut fs = MemoryFileSystem::new();
        fs.add_file(root.join("case.pyi"), source);
        let resolver = Resolver::new(
            ResolverConfig {
                roots: vec![root.clone()],
                python_version: DEFAULT_PYTHON_VERSION,
                site_packages: Vec::new(),
                custom_stdlib: None,
            },
            Arc::new(fs),
        );
        let db = Db::new(resolver);
        let file = db.file(
            FilePath::System(root.join("case.pyi")),
            "case.py".to_string(),
            ModuleName::new("case"),
            false,
        );
        Case { db, file }
    }

    fn ty(&self, index: usize) -> awaitype_types::Type {
        self.db
            .public_symbol_type(self.file, ScopeId::MODULE, &format!("t{index}"))
            .expect("declared")
    }
}

/// Whether a value of type `from` is assignable to `to` (both written as annotations).
fn assignable(from: &str, to: &str) -> bool {
    let case = Case::new(&[from, to]);
    let (from_ty, to_ty) = (case.ty(0), case.ty(1));
    assert!(!from_ty.is_unknown(), "`{from}` did not evaluate to a type");
    assert!(!to_ty.is_unknown(), "`{to}` did not evaluate to a type");
    is_assignable(&case.db, from_ty, to_ty)
}

#[test]
fn nominal_subclasses() {
    assert!(assignable("Child", "Base"));
    assert!(!assignable("Base", "Child"));
    assert!(assignable("Child", "object"));
}

#[test]
fn numeric_promotion() {
    assert!(assignable("int", "float"));
    assert!(assignable("int", "complex"));
    assert!(assignable("float", "complex"));
    assert!(!assignable("float", "int"));
    assert!(assignable("bool", "int"));
}

#[test]
fn literals() {
    assert!(assignable("Literal[1]", "int"));
    assert!(assignable("Literal[1]", "Literal[1, 2]"));
    assert!(!assignable("Literal[3]", "Literal[1, 2]"));
    assert!(!assignable("int", "Literal[1]"));
    assert!(assignable("Literal['a']", "str"));
    assert!(assignable("Literal[True]", "bool"));
}

#[test]
fn none_and_unions() {
    assert!(assignable("None", "Optional[int]"));
    assert!(assignable("int", "int | None"));
    assert!(!assignable("int | None", "int"));
    assert!(assignable("int | str", "int | str | None"));
    assert!(!assignable("int | bytes", "int | str"));
}

#[test]
fn tuples() {
    assert!(assignable("tuple[int, str]", "tuple[int, str]"));
    assert!(!assignable("tuple[int, str]", "tuple[int]"));
    assert!(assignable("tuple[Child, Child]", "tuple[Base, Base]"));
    assert!(assignable("tuple[int, int]", "tuple[int, ...]"));
    assert!(assignable("tuple[int, str]", "Sequence[int | str]"));
    assert!(!assignable("tuple[int, ...]", "tuple[str, ...]"));
}

#[test]
fn variance() {
    // `list` is invariant, `Sequence` covariant.
    assert!(!assignable("list[int]", "list[object]"));
    assert!(assignable("list[int]", "Sequence[object]"));
    assert!(!assignable("dict[str, int]", "dict[str, object]"));
    assert!(!assignable("Box[Child]", "Box[Base]"));
    assert!(assignable("ROBox[Child]", "ROBox[Base]"));
    assert!(!assignable("ROBox[Base]", "ROBox[Child]"));
}

#[test]
fn gradual_types() {
    assert!(assignable("Any", "int"));
    assert!(assignable("int", "Any"));
    assert!(assignable("list[Any]", "list[int]"));
    assert!(assignable("list[int]", "list[Any]"));
}

#[test]
fn protocols() {
    assert!(assignable("Resource", "SupportsClose"));
    assert!(!assignable("Base", "SupportsClose"));
    assert!(assignable("list[int]", "Iterable[int]"));
    assert!(!assignable("list[str]", "Iterable[int]"));
}

#[test]
fn class_objects() {
    assert!(assignable("type[Child]", "type[Base]"));
    assert!(!assignable("type[Base]", "type[Child]"));
    assert!(assignable("type[Child]", "type"));
}

#[test]
fn callables() {
    let case = Case::new(&[
        "Callable[[int], str]",
        "Callable[[int, int], str]",
        "Callable[..., str]",
        "Callable[[int], int]",
    ]);
    let db = &case.db;
    let one_int = case.ty(0);
    let two_ints = case.ty(1);
    let anything = case.ty(2);
    let returns_int = case.ty(3);
    let function = |name: &str| db.public_symbol_type(case.file, ScopeId::MODULE, name).unwrap();
    assert!(is_assignable(db, function("int_to_str"), one_int));
    // Parameters are contravariant: accepting `object` is fine where `int` is passed.
    assert!(is_assignable(db, function("object_to_str"), one_int));
    assert!(!is_assignable(db, function("two_args"), one_int));
    assert!(is_assignable(db, function("with_default"), one_int));
    assert!(is_assignable(db, function("two_args"), two_ints));
    assert!(is_assignable(db, function("two_args"), anything));
    assert!(!is_assignable(db, function("int_to_str"), returns_int));
}

#[test]
fn coroutines_are_awaitables() {
    let case = Case::new(&["Awaitable[int]", "Awaitable[str]", "Coroutine[Any, Any, int]"]);
    let db = &case.db;
    let coroutine_function = db.public_symbol_type(case.file, ScopeId::MODULE, "coro_int").unwrap();
    let signature = awaitype_types::infer::callable_signature(db, coroutine_function).unwrap();
    let coroutine = signature.return_type;
    assert!(is_assignable(db, coroutine, case.ty(0)));
    assert!(!is_assignable(db, coroutine, case.ty(1)));
    assert!(is_assignable(db, coroutine, case.ty(2)));
}

#[test]
fn bottom_and_top() {
    assert!(assignable("Never", "int"));
    assert!(assignable("Never", "Literal[1]"));
    assert!(assignable("int", "object"));
    assert!(!assignable("object", "int"));
    assert!(assignable("None", "object"));
}

#[test]
fn variadic_tuples() {
    // A tuple of unknown length is not known to have exactly two members.
    assert!(!assignable("tuple[int, ...]", "tuple[int, int]"));
    // ...unless its members are gradual.
    assert!(assignable("tuple[Any, ...]", "tuple[int, int]"));
    assert!(assignable("tuple[()]", "tuple[int, ...]"));
}

#[test]
fn methods_as_callables() {
    let case = Case::new(&["Callable[[], None]", "Callable[[int], None]", "Resource"]);
    let db = &case.db;
    // The bound method has no parameters left once `self` is bound.
    let close = db.member(case.ty(2), "close").expect("`Resource.close` exists");
    assert!(is_assignable(db, close, case.ty(0)));
    assert!(!is_assignable(db, close, case.ty(1)));
}

/// `outer[outer[...outer[inner]...]]`, `depth` times `outer`.
fn nested(outer: &str, depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", format!("{outer}[").repeat(depth), "]".repeat(depth))
}

#[test]
fn deep_nesting_is_compared_all_the_way_down() {
    // Deeper than any bound a comparison used to stop at (24 levels, answered `true`): the
    // mismatch at the bottom is found however deep it is.
    for depth in [30, 100] {
        let list = |inner| nested("list", depth, inner);
        let sequence = |inner| nested("Sequence", depth, inner);
        assert!(!assignable(&list("int"), &list("str")), "{depth} lists");
        assert!(!assignable(&list("bool"), &list("int")), "{depth} lists are invariant");
        assert!(assignable(&list("Any"), &list("int")), "{depth} lists");
        assert!(!assignable(&sequence("int"), &sequence("str")), "{depth} sequences");
        assert!(
            assignable(&sequence("bool"), &sequence("int")),
            "{depth} sequences are covariant"
        );
        assert!(
            assignable(&list("bool"), &sequence("int")),
            "{depth} lists as sequences"
        );
        assert!(
            !assignable(&list("str"), &sequence("int")),
            "{depth} lists as sequences"
        );
    }
}

#[test]
fn recursive_types_terminate() {
    // A protocol whose member mentions it: matched with the class standing in for it.
    assert!(assignable("Linked", "Node"));
    assert!(!assignable("Looped", "Node"));
    assert!(assignable("list[Linked]", "Sequence[Node]"));
    // A class that is a list of itself.
    assert!(assignable("Chain", "list[Chain]"));
    assert!(assignable("Chain", "Sequence[Sequence[Sequence[Chain]]]"));
    assert!(!assignable("Chain", "list[list[Chain]]"));
    assert!(!assignable("list[Chain]", "Chain"));
    // A recursive alias (its inner occurrences are references to it, expanded as compared).
    assert!(assignable("list[Json]", "Json"));
    assert!(assignable("dict[str, Json]", "Json"));
    assert!(assignable("Sequence[Json]", "Sequence[Json]"));
    // `dict` is invariant: its values must be exactly `Json`, not a part of it.
    assert!(!assignable("dict[str, list[int]]", "Json"));
    assert!(!assignable("bytes", "Json"));
    assert!(!assignable("list[bytes]", "Json"));
}

#[test]
fn nesting_past_the_bound_is_assumed_and_quick() {
    // 200 levels is past the bound on open comparisons (128), where the rest is assumed to hold,
    // as documented at `MAX_OPEN_COMPARISONS`. The answer must still come at once: each pair is
    // compared once, not again (both ways, for an invariant argument) at every level above.
    let list = |inner| nested("list", 200, inner);
    assert!(assignable(&list("int"), &list("str")));
    assert!(assignable(&list("Any"), &list("int")));
}
