//! The type representation. A [`Type`] is a 4-byte handle into the database's interner, so types
//! are `Copy`, compare by identity and cost nothing to pass around; [`TypeKind`] is the data.

use ruff_python_ast::name::Name;

use crate::db::FileId;
use awaitype_semantic::DefinitionId;

/// An interned type. Equal handles mean equal types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Type(pub(crate) u32);

impl Type {
    pub const UNKNOWN: Type = Type(0);
    pub const ANY: Type = Type(1);
    pub const NEVER: Type = Type(2);
    pub const NONE: Type = Type(3);
    pub const TRUE: Type = Type(4);
    pub const FALSE: Type = Type(5);

    pub fn is_unknown(self) -> bool {
        self == Type::UNKNOWN
    }

    /// `Any` or `Unknown`: the gradual types.
    pub fn is_dynamic(self) -> bool {
        self == Type::UNKNOWN || self == Type::ANY
    }

    pub fn is_never(self) -> bool {
        self == Type::NEVER
    }

    pub fn is_none(self) -> bool {
        self == Type::NONE
    }
}

/// A class, identified by its `class` statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassId {
    pub file: FileId,
    pub definition: DefinitionId,
}

/// A function, identified by its `def` statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FunctionId {
    pub file: FileId,
    pub definition: DefinitionId,
}

/// A type variable: a legacy `TypeVar(...)` assignment, a PEP 695 type parameter, or the
/// implicit `Self` of a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeVarId {
    Definition { file: FileId, definition: DefinitionId },
    SelfOf(ClassId),
}

/// A class with its type arguments (empty for non-generic classes). Arguments line up with the
/// class's type parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClassType {
    pub class: ClassId,
    pub args: Box<[Type]>,
}

impl ClassType {
    pub fn plain(class: ClassId) -> Self {
        ClassType {
            class,
            args: Box::new([]),
        }
    }
}

/// A function together with the type-variable substitution from the class it was accessed on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FunctionType {
    pub id: FunctionId,
    pub substitution: Box<[(TypeVarId, Type)]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModuleRef {
    pub name: Name,
    pub file: Option<FileId>,
}

/// A parameter of a [`Signature`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Parameter {
    pub name: Option<Name>,
    pub kind: ParameterKind,
    pub ty: Type,
    /// Whether the parameter had an annotation (unannotated ones are displayed without a type).
    pub annotated: bool,
    pub has_default: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterKind {
    PositionalOnly,
    PositionalOrKeyword,
    VarArgs,
    KeywordOnly,
    KwArgs,
}

/// A callable's parameters and return type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    pub parameters: Vec<Parameter>,
    pub return_type: Type,
    /// `Callable[..., R]`: accepts any arguments.
    pub gradual: bool,
    /// The parameters end with those of a `ParamSpec` (`Callable[P, R]`, `*args: P.args,
    /// **kwargs: P.kwargs`) or a `TypeVarTuple` (`Callable[[*Ts], R]`, `*args: *Ts`), to be
    /// filled in when the variable is solved.
    pub param_spec: Option<TypeVarId>,
}

/// Typing constructs that are not classes: their meaning is given by the typing spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecialForm {
    Any,
    Union,
    Optional,
    Literal,
    LiteralString,
    Callable,
    Tuple,
    Type,
    ClassVar,
    Final,
    Annotated,
    TypeAlias,
    Generic,
    Protocol,
    Never,
    NoReturn,
    SelfType,
    Concatenate,
    Unpack,
    TypeGuard,
    TypeIs,
    /// PEP 747 `TypeForm`: the type of type form objects (see `infer/type_forms.rs`).
    TypeForm,
    Required,
    NotRequired,
    ReadOnly,
    /// `TypedDict`: a base class of TypedDict classes, and the functional form's callee.
    TypedDict,
    /// `typing.List`, `typing.Dict`, ...: aliases of builtin classes.
    Alias(&'static str),
}

/// Runtime objects with a meaning in type expressions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KnownInstance {
    /// The object created by `T = TypeVar("T")` or a PEP 695 type parameter.
    TypeVar(TypeVarId),
    /// A type alias (`X: TypeAlias = ...`, `type X = ...`); the value is evaluated lazily.
    TypeAlias { file: FileId, definition: DefinitionId },
    /// `NewType("N", base)`.
    NewType { file: FileId, definition: DefinitionId },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Unknown,
    Any,
    Never,
    None,
    Instance(ClassType),
    /// The class object itself, possibly specialized (`list[int]` used as a value).
    ClassLiteral(ClassType),
    /// `type[C]`.
    SubclassOf(ClassType),
    /// `type[T]` for a type variable `T`: solved from the class passed.
    SubclassOfTypeVar(TypeVarId),
    Function(FunctionType),
    BoundMethod {
        receiver: Type,
        function: Type,
    },
    /// An overloaded function: the overload signatures in order (each a `Function`).
    Overloaded(Box<[Type]>),
    Callable(Box<Signature>),
    Module(ModuleRef),
    IntLiteral(i64),
    BoolLiteral(bool),
    StrLiteral(Box<str>),
    BytesLiteral(Box<[u8]>),
    /// `LiteralString`: any string built only from literals in the source (see
    /// `literal_string.rs`); a subtype of `str`, a supertype of every `Literal["..."]`.
    LiteralString,
    /// `Literal[Color.RED]`: one member of an enum class (see `enum_literals.rs`).
    EnumLiteral {
        class: ClassId,
        member: Box<str>,
    },
    /// A tuple `tuple[A, B]`, fixed-length unless one element is [`TypeKind::Unpacked`]
    /// (`tuple[int, *tuple[str, ...]]`, `tuple[*Ts]`; see `tuple_shape.rs`). Tuples of only
    /// one element type and any length are `Instance(tuple[T])`.
    Tuple(Box<[Type]>),
    /// An unpacked element of a tuple type: `*tuple[X, ...]` (the `tuple[X]` instance) or `*Ts`
    /// (the `TypeVarTuple`). Only ever an element of a `Tuple`, or a `*args: *X` parameter's
    /// type.
    Unpacked(Type),
    Union(Box<[Type]>),
    TypeVar(TypeVarId),
    /// A PEP 661 sentinel (`MISSING = sentinel("MISSING")`): the one object made by that
    /// assignment, an instance of `class` (see `sentinels.rs`).
    Sentinel {
        file: FileId,
        definition: DefinitionId,
        class: ClassId,
    },
    /// A value of a `NewType("N", base)` type: a distinct subtype of its base.
    NewTypeInstance {
        file: FileId,
        definition: DefinitionId,
    },
    /// A reference to a type alias from inside its own value (`Json = int | list["Json"]`),
    /// with the alias's type arguments (`Tree[T]`): a recursive type, expanded one level at a
    /// time where it is used (see `alias_reference.rs`), so it never has to be finite.
    AliasReference {
        file: FileId,
        definition: DefinitionId,
        args: Box<[Type]>,
    },
    SpecialForm(SpecialForm),
    KnownInstance(KnownInstance),
    /// The declared return type `TypeGuard[T]` (`type_is: false`) or `TypeIs[T]` (`true`) of a
    /// type guard function. Calling one gives a `bool`; as a condition, the call narrows its
    /// first argument to `T` (and, for `TypeIs`, away from `T` when false).
    TypeGuard {
        guarded: Type,
        type_is: bool,
    },
    /// `TypeForm[T]` (PEP 747): an object that spells, as a type expression, `T` or a type
    /// assignable to it (`int`, `str | None`, `"list[int]"`). Covariant in `T`.
    TypeForm(Type),
}
