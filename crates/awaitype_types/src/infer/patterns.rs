//! `match` patterns (PEP 634) as types see them: what matching a pattern says about the subject
//! (narrowing it in the case body, and in later cases when the pattern did not match), and what
//! type each captured name gets. A pattern whose meaning is not modelled leaves the subject as
//! it is, and a capture it cannot follow is `Unknown`.

use ruff_python_ast::{Identifier, Pattern, PatternMatchClass, PatternMatchSequence, Singleton, StmtMatch};
use ruff_text_size::TextRange;

use super::narrow::{class_list, is_literal_or_none, members, narrow_isinstance, narrow_to_value};
use crate::infer::Inferrer;
use crate::relation::{as_instance_of, is_assignable, union};
use crate::ty::{ClassType, ParameterKind, Type, TypeKind};

/// Classes whose class pattern takes one positional subpattern matched against the subject
/// itself (`case int(n):` binds `n` to the integer), as PEP 634 specifies.
const SELF_MATCHING: [&str; 11] = [
    "bool",
    "bytearray",
    "bytes",
    "dict",
    "float",
    "frozenset",
    "int",
    "list",
    "set",
    "str",
    "tuple",
];

impl Inferrer<'_> {
    /// `ty` narrowed by whether a value of it matched `pattern` (`positive`) or did not.
    pub(crate) fn narrow_by_pattern(&mut self, ty: Type, pattern: &'static Pattern, positive: bool) -> Type {
        let db = self.db;
        match pattern {
            Pattern::MatchValue(value) => {
                // Compared with `==`.
                let value = self.infer_expression(&value.value);
                if is_literal_or_none(self, value) || (!positive && self.is_identity_member(value)) {
                    narrow_to_value(self, ty, value, positive)
                } else if positive && self.has_identity_equality(value) {
                    self.narrow_to_equal(ty, value)
                } else {
                    ty
                }
            }
            Pattern::MatchSingleton(singleton) => {
                // Compared with `is`.
                let value = match singleton.value {
                    Singleton::None => Type::NONE,
                    Singleton::True => Type::TRUE,
                    Singleton::False => Type::FALSE,
                };
                narrow_to_value(self, ty, value, positive)
            }
            Pattern::MatchAs(as_pattern) => match &as_pattern.pattern {
                Some(inner) => self.narrow_by_pattern(ty, inner, positive),
                None if positive => ty,
                None => Type::NEVER,
            },
            Pattern::MatchOr(or) => {
                if positive {
                    let alternatives: Vec<Type> = or
                        .patterns
                        .iter()
                        .map(|alternative| self.narrow_by_pattern(ty, alternative, true))
                        .collect();
                    union(db, alternatives)
                } else {
                    or.patterns
                        .iter()
                        .fold(ty, |ty, alternative| self.narrow_by_pattern(ty, alternative, false))
                }
            }
            Pattern::MatchClass(class) => self.narrow_by_class_pattern(ty, class, positive),
            Pattern::MatchSequence(sequence) => self.narrow_by_sequence_pattern(ty, sequence, positive),
            Pattern::MatchMapping(_) => {
                if !positive {
                    return ty;
                }
                let Some(mapping) = db.known_class("typing", "Mapping") else {
                    return ty;
                };
                let narrowed: Vec<Type> = members(db, ty)
                    .into_iter()
                    .map(|member| self.as_collection(member, mapping, 2).unwrap_or(Type::NEVER))
                    .collect();
                union(db, narrowed)
            }
            Pattern::MatchStar(_) => ty,
        }
    }

    /// `case C(...)`: an instance check, then (when true) the subpatterns on its attributes.
    /// Only a pattern whose subpatterns all match anything says, when false, that the subject is
    /// not a `C`.
    fn narrow_by_class_pattern(&mut self, ty: Type, class: &'static PatternMatchClass, positive: bool) -> Type {
        let class_object = self.infer_expression(&class.cls);
        let Some(classes) = class_list(self, class_object) else {
            return ty;
        };
        let complete = class.arguments.patterns.iter().all(Pattern::is_irrefutable)
            && class.arguments.keywords.iter().all(|k| k.pattern.is_irrefutable());
        if !positive && !complete {
            return ty;
        }
        narrow_isinstance(self, ty, &classes, positive, false)
    }

    /// `case [a, b, *rest]:` matches sequences (not `str`, `bytes` or `bytearray`) of a fitting
    /// length whose elements match the subpatterns.
    fn narrow_by_sequence_pattern(
        &mut self,
        ty: Type,
        sequence: &'static PatternMatchSequence,
        positive: bool,
    ) -> Type {
        let db = self.db;
        let Some(sequence_class) = db.known_class("typing", "Sequence") else {
            return ty;
        };
        let star = sequence
            .patterns
            .iter()
            .position(|p| matches!(p, Pattern::MatchStar(_)));
        let fixed = sequence.patterns.len() - usize::from(star.is_some());
        let fits = |len: usize| if star.is_some() { len >= fixed } else { len == fixed };
        let complete = sequence.patterns.iter().all(Pattern::is_irrefutable);
        let mut narrowed = Vec::new();
        for member in members(db, ty) {
            // A tuple with an unbounded part matches as the tuple of the pattern's length.
            let member = match crate::tuple_shape::shape_of(db, member) {
                Some(shape) if shape.variadic.is_some() && matches!(db.kind(member), TypeKind::Tuple(_)) => {
                    match crate::tuple_shape::with_length(db, &shape, fixed) {
                        Some(expanded) if positive && star.is_none() => expanded,
                        _ => {
                            if !positive || star.is_some() || shape.min_len() <= fixed {
                                narrowed.push(member);
                            }
                            continue;
                        }
                    }
                }
                _ => member,
            };
            if let TypeKind::Tuple(elements) = db.kind(member).clone() {
                if !fits(elements.len()) {
                    if !positive {
                        narrowed.push(member);
                    }
                    continue;
                }
                if !positive {
                    if !complete {
                        narrowed.push(member);
                    }
                    continue;
                }
                if star.is_some() {
                    narrowed.push(member);
                    continue;
                }
                let matched: Vec<Type> = elements
                    .iter()
                    .zip(sequence.patterns.iter())
                    .map(|(element, pattern)| self.narrow_by_pattern(*element, pattern, true))
                    .collect();
                if !matched.iter().any(|element| element.is_never()) {
                    narrowed.push(db.intern(TypeKind::Tuple(matched.into())));
                }
                continue;
            }
            if !positive {
                narrowed.push(member);
                continue;
            }
            if is_string_like(db, member) {
                continue;
            }
            if let Some(as_sequence) = self.as_collection(member, sequence_class, 1) {
                narrowed.push(as_sequence);
            }
        }
        union(db, narrowed)
    }

    /// `member` as matched by a sequence or mapping pattern (`collection` being `Sequence` or
    /// `Mapping`, with `arity` type parameters): itself when it is one, the collection of what it
    /// holds when it is a wider type (`object`, `Iterable[int]`), or nothing.
    fn as_collection(&mut self, member: Type, collection: crate::ty::ClassId, arity: usize) -> Option<Type> {
        let db = self.db;
        if member.is_dynamic() {
            return Some(member);
        }
        if as_instance_of(db, member, collection).is_some() {
            return Some(member);
        }
        let unknown_args: Box<[Type]> = (0..arity).map(|_| Type::UNKNOWN).collect();
        let generic = db.intern(TypeKind::Instance(ClassType {
            class: collection,
            args: unknown_args,
        }));
        if !matches!(db.kind(member), TypeKind::Instance(_)) || !is_assignable(db, generic, member) {
            return None;
        }
        // A wider type: the collection of what iterating it gives, when known.
        let args: Box<[Type]> = if arity == 1 {
            Box::new([self.iteration_element(member).unwrap_or(Type::UNKNOWN)])
        } else {
            (0..arity).map(|_| Type::UNKNOWN).collect()
        };
        Some(db.intern(TypeKind::Instance(ClassType {
            class: collection,
            args,
        })))
    }

    /// The type of a name captured in the `case`-th case of `stmt`: the subject, narrowed by the
    /// earlier unguarded cases not having matched, then followed through the pattern.
    pub(crate) fn match_capture_type(&mut self, stmt: &'static StmtMatch, case: usize, name: &Identifier) -> Type {
        let mut subject = self.infer_expression(&stmt.subject);
        for earlier in &stmt.cases[..case] {
            if earlier.guard.is_none() {
                subject = self.narrow_by_pattern(subject, &earlier.pattern, false);
            }
        }
        let Some(this) = stmt.cases.get(case) else {
            return Type::UNKNOWN;
        };
        self.capture_in(subject, &this.pattern, name.id.as_str())
            .unwrap_or(Type::UNKNOWN)
    }

    /// The type `pattern`, matched against a `subject`, gives the capture `name` (`None` when
    /// the pattern does not capture it).
    fn capture_in(&mut self, subject: Type, pattern: &'static Pattern, name: &str) -> Option<Type> {
        let db = self.db;
        match pattern {
            Pattern::MatchAs(as_pattern) => {
                if as_pattern.name.as_ref().is_some_and(|n| n.id.as_str() == name) {
                    return Some(match &as_pattern.pattern {
                        Some(inner) => self.narrow_by_pattern(subject, inner, true),
                        None => subject,
                    });
                }
                let inner = as_pattern.pattern.as_deref()?;
                self.capture_in(subject, inner, name)
            }
            Pattern::MatchOr(or) => {
                let found: Vec<Type> = or
                    .patterns
                    .iter()
                    .filter_map(|alternative| self.capture_in(subject, alternative, name))
                    .collect();
                (!found.is_empty()).then(|| union(db, found))
            }
            Pattern::MatchSequence(sequence) => {
                let position = sequence.patterns.iter().position(|p| captures(p, name))?;
                let matched = self.narrow_by_pattern(subject, pattern, true);
                let found: Vec<Type> = members(db, matched)
                    .into_iter()
                    .filter_map(|member| self.capture_in_sequence(member, sequence, position, name))
                    .collect();
                Some(union(db, found))
            }
            Pattern::MatchMapping(mapping) => {
                let matched = self.narrow_by_pattern(subject, pattern, true);
                let mapping_class = db.known_class("typing", "Mapping");
                let (keys, values): (Vec<Type>, Vec<Type>) = members(db, matched)
                    .into_iter()
                    .map(|member| {
                        let args = mapping_class.and_then(|class| as_instance_of(db, member, class));
                        match args.as_ref().map(|ct| &ct.args[..]) {
                            Some([key, value]) => (*key, *value),
                            _ => (Type::UNKNOWN, Type::UNKNOWN),
                        }
                    })
                    .unzip();
                let (key, value) = (union(db, keys), union(db, values));
                if mapping.rest.as_ref().is_some_and(|rest| rest.id.as_str() == name) {
                    return Some(db.known_instance("builtins", "dict", &[key, value]));
                }
                let inner = mapping.patterns.iter().find(|p| captures(p, name))?;
                self.capture_in(value, inner, name)
            }
            Pattern::MatchClass(class) => {
                let matched = self.narrow_by_pattern(subject, pattern, true);
                if let Some(keyword) = class.arguments.keywords.iter().find(|k| captures(&k.pattern, name)) {
                    let attribute = self.attribute_of(matched, keyword.attr.as_str(), TextRange::default(), false);
                    return self.capture_in(attribute, &keyword.pattern, name);
                }
                let position = class.arguments.patterns.iter().position(|p| captures(p, name))?;
                let inner = &class.arguments.patterns[position];
                let class_object = self.infer_expression(&class.cls);
                let attribute = match self.match_args(class_object) {
                    MatchArgs::Subject if position == 0 => matched,
                    MatchArgs::Names(names) => match names.get(position) {
                        Some(attribute) => self.attribute_of(matched, attribute, TextRange::default(), false),
                        None => Type::UNKNOWN,
                    },
                    _ => Type::UNKNOWN,
                };
                self.capture_in(attribute, inner, name)
            }
            Pattern::MatchValue(_) | Pattern::MatchSingleton(_) | Pattern::MatchStar(_) => None,
        }
    }

    /// A capture inside the `position`-th subpattern of a sequence pattern, for one member of
    /// the (already matched) subject.
    fn capture_in_sequence(
        &mut self,
        member: Type,
        sequence: &'static PatternMatchSequence,
        position: usize,
        name: &str,
    ) -> Option<Type> {
        let db = self.db;
        let count = sequence.patterns.len();
        let star = sequence
            .patterns
            .iter()
            .position(|p| matches!(p, Pattern::MatchStar(_)));
        let member = crate::tuple_shape::for_unpacking(db, member, count - usize::from(star.is_some()), star.is_some());
        let element = match db.kind(member).clone() {
            TypeKind::Tuple(elements) => match star {
                Some(star) if position == star => {
                    let middle = &elements[star..elements.len() - (count - star - 1)];
                    union(db, middle.iter().copied())
                }
                Some(star) if position > star => elements[elements.len() - (count - position)],
                _ => elements[position],
            },
            _ => self.iteration_element(member).unwrap_or(Type::UNKNOWN),
        };
        let subpattern = &sequence.patterns[position];
        if let Pattern::MatchStar(_) = subpattern {
            let element = crate::relation::promote_literal_for_inference(db, element);
            return Some(db.known_instance("builtins", "list", &[element]));
        }
        self.capture_in(element, subpattern, name)
    }

    /// How a class pattern's positional subpatterns are matched: against the subject itself
    /// (`int(n)`), or against the attributes `__match_args__` names (declared in the class, or
    /// the fields of a dataclass or named tuple).
    fn match_args(&mut self, class_object: Type) -> MatchArgs {
        let db = self.db;
        let TypeKind::ClassLiteral(class) = db.kind(class_object).clone() else {
            return MatchArgs::Unknown;
        };
        if SELF_MATCHING
            .iter()
            .any(|builtin| db.known_class("builtins", builtin) == Some(class.class))
        {
            return MatchArgs::Subject;
        }
        // As assigned in the class body (or a base's), with its literal names.
        let declared = db
            .class_member_owner(&class, "__match_args__")
            .and_then(|owner| {
                let scope = db.class_body_scope(owner.class, &db.class_info(owner.class))?;
                db.public_symbol_type(owner.class.file, scope, "__match_args__")
            })
            .unwrap_or(Type::UNKNOWN);
        if let TypeKind::Tuple(elements) = db.kind(declared) {
            let names: Option<Vec<String>> = elements
                .iter()
                .map(|element| match db.kind(*element) {
                    TypeKind::StrLiteral(name) => Some(name.to_string()),
                    _ => None,
                })
                .collect();
            if let Some(names) = names {
                return MatchArgs::Names(names);
            }
        }
        match db.synthesized_constructor(class.class) {
            Some(constructor) => MatchArgs::Names(
                constructor
                    .parameters
                    .iter()
                    .filter(|p| p.kind != ParameterKind::KeywordOnly)
                    .filter_map(|p| p.name.as_ref().map(|n| n.to_string()))
                    .collect(),
            ),
            None => MatchArgs::Unknown,
        }
    }
}

enum MatchArgs {
    Subject,
    Names(Vec<String>),
    Unknown,
}

/// Whether `pattern` captures `name` somewhere inside it.
fn captures(pattern: &Pattern, name: &str) -> bool {
    let is = |identifier: &Option<Identifier>| identifier.as_ref().is_some_and(|n| n.id.as_str() == name);
    match pattern {
        Pattern::MatchAs(as_pattern) => {
            is(&as_pattern.name) || as_pattern.pattern.as_deref().is_some_and(|p| captures(p, name))
        }
        Pattern::MatchStar(star) => is(&star.name),
        Pattern::MatchOr(or) => or.patterns.iter().any(|p| captures(p, name)),
        Pattern::MatchSequence(sequence) => sequence.patterns.iter().any(|p| captures(p, name)),
        Pattern::MatchMapping(mapping) => is(&mapping.rest) || mapping.patterns.iter().any(|p| captures(p, name)),
        Pattern::MatchClass(class) => {
            class.arguments.patterns.iter().any(|p| captures(p, name))
                || class.arguments.keywords.iter().any(|k| captures(&k.pattern, name))
        }
        Pattern::MatchValue(_) | Pattern::MatchSingleton(_) => false,
    }
}

/// `str`, `bytes` and `bytearray` (and their literals) are not matched by sequence patterns.
fn is_string_like(db: &crate::db::Db, ty: Type) -> bool {
    let Some(instance) = crate::relation::fallback_instance(db, ty) else {
        return false;
    };
    ["str", "bytes", "bytearray"].iter().any(|name| {
        db.known_class("builtins", name)
            .is_some_and(|class| db.is_subclass(instance.class, class))
    })
}
