//! Attribute lookup: instance and class attributes through the MRO (specialized to the
//! receiver's type arguments), methods bound to their receiver, `@property` /
//! `@classmethod` / `@staticmethod`, module members, and the signature a value has when called.

use awaitype_diagnostics::Rule;
use ruff_text_size::TextRange;

use crate::db::Db;
use crate::infer::Inferrer;
use crate::relation::{fallback_instance, union};
use crate::subst::{Substitution, solve};
use crate::ty::{ClassId, ClassType, FunctionType, ParameterKind, Signature, Type, TypeKind, TypeVarId};

impl Db {
    /// The MRO entry that defines `name` as a class-level symbol (or instance attribute).
    pub fn class_member_owner(&self, class_type: &ClassType, name: &str) -> Option<ClassType> {
        self.find_in_mro(class_type, |class| self.own_class_member(class, name).is_some())
    }

    /// A symbol defined in the body of `class` itself (not its bases), unspecialized.
    pub fn own_class_member(&self, class: ClassId, name: &str) -> Option<Type> {
        let info = self.class_info(class);
        // The fields of `namedtuple("P", "x y")` are its attributes (only a class made by a call
        // has no class statement, so only such a class is asked).
        if !info.from_statement
            && let Some(functional) = self.functional_class(class)
            && matches!(
                functional.kind,
                crate::functional_class::FunctionalKind::NamedTuple
                    | crate::functional_class::FunctionalKind::Enum { .. }
            )
        {
            return functional
                .fields
                .iter()
                .find(|field| field.name.as_str() == name)
                .map(|field| field.ty);
        }
        let scope = self.class_body_scope(class, &info)?;
        let Some(ty) = self.public_symbol_type(class.file, scope, name) else {
            return self.synthesized_dataclass_member(class, name);
        };
        if self.is_unstored_init_var(class, scope, name) {
            return None;
        }
        // An undeclared attribute may be reassigned to any value of its class: `x = 1` is `int`.
        let scope_data = self.index(class.file).scope(scope);
        if let Some(member) = self.enum_member(class, scope, name, ty) {
            return Some(member);
        }
        let declared = scope_data
            .symbol(name)
            .is_some_and(|symbol| scope_data.symbol_data(symbol).flags.declared);
        if declared {
            Some(ty)
        } else {
            Some(crate::relation::promote_literal_for_inference(self, ty))
        }
    }

    /// In an `Enum` subclass, a name assigned a value in the class body (not a method, a nested
    /// class, an annotation alone, or a `_sunder_`/`__dunder__` name) is a member: of its own
    /// literal type (`Literal[Color.RED]`), whatever value it was given.
    fn enum_member(&self, class: ClassId, scope: awaitype_semantic::ScopeId, name: &str, ty: Type) -> Option<Type> {
        if name.starts_with('_') {
            return None;
        }
        if Some(class) == self.known_class("enum", "Enum") || !self.is_enum_class(class) {
            return None;
        }
        // `member(...)`, as a call or a decorator, makes anything a member.
        let member_wrapper = self.known_class("enum", "member");
        if let TypeKind::Instance(value_class) = self.kind(ty)
            && Some(value_class.class) == member_wrapper
        {
            return Some(self.enum_literal(class, name));
        }
        // Functions (lambdas too) and nested classes are not members.
        if matches!(
            self.kind(ty),
            TypeKind::Function(_) | TypeKind::Overloaded(_) | TypeKind::ClassLiteral(_) | TypeKind::Callable(_)
        ) {
            return None;
        }
        let scope_data = self.index(class.file).scope(scope);
        let symbol = scope_data.symbol(name)?;
        let assigned = scope_data.all_definitions[symbol.index()].iter().any(|definition| {
            match self.index(class.file).definition(*definition).kind {
                awaitype_semantic::DefinitionKind::Assignment { .. } => true,
                awaitype_semantic::DefinitionKind::AnnotatedAssignment(ann) => ann.value.is_some(),
                _ => false,
            }
        });
        if !assigned {
            return None;
        }
        // `nonmember(...)` / `member(...)` wrappers and descriptors are left as they are.
        if let TypeKind::Instance(value_class) = self.kind(ty)
            && [
                self.known_class("enum", "nonmember"),
                self.known_class("builtins", "property"),
                self.known_class("builtins", "staticmethod"),
                self.known_class("builtins", "classmethod"),
            ]
            .contains(&Some(value_class.class))
        {
            return None;
        }
        if let Some(original) = self.enum_alias_target(class, scope, name) {
            return Some(self.enum_literal(class, &original));
        }
        Some(self.enum_literal(class, name))
    }

    /// `AMBER = YELLOW` in an enum body, where `YELLOW` is a member assigned earlier: `AMBER` is
    /// not a member of its own but another name of `YELLOW`. Gives the member it names.
    fn enum_alias_target(
        &self,
        class: ClassId,
        scope: awaitype_semantic::ScopeId,
        name: &str,
    ) -> Option<ruff_python_ast::name::Name> {
        let index = self.index(class.file);
        let scope_data = index.scope(scope);
        let symbol = scope_data.symbol(name)?;
        let [definition] = &scope_data.all_definitions[symbol.index()][..] else {
            return None;
        };
        let awaitype_semantic::DefinitionKind::Assignment {
            value: ruff_python_ast::Expr::Name(value),
            target,
            ..
        } = index.definition(*definition).kind
        else {
            return None;
        };
        // Only a name bound before the alias (which also rules out cycles of aliases).
        let original = scope_data.symbol(value.id.as_str())?;
        let bound_before =
            scope_data.all_definitions[original.index()]
                .iter()
                .all(|earlier| match index.definition(*earlier).kind {
                    awaitype_semantic::DefinitionKind::Assignment { target: earlier, .. } => {
                        ruff_text_size::Ranged::range(earlier).end() <= ruff_text_size::Ranged::range(target).start()
                    }
                    _ => false,
                });
        if !bound_before {
            return None;
        }
        let original_type = self.public_symbol_type(class.file, scope, value.id.as_str())?;
        match self
            .enum_member(class, scope, value.id.as_str(), original_type)
            .map(|ty| self.kind(ty))
        {
            Some(TypeKind::EnumLiteral { member, .. }) => Some(member.as_ref().into()),
            _ => None,
        }
    }

    /// Whether `class` is an enum class: one made by `EnumMeta` (`EnumType`) or a subclass of it,
    /// which is what gives its body's assignments their member semantics at runtime. Subclassing
    /// `Enum` is the usual way, but a class whose own metaclass derives from `EnumMeta` is one too.
    pub fn is_enum_class(&self, class: ClassId) -> bool {
        let info = self.class_info(class);
        if let Some(enum_class) = self.known_class("enum", "Enum")
            && info.mro.iter().any(|entry| entry.class == enum_class)
        {
            return true;
        }
        let (Some(meta), Some(enum_meta)) = (info.metaclass.as_ref(), self.known_class("enum", "EnumMeta")) else {
            return false;
        };
        self.class_info(meta.class)
            .mro
            .iter()
            .any(|entry| entry.class == enum_meta)
    }

    /// Whether an `Enum` subclass defines at least one member in its body (which makes it
    /// implicitly final: such an enum cannot be subclassed).
    /// Whether an enum class defines members (which makes it final). A query: other modules'
    /// class statements ask it of their bases, and must not depend on the base module's text.
    pub fn enum_has_members(&self, class: ClassId) -> bool {
        enum_has_members_query(self, self.definition_key(class.file, class.definition))
    }

    fn compute_enum_has_members(&self, class: ClassId) -> bool {
        let info = self.class_info(class);
        let Some(scope) = self.class_body_scope(class, &info) else {
            return false;
        };
        let scope_data = self.index(class.file).scope(scope);
        scope_data
            .symbols
            .iter()
            .any(|symbol| self.is_enum_member(class, &symbol.name))
    }

    /// Whether `name`, defined in the body of `class`, is a member of that enum.
    pub fn is_enum_member(&self, class: ClassId, name: &str) -> bool {
        let info = self.class_info(class);
        let Some(scope) = self.class_body_scope(class, &info) else {
            return false;
        };
        self.public_symbol_type(class.file, scope, name)
            .is_some_and(|ty| self.enum_member(class, scope, name, ty).is_some())
    }

    /// Whether `name` is bound in the body of `class`, an enum written in Python source, without
    /// being one of its members (a method, a property, a `nonmember(...)`, a private name). Stubs
    /// are left out: they declare members without values.
    pub fn is_enum_non_member(&self, class: ClassId, name: &str) -> bool {
        if Some(class) == self.known_class("enum", "Enum")
            || self.index(class.file).is_stub
            || !self.is_enum_class(class)
        {
            return false;
        }
        let info = self.class_info(class);
        let Some(scope) = self.class_body_scope(class, &info) else {
            return false;
        };
        self.public_symbol_type(class.file, scope, name).is_some() && !self.is_enum_member(class, name)
    }

    /// A metaclass's own `__call__` (not `type.__call__`), bound to the class object: it decides
    /// what calling the class does (`EnumMeta.__call__` looks members up or creates enums).
    pub fn metaclass_call(&self, class: &ClassType) -> Option<Type> {
        let meta = self.class_info(class.class).metaclass.clone()?;
        let (raw, owner) = self.lookup_in_mro(&meta, "__call__", true)?;
        if Some(owner.class) == self.known_class("builtins", "type") {
            return None;
        }
        let receiver = self.intern(TypeKind::ClassLiteral(class.clone()));
        Some(bind_to_instance(self, raw, receiver))
    }

    /// Whether `name` is defined in the class body only on some paths (under an `if`), so
    /// instances may lack it.
    pub fn class_member_possibly_unbound(&self, class: ClassId, name: &str) -> bool {
        let Some(scope) = self.class_body_scope(class, &self.class_info(class)) else {
            return false;
        };
        let scope_data = self.index(class.file).scope(scope);
        scope_data
            .symbol(name)
            .is_some_and(|symbol| self.may_be_unbound(class.file, &scope_data.end_bindings[symbol.index()]))
    }

    /// An attribute assigned through `self.name = ...` (or `cls.name = ...` when `class_level`)
    /// in a method of `class`.
    pub fn own_assigned_attribute(&self, class: ClassId, name: &str, class_level: bool) -> Option<Type> {
        let info = self.class_info(class);
        let scope = self.class_body_scope(class, &info)?;
        let index = self.index(class.file);
        let definitions = if class_level {
            index.class_attribute(scope, name)?
        } else {
            index.instance_attribute(scope, name)?
        };
        let declared: Vec<Type> = definitions
            .iter()
            .filter_map(|def| self.declared_type(class.file, *def))
            .collect();
        if !declared.is_empty() {
            return Some(union(self, declared));
        }
        Some(union(
            self,
            definitions.iter().map(|def| {
                let ty = self.definition_type(class.file, *def);
                crate::relation::promote_literal_for_inference(self, ty)
            }),
        ))
    }

    /// Finds `name` on the class (through the MRO): the raw member type specialized to the
    /// entry's type arguments, and whether it was an instance attribute.
    pub(crate) fn lookup_in_mro(
        &self,
        class_type: &ClassType,
        name: &str,
        include_instance: bool,
    ) -> Option<(Type, ClassType)> {
        let mro = self.mro_of(class_type);
        for (position, entry) in mro.iter().enumerate() {
            let found = self
                .own_class_member(entry.class, name)
                .or_else(|| self.own_assigned_attribute(entry.class, name, true));
            if let Some(raw) = found {
                // `response = None` in the class body (a placeholder) and `self.response =
                // make()` in a method, neither annotated: an instance holds either value.
                let raw = match include_instance
                    && raw.is_none()
                    && !self.declared_in_class_body(entry.class, name)
                    && !self.declares_instance_attribute(entry.class, name)
                {
                    true => match self.own_assigned_attribute(entry.class, name, false) {
                        Some(assigned) => crate::relation::union(self, [raw, assigned]),
                        None => raw,
                    },
                    false => raw,
                };
                return Some((self.specialize_member(raw, entry), entry.clone()));
            }
            if include_instance && let Some(raw) = self.own_assigned_attribute(entry.class, name, false) {
                // `self.x = ...` without a declaration does not override what a base declares
                // (`x: Any` there): the declaration is the attribute's type.
                if !self.declares_instance_attribute(entry.class, name)
                    && let Some((declared, owner)) = mro[position + 1..]
                        .iter()
                        .find_map(|base| self.declared_attribute(base.class, name).map(|ty| (ty, base)))
                {
                    return Some((self.specialize_member(declared, owner), owner.clone()));
                }
                return Some((self.specialize_member(raw, entry), entry.clone()));
            }
        }
        None
    }

    /// Whether the body of `class` declares `name: T`.
    fn declared_in_class_body(&self, class: ClassId, name: &str) -> bool {
        let Some(scope) = self.class_body_scope(class, &self.class_info(class)) else {
            return true;
        };
        let scope_data = self.index(class.file).scope(scope);
        scope_data
            .symbol(name)
            .is_none_or(|symbol| scope_data.symbol_data(symbol).flags.declared)
    }

    /// Whether a method of `class` declares `self.name: T`.
    fn declares_instance_attribute(&self, class: ClassId, name: &str) -> bool {
        let Some(scope) = self.class_body_scope(class, &self.class_info(class)) else {
            return false;
        };
        self.index(class.file)
            .instance_attribute(scope, name)
            .is_some_and(|definitions| {
                definitions
                    .iter()
                    .any(|def| self.declared_type(class.file, *def).is_some())
            })
    }

    /// The declared type of attribute `name` in the body of `class` (`name: T` in the class
    /// body, or `self.name: T` in a method), if it declares one.
    fn declared_attribute(&self, class: ClassId, name: &str) -> Option<Type> {
        let scope = self.class_body_scope(class, &self.class_info(class))?;
        let scope_data = self.index(class.file).scope(scope);
        if scope_data
            .symbol(name)
            .is_some_and(|symbol| scope_data.symbol_data(symbol).flags.declared)
        {
            return self.own_class_member(class, name);
        }
        self.declares_instance_attribute(class, name)
            .then(|| self.own_assigned_attribute(class, name, false))
            .flatten()
    }

    /// A member found on a base class, with that base's type arguments: methods carry them as
    /// their substitution, other attributes have them applied.
    pub fn specialize_member(&self, raw: Type, owner: &ClassType) -> Type {
        let substitution = Substitution::for_class(self, owner);
        if substitution.is_empty() {
            return raw;
        }
        match self.kind(raw).clone() {
            TypeKind::Function(function) if function.substitution.is_empty() => {
                self.intern(TypeKind::Function(FunctionType {
                    id: function.id,
                    substitution: substitution.to_pairs(),
                }))
            }
            TypeKind::Overloaded(items) => {
                let items: Box<[Type]> = items.iter().map(|item| self.specialize_member(*item, owner)).collect();
                self.intern(TypeKind::Overloaded(items))
            }
            _ => substitution.apply(self, raw),
        }
    }

    /// The method that decides a class's constructor arguments, bound: `__init__`, or `__new__`
    /// when only `__new__` is customized below `object`. The flag says whether it is `__new__`.
    pub fn constructor_method(&self, own: &ClassType) -> Option<(Type, bool)> {
        if let Some((signature, owner)) = self.inherited_synthesized_constructor(own) {
            let mut substitution = Substitution::for_class(self, &owner);
            // A field declared as `Self` (by any class of the MRO: the fields include inherited
            // ones) holds an instance of the class being constructed.
            let constructed = self.intern(TypeKind::Instance(own.clone()));
            substitution.insert_self_through_mro(self, own.class, constructed);
            let signature = substitution.apply_signature(self, &signature, 0);
            return Some((self.intern(TypeKind::Callable(Box::new(signature))), false));
        }
        let object = self.known_class("builtins", "object");
        let init_owner = self.class_member_owner(own, "__init__");
        let new_owner = self.class_member_owner(own, "__new__");
        // A base that could not be resolved may define the constructor itself, ahead of the
        // bases that are known: unless the class defines it, any arguments are accepted.
        let defined_here = |owner: &Option<ClassType>| owner.as_ref().is_some_and(|owner| owner.class == own.class);
        if self.class_info(own.class).has_dynamic_base && !defined_here(&init_owner) && !defined_here(&new_owner) {
            let signature = Signature {
                parameters: Vec::new(),
                return_type: Type::NONE,
                gradual: true,
                param_spec: None,
            };
            return Some((self.intern(TypeKind::Callable(Box::new(signature))), false));
        }
        let use_new = match (&init_owner, &new_owner) {
            (Some(init), Some(new)) => Some(init.class) == object && new.class != init.class,
            (None, Some(_)) => true,
            _ => false,
        };
        if use_new {
            // `__new__` is a static method taking the class first.
            let (new, _) = self.lookup_in_mro(own, "__new__", false)?;
            let receiver = self.intern(TypeKind::ClassLiteral(own.clone()));
            Some((
                self.intern(TypeKind::BoundMethod {
                    receiver,
                    function: new,
                }),
                true,
            ))
        } else {
            let instance = self.intern(TypeKind::Instance(own.clone()));
            member_of(self, instance, "__init__").map(|init| (init, false))
        }
    }

    /// The signature of a callable value.
    pub fn signature_of_function(&self, function: &FunctionType) -> Signature {
        let signature = self.function_signature(function.id);
        if function.substitution.is_empty() {
            return (*signature).clone();
        }
        Substitution::from_pairs(&function.substitution).apply_signature(self, &signature, 0)
    }

    /// Binds a function to a receiver: solves the first parameter against the receiver, maps
    /// `Self` to it, and drops that parameter.
    pub fn bound_signature(&self, receiver: Type, function: &FunctionType) -> Signature {
        let signature = self.signature_of_function(function);
        let mut substitution = Substitution::new();
        // A literal is a value, not a class: `Self` of a method called on `Literal[Color.RED]`
        // is the enum (`Flag.__or__` returns a `Color`, which may be any member).
        let self_receiver = crate::relation::literal_class(self, receiver).unwrap_or(receiver);
        if let Some(first) = signature.parameters.first()
            && matches!(
                first.kind,
                ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
            )
        {
            solve(self, first.ty, receiver, &mut substitution);
            if let TypeKind::TypeVar(var @ TypeVarId::SelfOf(_)) = self.kind(first.ty) {
                substitution.insert(*var, self_receiver);
            }
            if let TypeKind::SubclassOf(ct) = self.kind(first.ty)
                && let TypeKind::ClassLiteral(receiver_class) | TypeKind::SubclassOf(receiver_class) =
                    self.kind(receiver)
            {
                // `cls` of a classmethod: `Self` is an instance of the receiver class.
                let _ = ct;
                let instance = self.intern(TypeKind::Instance(receiver_class.clone()));
                substitution.insert(TypeVarId::SelfOf(ct.class), instance);
            }
        }
        // `Self` of the defining class stands for the receiver (instances of it).
        let self_instance = match self.kind(receiver) {
            TypeKind::ClassLiteral(ct) | TypeKind::SubclassOf(ct) => self.intern(TypeKind::Instance(ct.clone())),
            // `cls` of type `type[Self]` (or `type[T]`): the instances are the variable's values.
            TypeKind::SubclassOfTypeVar(var) => self.intern(TypeKind::TypeVar(*var)),
            _ => self_receiver,
        };
        if let Some(class) = self.defining_class(function.id)
            && substitution.get(TypeVarId::SelfOf(class)).is_none()
        {
            substitution.insert(TypeVarId::SelfOf(class), self_instance);
        }
        let mut bound = substitution.apply_signature(self, &signature, 0);
        if !bound.parameters.is_empty()
            && matches!(
                bound.parameters[0].kind,
                ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
            )
        {
            bound.parameters.remove(0);
        }
        bound
    }

    /// A callable's signature once its first positional parameter is given `receiver`.
    pub fn bind_callable_signature(&self, receiver: Type, signature: &Signature) -> Signature {
        let Some(first) = signature.parameters.first() else {
            return signature.clone();
        };
        if !matches!(
            first.kind,
            ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
        ) {
            // `(*args, **kwargs)` takes the receiver in `*args`.
            return signature.clone();
        }
        let mut substitution = Substitution::new();
        solve(self, first.ty, receiver, &mut substitution);
        let mut bound = substitution.apply_signature(self, signature, 0);
        bound.parameters.remove(0);
        bound
    }

    /// For a constructor, whose receiver is the class with its own type parameters: the receiver
    /// specialized so that an annotated `self` of `function` accepts it (`dict[_KT, _VT]` for
    /// `self: dict[str, _VT]` becomes `dict[str, _VT]`), with the parameters that fixes.
    pub fn specialize_receiver_for(&self, receiver: Type, function: &FunctionType) -> Option<(Type, Substitution)> {
        let TypeKind::Instance(instance) = self.kind(receiver) else {
            return None;
        };
        if !instance
            .args
            .iter()
            .any(|arg| matches!(self.kind(*arg), TypeKind::TypeVar(_)))
        {
            return None;
        }
        let signature = self.signature_of_function(function);
        let first = signature.parameters.first().filter(|first| first.annotated)?;
        if !matches!(self.kind(first.ty), TypeKind::Instance(_)) {
            return None;
        }
        let mut substitution = Substitution::new();
        solve(self, receiver, first.ty, &mut substitution);
        let specialized = substitution.apply(self, receiver);
        crate::relation::is_assignable(self, specialized, first.ty).then_some((specialized, substitution))
    }

    /// Whether `name` is bound in the body of `class` without being declared there.
    pub fn is_undeclared_class_member(&self, class: ClassId, name: &str) -> bool {
        let Some(scope) = self.class_body_scope(class, &self.class_info(class)) else {
            return false;
        };
        let scope_data = self.index(class.file).scope(scope);
        scope_data.symbol(name).is_some_and(|symbol| {
            let flags = &scope_data.symbol_data(symbol).flags;
            flags.bound && !flags.declared
        })
    }

    /// Whether a method applies to a receiver: an explicitly annotated `self` (as in overloads
    /// like `def write(self: IO[bytes], ...)`) must accept it.
    pub fn receiver_matches(&self, receiver: Type, function: &FunctionType) -> bool {
        let signature = self.signature_of_function(function);
        let Some(first) = signature.parameters.first() else {
            return true;
        };
        if !first.annotated || receiver.is_dynamic() {
            return true;
        }
        let mut substitution = Substitution::new();
        solve(self, first.ty, receiver, &mut substitution);
        let expected = substitution.apply(self, first.ty);
        crate::relation::is_assignable(self, receiver, expected)
    }

    /// The overloads of a method that apply to a receiver.
    pub fn applicable_overloads(&self, receiver: Type, items: &[Type]) -> Vec<Type> {
        items
            .iter()
            .copied()
            .filter(|item| match self.kind(*item) {
                TypeKind::Function(function) => self.receiver_matches(receiver, function),
                _ => true,
            })
            .collect()
    }

    /// The class whose body defines a method.
    pub fn defining_class(&self, function: crate::ty::FunctionId) -> Option<ClassId> {
        let index = self.index(function.file);
        let scope = index.definition(function.definition).scope;
        match index.scope(scope).kind {
            awaitype_semantic::ScopeKind::Class(node) => index.definition_of_node(node).map(|definition| ClassId {
                file: function.file,
                definition,
            }),
            _ => None,
        }
    }

    /// Looks up an attribute as Python's `getattr` would, without reporting.
    pub fn member(&self, ty: Type, name: &str) -> Option<Type> {
        member_of(self, ty, name)
    }
}

/// The signature of a callable value, if it has exactly one.
/// A value's signature where it must fit a callable type. A method taken from its class
/// (`C.method`) takes its receiver as an ordinary first argument, so its `Self` means an instance
/// of that class. (A call solves `Self` from the arguments instead: `object.__new__(C)` is a `C`.)
pub(crate) fn callable_value_signature(db: &Db, ty: Type) -> Option<Signature> {
    let TypeKind::Function(function) = db.kind(ty) else {
        return callable_signature_of(db, ty);
    };
    let signature = db.signature_of_function(function);
    let Some(class) = db.defining_class(function.id) else {
        return Some(signature);
    };
    let mut substitution = Substitution::new();
    let instance = db.intern(TypeKind::Instance(db.default_specialization(class)));
    substitution.insert(TypeVarId::SelfOf(class), instance);
    Some(substitution.apply_signature(db, &signature, 0))
}

pub(crate) fn callable_signature_of(db: &Db, ty: Type) -> Option<Signature> {
    match db.kind(ty) {
        TypeKind::Function(function) => Some(db.signature_of_function(function)),
        TypeKind::Callable(signature) => Some((**signature).clone()),
        TypeKind::BoundMethod { receiver, function } => match db.kind(*function) {
            TypeKind::Function(f) => Some(db.bound_signature(*receiver, f)),
            TypeKind::Callable(signature) => Some((**signature).clone()),
            // The first applicable overload stands for the callable when one signature is needed.
            TypeKind::Overloaded(items) => {
                let applicable = db.applicable_overloads(*receiver, items);
                applicable.first().and_then(|first| match db.kind(*first) {
                    TypeKind::Function(f) => Some(db.bound_signature(*receiver, f)),
                    _ => None,
                })
            }
            _ => None,
        },
        TypeKind::Overloaded(items) => items.last().and_then(|last| callable_signature_of(db, *last)),
        TypeKind::ClassLiteral(class) => {
            let own = if class.args.is_empty() {
                db.default_specialization(class.class)
            } else {
                class.clone()
            };
            // A metaclass `__call__` of its own decides what calling the class does.
            if let Some(call) = db.metaclass_call(&own) {
                return callable_signature_of(db, call);
            }
            let instance = db.intern(TypeKind::Instance(own.clone()));
            if let Some(signature) = foreign_new_signature(db, &own, instance) {
                return Some(signature);
            }
            let (method, _) = db.constructor_method(&own)?;
            let mut signature = callable_signature_of(db, method)?;
            signature.return_type = instance;
            Some(signature)
        }
        TypeKind::Instance(_) => {
            let call = lookup_dunder_of(db, ty, "__call__")?;
            callable_signature_of(db, call)
        }
        TypeKind::Unknown | TypeKind::Any => Some(Signature {
            parameters: Vec::new(),
            return_type: ty,
            gradual: true,
            param_spec: None,
        }),
        _ => None,
    }
}

/// The overloads of a class's constructor as callables returning its instance, when calling the
/// class runs an overloaded `__init__` or `__new__` (`None` otherwise): a class fits a callable
/// type when one of them does.
pub(crate) fn constructor_overloads(db: &Db, class: &ClassType) -> Option<Vec<Type>> {
    let own = if class.args.is_empty() {
        db.default_specialization(class.class)
    } else {
        class.clone()
    };
    if db.metaclass_call(&own).is_some() {
        return None;
    }
    let instance = db.intern(TypeKind::Instance(own.clone()));
    if foreign_new_signature(db, &own, instance).is_some() {
        return None;
    }
    let (method, _) = db.constructor_method(&own)?;
    let TypeKind::BoundMethod { receiver, function } = db.kind(method).clone() else {
        return None;
    };
    let TypeKind::Overloaded(items) = db.kind(function).clone() else {
        return None;
    };
    let callables = items
        .iter()
        .filter_map(|item| {
            let bound = db.intern(TypeKind::BoundMethod {
                receiver,
                function: *item,
            });
            let mut signature = callable_signature_of(db, bound)?;
            signature.return_type = instance;
            Some(db.intern(TypeKind::Callable(Box::new(signature))))
        })
        .collect();
    Some(callables)
}

impl Db {
    /// The `__new__` a class defines or inherits from a class other than `object`, bound to the
    /// class; `None` when only `object.__new__` would run.
    pub(crate) fn defined_new_method(&self, own: &ClassType) -> Option<Type> {
        let owner = self.class_member_owner(own, "__new__")?;
        if self.known_class("builtins", "object") == Some(owner.class) {
            return None;
        }
        let (new, _) = self.lookup_in_mro(own, "__new__", false)?;
        let receiver = self.intern(TypeKind::ClassLiteral(own.clone()));
        Some(self.intern(TypeKind::BoundMethod {
            receiver,
            function: new,
        }))
    }
}

/// The signature of a class's own `__new__` (below `object`) when it returns something other
/// than an instance of the class (declared `Any`, or another type): then `__init__` is not
/// run, and calling the class is calling `__new__`.
fn foreign_new_signature(db: &Db, own: &ClassType, instance: Type) -> Option<Signature> {
    let bound = db.defined_new_method(own)?;
    let signature = callable_signature_of(db, bound)?;
    let returned = signature.return_type;
    let foreign =
        returned == Type::ANY || (!returned.is_dynamic() && !crate::relation::is_assignable(db, returned, instance));
    foreign.then_some(signature)
}

/// Binds a raw class attribute found on an instance's class.
fn bind_to_instance(db: &Db, raw: Type, receiver: Type) -> Type {
    match db.kind(raw).clone() {
        TypeKind::Function(function) => {
            let flags = db.function_flags(function.id);
            if flags.staticmethod {
                raw
            } else if flags.classmethod {
                let class = fallback_instance(db, receiver)
                    .map(|ct| db.intern(TypeKind::ClassLiteral(ct)))
                    .unwrap_or(Type::UNKNOWN);
                db.intern(TypeKind::BoundMethod {
                    receiver: class,
                    function: raw,
                })
            } else if flags.property {
                db.bound_signature(receiver, &function).return_type
            } else {
                db.intern(TypeKind::BoundMethod {
                    receiver,
                    function: raw,
                })
            }
        }
        TypeKind::Overloaded(items) => {
            let first_flags = match items.first().map(|i| db.kind(*i).clone()) {
                Some(TypeKind::Function(f)) => db.function_flags(f.id),
                _ => Default::default(),
            };
            if first_flags.staticmethod {
                raw
            } else {
                db.intern(TypeKind::BoundMethod {
                    receiver,
                    function: raw,
                })
            }
        }
        TypeKind::Instance(_) => descriptor_get(db, raw, receiver)
            .map(|got| self_of_receiver(db, raw, got, receiver))
            .unwrap_or(raw),
        _ => raw,
    }
}

/// What a `classmethod` object's `__get__` returned (a `classmethod` over a decorated `-> Self`
/// method), with `Self` of the receiver's class (and its bases) meaning the receiver's instance
/// type. Other descriptors bind nothing to the receiver.
fn self_of_receiver(db: &Db, descriptor: Type, got: Type, receiver: Type) -> Type {
    let is_classmethod = matches!(db.kind(descriptor), TypeKind::Instance(class)
        if Some(class.class) == db.known_class("builtins", "classmethod"));
    if !is_classmethod {
        return got;
    }
    let class = match db.kind(receiver) {
        TypeKind::ClassLiteral(class) | TypeKind::SubclassOf(class) => Some(class.clone()),
        _ => fallback_instance(db, receiver),
    };
    let Some(class) = class else {
        return got;
    };
    let instance = db.intern(TypeKind::Instance(class.clone()));
    let mut substitution = Substitution::new();
    substitution.insert_self_through_mro(db, class.class, instance);
    substitution.apply(db, got)
}

/// The descriptor protocol: an attribute whose class defines `__get__` evaluates to what
/// `__get__(instance, owner)` returns (`instance` is `None` for access on the class).
fn descriptor_get(db: &Db, descriptor: Type, instance: Type) -> Option<Type> {
    let descriptor_class = fallback_instance(db, descriptor)?;
    let (get, _) = db.lookup_in_mro(&descriptor_class, "__get__", false)?;
    let candidates: Vec<Type> = match db.kind(get).clone() {
        TypeKind::Overloaded(items) => items.to_vec(),
        _ => vec![get],
    };
    for candidate in candidates {
        let TypeKind::Function(function) = db.kind(candidate).clone() else {
            continue;
        };
        let signature = db.bound_signature(descriptor, &function);
        let Some(instance_parameter) = signature.parameters.first() else {
            continue;
        };
        let mut substitution = Substitution::new();
        solve(db, instance_parameter.ty, instance, &mut substitution);
        let expected = substitution.apply(db, instance_parameter.ty);
        if crate::relation::is_assignable(db, instance, expected) {
            return Some(substitution.apply(db, signature.return_type));
        }
    }
    None
}

/// Binds a raw attribute found on a class, accessed on the class object itself.
fn bind_to_class(db: &Db, raw: Type, class_object: Type) -> Type {
    match db.kind(raw).clone() {
        TypeKind::Function(function) => {
            let flags = db.function_flags(function.id);
            if flags.property {
                // A property accessed on its class is the `property` object itself.
                db.known_instance("builtins", "property", &[])
            } else if flags.classmethod {
                db.intern(TypeKind::BoundMethod {
                    receiver: class_object,
                    function: raw,
                })
            } else {
                raw
            }
        }
        TypeKind::Overloaded(items) => {
            let classmethod = match items.first().map(|i| db.kind(*i).clone()) {
                Some(TypeKind::Function(f)) => db.function_flags(f.id).classmethod,
                _ => false,
            };
            if classmethod {
                db.intern(TypeKind::BoundMethod {
                    receiver: class_object,
                    function: raw,
                })
            } else {
                raw
            }
        }
        TypeKind::Instance(_) => descriptor_get(db, raw, Type::NONE)
            .map(|got| self_of_receiver(db, raw, got, class_object))
            .unwrap_or(raw),
        _ => raw,
    }
}

/// A dunder method looked up on the type (not the instance), bound to the value.
pub(crate) fn lookup_dunder_of(db: &Db, ty: Type, name: &str) -> Option<Type> {
    match db.kind(ty) {
        TypeKind::Unknown | TypeKind::Any => Some(ty),
        TypeKind::Union(_) => None,
        TypeKind::ClassLiteral(ct) | TypeKind::SubclassOf(ct) => {
            // Dunders of a class object come from its metaclass.
            let meta = db
                .class_info(ct.class)
                .metaclass
                .clone()
                .or_else(|| db.known_class("builtins", "type").map(ClassType::plain))?;
            let (raw, _) = db.lookup_in_mro(&meta, name, false)?;
            Some(bind_to_instance(db, raw, ty))
        }
        _ => {
            let instance = fallback_instance(db, ty)?;
            let (raw, owner) = lookup_instance_member(db, &instance, name, false)?;
            Some(bind_member_to_instance(db, raw, ty, &owner, name))
        }
    }
}

/// Looks `name` up on an instance's class and its bases. A TypedDict with limited extra items
/// (PEP 728) is a `Mapping[str, V]` of its value types, which answers first (the stubs'
/// `_TypedDict` says `object` for the values), and a `dict[str, V]` when it is assignable to
/// one, which answers what the TypedDict lacks (`clear`, `popitem`, `__setitem__` with any key).
fn lookup_instance_member(
    db: &Db,
    instance: &ClassType,
    name: &str,
    instance_attributes: bool,
) -> Option<(Type, ClassType)> {
    let views = db
        .is_typed_dict(instance.class)
        .then(|| crate::typed_dict_relation::typed_dict_mapping_views(db, instance))
        .flatten();
    if let Some((mapping, _)) = &views
        && let Some(found) = db.lookup_in_mro(mapping, name, instance_attributes)
        && !crate::relation::is_object(db, found.1.class)
    {
        return Some(found);
    }
    if let Some(found) = db.lookup_in_mro(instance, name, instance_attributes) {
        return Some(found);
    }
    let (_, Some(dict)) = views? else {
        return None;
    };
    db.lookup_in_mro(&dict, name, instance_attributes)
}

/// Binds a class attribute found on `owner` to an instance. A callable value that the class
/// body binds without declaring it (a `def` whose decorator returns a `Callable`, such as
/// `@contextmanager`, or `method = make_method()`) is a method too: its first parameter takes
/// the instance. A declared `x: Callable[...]` is an instance variable and stays unbound.
fn bind_member_to_instance(db: &Db, raw: Type, receiver: Type, owner: &ClassType, name: &str) -> Type {
    if let TypeKind::Callable(signature) = db.kind(raw)
        && db.is_undeclared_class_member(owner.class, name)
    {
        return db.intern(TypeKind::Callable(Box::new(
            db.bind_callable_signature(receiver, signature),
        )));
    }
    bind_to_instance(db, raw, receiver)
}

/// An attribute read through a type variable bounded by `class` (`self.items` where `self` is
/// `Self`, or a `T` bounded by the class): `Self` of `class` and of its bases, in the attribute's
/// declared type, stands for the variable's value rather than for the bound.
fn self_as_variable(db: &Db, attribute: Type, class: &ClassType, var: TypeVarId) -> Type {
    let value = db.intern(TypeKind::TypeVar(var));
    let mut substitution = Substitution::new();
    substitution.insert_self_through_mro(db, class.class, value);
    substitution.apply(db, attribute)
}

fn member_of(db: &Db, ty: Type, name: &str) -> Option<Type> {
    match db.kind(ty).clone() {
        TypeKind::Unknown | TypeKind::Any => Some(ty),
        TypeKind::Never => Some(Type::NEVER),
        TypeKind::Module(module) => db.module_member(&module, name).or_else(|| {
            // Attributes every module object has (`__name__`, `__dict__`, ...), but not
            // `ModuleType.__getattr__`, which would make every missing member `Any`.
            let module_type = db.known_class("types", "ModuleType")?;
            let (raw, _) = db.lookup_in_mro(&ClassType::plain(module_type), name, true)?;
            Some(bind_to_instance(db, raw, ty))
        }),
        TypeKind::ClassLiteral(class) | TypeKind::SubclassOf(class) => {
            let specialized = if class.args.is_empty() {
                db.default_specialization(class.class)
            } else {
                class.clone()
            };
            // Attributes assigned through `cls.x = ...` in class methods count too.
            if let Some((raw, _)) = db.lookup_in_mro(&specialized, name, false) {
                return Some(bind_to_class(db, raw, ty));
            }
            // Attributes of the metaclass (`__name__`, `mro`, ...), bound to the class.
            let meta = db
                .class_info(class.class)
                .metaclass
                .clone()
                .or_else(|| db.known_class("builtins", "type").map(ClassType::plain))?;
            if let Some((raw, _)) = db.lookup_in_mro(&meta, name, true) {
                return Some(bind_to_instance(db, raw, ty));
            }
            db.class_info(class.class).has_dynamic_base.then_some(Type::UNKNOWN)
        }
        TypeKind::Union(members) => {
            let lenient = crate::relation::has_dynamic_member(db, ty);
            let mut found = Vec::new();
            for member in members.iter() {
                match member_of(db, *member, name) {
                    Some(member_type) => found.push(member_type),
                    None if lenient => found.push(Type::UNKNOWN),
                    None => return None,
                }
            }
            Some(union(db, found))
        }
        TypeKind::SubclassOfTypeVar(var) => {
            // The class object of the bound (or `type`).
            let bound = db.typevar(var).bound;
            let Some(TypeKind::Instance(class)) = bound.map(|b| db.kind(b).clone()) else {
                return member_of(db, db.known_instance("builtins", "type", &[]), name);
            };
            let raw = member_of(db, db.intern(TypeKind::SubclassOf(class.clone())), name)?;
            // Class methods stay bound to the variable's class; `Self` in an attribute is its value.
            Some(match db.kind(raw).clone() {
                TypeKind::BoundMethod { function, .. } => db.intern(TypeKind::BoundMethod { receiver: ty, function }),
                _ => self_as_variable(db, raw, &class, var),
            })
        }
        TypeKind::TypeVar(var) => {
            let info = db.typevar(var);
            if let Some(bound) = info.bound {
                let raw = member_of(db, bound, name)?;
                // Methods stay bound to the type variable's value, and `Self` in an attribute
                // declared by the bound's class (or a base) is that value too.
                return Some(match (db.kind(raw).clone(), db.kind(bound).clone()) {
                    (TypeKind::BoundMethod { function, .. }, _) => {
                        db.intern(TypeKind::BoundMethod { receiver: ty, function })
                    }
                    (_, TypeKind::Instance(class)) => self_as_variable(db, raw, &class, var),
                    _ => raw,
                });
            }
            if !info.constraints.is_empty() {
                let mut found = Vec::new();
                for constraint in &info.constraints {
                    found.push(member_of(db, *constraint, name)?);
                }
                return Some(union(db, found));
            }
            let object = db.known_instance("builtins", "object", &[]);
            member_of(db, object, name)
        }
        // A value typed `Callable` is nearly always a function, and code reads its `__name__`,
        // `__qualname__` or `__wrapped__`: attributes missing on `object` are looked up on
        // `types.FunctionType`. Calling it still goes through the signature.
        TypeKind::Callable(_) if name != "__call__" => {
            let object = fallback_instance(db, ty)?;
            let function = db.known_class("types", "FunctionType").map(ClassType::plain);
            let (raw, owner) = db
                .lookup_in_mro(&object, name, true)
                .or_else(|| db.lookup_in_mro(&function?, name, true))?;
            Some(bind_member_to_instance(db, raw, ty, &owner, name))
        }
        _ => {
            let instance = fallback_instance(db, ty)?;
            if name == "__init__"
                && let Some(init) = db.synthesized_init_member(&instance)
            {
                return Some(init);
            }
            if let Some((raw, owner)) = lookup_instance_member(db, &instance, name, true) {
                return Some(bind_member_to_instance(db, raw, ty, &owner, name));
            }
            // `__getattr__`, or a `__getattribute__` of a class's own (`threading.local`), makes
            // every attribute available, of the type it returns.
            for hook in ["__getattr__", "__getattribute__"] {
                if name != hook
                    && let Some((raw, owner)) = db.lookup_in_mro(&instance, hook, false)
                    && (hook == "__getattr__" || !crate::relation::is_object(db, owner.class))
                    && let Some(signature) = callable_signature_of(db, bind_to_instance(db, raw, ty))
                {
                    return Some(signature.return_type);
                }
            }
            // A plain `type` is `type[Any]`: some class, whose own attributes are unknown (`Any`).
            if instance.args.is_empty() && db.known_class("builtins", "type") == Some(instance.class) {
                return Some(Type::ANY);
            }
            db.class_info(instance.class).has_dynamic_base.then_some(Type::UNKNOWN)
        }
    }
}

impl Inferrer<'_> {
    /// `value.name`, reporting `unresolved-attribute` when it does not exist.
    pub(crate) fn attribute_of(&mut self, value: Type, name: &str, range: TextRange, report: bool) -> Type {
        let db = self.db;
        // A value of type `Never` does not exist: whatever is done with it is unreachable.
        if value.is_never() {
            return value;
        }
        if let Some(ty) = member_of(db, value, name) {
            return ty;
        }
        if report && self.is_reporting() {
            let message = match db.kind(value) {
                TypeKind::Module(module) => format!("Module `{}` has no member `{name}`", module.name),
                TypeKind::ClassLiteral(_) => {
                    format!("Class `{}` has no attribute `{name}`", self.display(value))
                }
                TypeKind::Union(members) => {
                    let missing: Vec<String> = members
                        .iter()
                        .filter(|m| member_of(db, **m, name).is_none())
                        .map(|m| format!("`{}`", self.display(*m)))
                        .collect();
                    format!(
                        "Attribute `{name}` is not defined on {} in union `{}`",
                        missing.join(", "),
                        self.display(value)
                    )
                }
                _ => {
                    let hint = match self.forgot_await_hint(value) {
                        "" => self.attribute_suggestion(value, name),
                        hint => hint.to_string(),
                    };
                    format!(
                        "Object of type `{}` has no attribute `{name}`{hint}",
                        self.display(value)
                    )
                }
            };
            self.report(range, Rule::UnresolvedAttribute, message);
        }
        Type::UNKNOWN
    }

    /// An attribute of the value's class close to a misspelled one.
    fn attribute_suggestion(&self, value: Type, name: &str) -> String {
        let db = self.db;
        let Some(instance) = fallback_instance(db, value) else {
            return String::new();
        };
        let mut candidates: Vec<String> = Vec::new();
        for entry in db.mro_of(&instance) {
            let info = db.class_info(entry.class);
            let Some(scope) = db.class_body_scope(entry.class, &info) else {
                continue;
            };
            let index = db.index(entry.class.file);
            candidates.extend(
                index
                    .scope(scope)
                    .symbols
                    .iter()
                    .filter(|s| s.flags.bound || s.flags.declared)
                    .map(|s| s.name.to_string()),
            );
            candidates.extend(index.instance_attribute_names(scope).map(str::to_string));
        }
        crate::suggest::hint(name, candidates.iter().map(String::as_str))
    }

    /// Calls a dunder method without reporting; `None` if it is missing or rejects the arguments.
    pub fn call_dunder_silently(&mut self, ty: Type, name: &str, args: &[Type]) -> Option<Type> {
        self.call_dunder(ty, name, args)
    }

    /// Whether the type of `ty` defines the dunder method `name`.
    pub fn has_dunder(&mut self, ty: Type, name: &str) -> bool {
        self.lookup_dunder(ty, name).is_some()
    }

    pub(crate) fn lookup_dunder(&mut self, ty: Type, name: &str) -> Option<Type> {
        lookup_dunder_of(self.db, ty, name)
    }

    /// Calls `ty.name(*args)` looked up on the type; `None` if missing or the call does not fit.
    pub(crate) fn call_dunder(&mut self, ty: Type, name: &str, args: &[Type]) -> Option<Type> {
        if let TypeKind::Union(members) = self.db.kind(ty).clone() {
            let lenient = crate::relation::has_dynamic_member(self.db, ty);
            let mut results = Vec::new();
            for member in members.iter() {
                match self.call_dunder(*member, name, args) {
                    Some(result) => results.push(result),
                    None if lenient => results.push(Type::UNKNOWN),
                    None => return None,
                }
            }
            return Some(union(self.db, results));
        }
        let method = self.lookup_dunder(ty, name)?;
        let arguments: Vec<crate::infer::Argument> = args
            .iter()
            .map(|ty| crate::infer::Argument {
                kind: crate::infer::ArgumentKind::Positional,
                ty: *ty,
                range: TextRange::default(),
                expr: None,
            })
            .collect();
        self.try_call(method, &arguments).ok()
    }
}

#[salsa::tracked(returns(copy), cycle_fn = enum_members_next_round, cycle_initial = no_enum_members)]
fn enum_has_members_query<'db>(db: &'db dyn crate::db::TypeDb, key: crate::db::DefinitionKey<'db>) -> bool {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| db.compute_enum_has_members(class))
}

fn no_enum_members(_db: &dyn crate::db::TypeDb, _id: salsa::Id, _key: crate::db::DefinitionKey<'_>) -> bool {
    false
}

fn enum_members_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &bool,
    value: bool,
    _key: crate::db::DefinitionKey<'_>,
) -> bool {
    crate::cycle::next_round(cycle, value, || false)
}
