//! Rule names are a public contract (users suppress and grep them), so they live in one enum with
//! a single spelling each.

use std::fmt;

macro_rules! rules {
    ($($variant:ident => $name:literal, $severity:ident;)*) => {
        /// A diagnostic rule, displayed in kebab-case.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The kebab-case name users see and suppress.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }

            /// The severity a diagnostic of this rule has unless a check says otherwise.
            pub const fn default_severity(self) -> crate::Severity {
                match self {
                    $(Rule::$variant => crate::Severity::$severity,)*
                }
            }

            pub fn from_name(name: &str) -> Option<Rule> {
                match name {
                    $($name => Some(Rule::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

rules! {
    InvalidSyntax => "invalid-syntax", Error;
    UnresolvedImport => "unresolved-import", Error;
    UnresolvedReference => "unresolved-reference", Error;
    UnresolvedAttribute => "unresolved-attribute", Error;
    InvalidArgumentType => "invalid-argument-type", Error;
    InvalidReturnType => "invalid-return-type", Error;
    InvalidAssignment => "invalid-assignment", Error;
    CallNonCallable => "call-non-callable", Error;
    MissingArgument => "missing-argument", Error;
    TooManyPositionalArguments => "too-many-positional-arguments", Error;
    UnknownArgument => "unknown-argument", Error;
    ParameterAlreadyAssigned => "parameter-already-assigned", Error;
    NoMatchingOverload => "no-matching-overload", Error;
    NotIterable => "not-iterable", Error;
    NotSubscriptable => "not-subscriptable", Error;
    UnsupportedOperator => "unsupported-operator", Error;
    InvalidAwait => "invalid-await", Error;
    InvalidContextManager => "invalid-context-manager", Error;
    InvalidYield => "invalid-yield", Error;
    InvalidKey => "invalid-key", Error;
    InvalidMethodOverride => "invalid-method-override", Error;
    InvalidTypeForm => "invalid-type-form", Error;
    InvalidNewType => "invalid-newtype", Error;
    InvalidBase => "invalid-base", Error;
    InvalidTypeVariable => "invalid-type-variable", Error;
    InvalidParameterOrder => "invalid-parameter-order", Error;
    InvalidTypeGuardDefinition => "invalid-type-guard-definition", Error;
    InvalidOverload => "invalid-overload", Error;
    AbstractClassInstantiation => "abstract-class-instantiation", Error;
    CallAbstractMethod => "call-abstract-method", Error;
    InvalidProtocol => "invalid-protocol", Error;
    CyclicClassDefinition => "cyclic-class-definition", Error;
    SubclassOfFinalClass => "subclass-of-final-class", Error;
    OverrideOfFinalMethod => "override-of-final-method", Error;
    InvalidExplicitOverride => "invalid-explicit-override", Error;
    InvalidFinal => "invalid-final", Error;
    InvalidAttributeOverride => "invalid-attribute-override", Error;
    InvalidNamedTuple => "invalid-named-tuple", Error;
    InvalidTypedDict => "invalid-typed-dict", Error;
    InvalidDataclass => "invalid-dataclass", Error;
    TypeAssertionFailure => "type-assertion-failure", Error;
    UnusedAwaitable => "unused-awaitable", Warning;
    RedundantCondition => "redundant-condition", Warning;
    Deprecated => "deprecated", Warning;
    PossiblyUnbound => "possibly-unbound", Warning;
    UnusedIgnoreComment => "unused-ignore-comment", Warning;
    RevealedType => "revealed-type", Info;
    IoError => "io-error", Error;
    InternalError => "internal-error", Error;
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
