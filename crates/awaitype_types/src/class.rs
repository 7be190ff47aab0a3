//! Classes: name, type parameters, specialized bases and the C3 method resolution order,
//! computed lazily per class from its `class` statement and memoized.

use std::sync::Arc;

use awaitype_semantic::{DefinitionKind, ScopeId};
use ruff_python_ast::name::Name;
use ruff_python_ast::{Expr, StmtClassDef};

use crate::db::Db;
use crate::db::DefinitionKey;
use crate::infer::Inferrer;
use crate::subst::Substitution;
use crate::ty::{ClassId, ClassType, KnownInstance, SpecialForm, Type, TypeKind, TypeVarId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassInfo {
    pub name: Name,
    /// Computed from the class's `class` statement (see [`Db::class_statement`]); not for a
    /// class made by a call, nor for the placeholder of a class whose bases are in a cycle.
    /// Memoized values hold no AST nodes (they may outlive the module they were computed from).
    pub from_statement: bool,
    pub type_params: Vec<TypeVarId>,
    /// Explicit bases, specialized in terms of this class's type parameters.
    pub bases: Vec<ClassType>,
    /// The method resolution order, starting with the class itself (with its own type
    /// parameters as arguments), each entry specialized in terms of those parameters.
    pub mro: Vec<ClassType>,
    pub metaclass: Option<ClassType>,
    pub is_protocol: bool,
    /// Some base is `Any`/`Unknown` or could not be resolved: unknown attributes are not errors.
    pub has_dynamic_base: bool,
    /// For subclasses of a fixed-length tuple (`class V(tuple[int, str])`, `sys.version_info`):
    /// the element types, so indexing and unpacking stay precise.
    pub tuple_elements: Option<Box<[Type]>>,
    /// The class inherits from itself, directly or through its bases.
    pub is_cyclic: bool,
    /// Its instances are TypedDicts: typeshed's `typing._TypedDict` is a base (decided once here,
    /// since assignability asks for every pair of classes).
    pub is_typed_dict: bool,
}

impl Db {
    pub fn class_info(&self, class: ClassId) -> Arc<ClassInfo> {
        class_info_query(self, self.definition_key(class.file, class.definition))
    }

    pub fn class_name(&self, class: ClassId) -> Name {
        let index = self.index(class.file);
        match index.definition(class.definition).kind {
            DefinitionKind::Class(node) => node.name.id.clone(),
            _ => self
                .functional_class(class)
                .map_or_else(|| Name::new_static("<unknown>"), |functional| functional.name.clone()),
        }
    }

    /// `ClassType` with the class's own type parameters as arguments (the "identity" specialization).
    pub fn class_self_type(&self, class: ClassId) -> ClassType {
        let info = self.class_info(class);
        ClassType {
            class,
            args: info
                .type_params
                .iter()
                .map(|tv| self.intern(TypeKind::TypeVar(*tv)))
                .collect(),
        }
    }

    /// The MRO of a specialized class: each entry with the actual type arguments substituted.
    pub fn mro_of(&self, class_type: &ClassType) -> Vec<ClassType> {
        let info = self.class_info(class_type.class);
        let substitution = Substitution::for_class_with(&info, class_type);
        info.mro
            .iter()
            .map(|entry| specialize_entry(self, &substitution, entry))
            .collect()
    }

    /// The first entry of `class_type`'s MRO that satisfies `test` (which sees the entry's
    /// class), specialized like [`Db::mro_of`] would: only that entry is specialized.
    pub fn find_in_mro(&self, class_type: &ClassType, mut test: impl FnMut(ClassId) -> bool) -> Option<ClassType> {
        let info = self.class_info(class_type.class);
        let entry = info.mro.iter().find(|entry| test(entry.class))?;
        let substitution = Substitution::for_class_with(&info, class_type);
        Some(specialize_entry(self, &substitution, entry))
    }

    /// Views `class_type` as an instance of `target` (a base in its MRO), with arguments.
    pub fn upcast(&self, class_type: &ClassType, target: ClassId) -> Option<ClassType> {
        if class_type.class == target {
            return Some(class_type.clone());
        }
        self.find_in_mro(class_type, |class| class == target)
    }

    /// The class of `None` (`types.NoneType`, or typeshed's private stand-in before 3.10).
    pub(crate) fn none_type_class(&self) -> Option<ClassId> {
        self.known_class("types", "NoneType")
            .or_else(|| self.known_class("_typeshed", "NoneType"))
    }

    /// The scope of the class body a class's info was computed from. Not kept in the info: scope
    /// ids move when an edit adds a lambda or a function before the class.
    pub(crate) fn class_body_scope(&self, class: ClassId, info: &ClassInfo) -> Option<ScopeId> {
        let node = self.class_statement(class, info)?;
        self.index(class.file).scope_of_node(node)
    }

    /// The `class` statement a class's info was computed from (see `ClassInfo::from_statement`).
    pub(crate) fn class_statement(&self, class: ClassId, info: &ClassInfo) -> Option<&'static StmtClassDef> {
        if !info.from_statement {
            return None;
        }
        match self.index(class.file).definition(class.definition).kind {
            DefinitionKind::Class(node) => Some(node),
            _ => None,
        }
    }

    pub fn is_subclass(&self, class: ClassId, of: ClassId) -> bool {
        class == of || self.class_info(class).mro.iter().any(|entry| entry.class == of)
    }

    /// Whether every instance of the class is true: it defines neither `__bool__` nor `__len__`
    /// (through its MRO), or its `__bool__` is declared to return `Literal[True]`, and it has no
    /// dynamic base. A query: narrowing asks it of every instance
    /// type it tests for truthiness.
    pub fn instances_always_true(&self, class: ClassId) -> bool {
        always_true_query(self, self.definition_key(class.file, class.definition))
    }

    fn compute_instances_always_true(&self, class: ClassId) -> bool {
        let info = self.class_info(class);
        if info.has_dynamic_base || info.is_protocol {
            return false;
        }
        let own = ClassType::plain(class);
        if self.class_member_owner(&own, "__bool__").is_some() {
            // `def __bool__(self) -> Literal[True]` says so itself.
            let instance = self.intern(TypeKind::Instance(own.clone()));
            return self.member(instance, "__bool__").is_some_and(|method| {
                crate::infer::callable_signature(self, method)
                    .is_some_and(|signature| matches!(self.kind(signature.return_type), TypeKind::BoolLiteral(true)))
            });
        }
        self.class_member_owner(&own, "__len__").is_none()
    }

    /// Whether the class is decorated with `typing.final` (no subclass can exist). A query:
    /// other modules' class statements ask it of their bases.
    pub fn is_final_class(&self, class: ClassId) -> bool {
        is_final_class_query(self, self.definition_key(class.file, class.definition))
    }

    fn compute_is_final_class(&self, class: ClassId) -> bool {
        let Some(node) = self.class_statement(class, &self.class_info(class)) else {
            return false;
        };
        let scope = self.index(class.file).definition(class.definition).scope;
        let mut inferrer = Inferrer::silent(self, class.file, scope);
        node.decorator_list.iter().any(|decorator| {
            let ty = inferrer.infer_expression(&decorator.expression);
            matches!(self.kind(ty), TypeKind::Function(function) if self.is_typing_function(function.id, "final"))
        })
    }

    /// Fills missing type arguments with each parameter's default, or `Unknown`.
    /// The argument a type parameter takes when none is given: `Unknown`, or for a
    /// `TypeVarTuple` a tuple of unknown elements and length.
    pub fn unknown_argument_for(&self, param: TypeVarId) -> Type {
        if self.typevar(param).kind == crate::typevar::TypeVarKind::TypeVarTuple {
            crate::tuple_shape::homogeneous(self, Type::UNKNOWN)
        } else {
            Type::UNKNOWN
        }
    }

    pub fn default_specialization(&self, class: ClassId) -> ClassType {
        let info = self.class_info(class);
        ClassType {
            class,
            args: self.fill_type_arguments(&info.type_params, Vec::new()).into(),
        }
    }

    /// The arguments for `params` when only the first `given` are written (extra ones are
    /// dropped): each missing parameter takes its default (PEP 696), in which the parameters
    /// before it stand for their arguments (`StopT = TypeVar("StopT", default=StartT)` repeats
    /// the start's argument). A parameter without a default, or whose default still mentions
    /// a parameter of `params` (a later one), is `Unknown`.
    pub fn fill_type_arguments(&self, params: &[TypeVarId], mut given: Vec<Type>) -> Vec<Type> {
        given.truncate(params.len());
        let mut substitution = Substitution::new();
        for (param, arg) in params.iter().zip(given.iter()) {
            substitution.insert(*param, *arg);
        }
        for param in params.iter().skip(given.len()) {
            let arg = self
                .typevar(*param)
                .default
                .map(|default| substitution.apply(self, default))
                .filter(|default| {
                    let mut mentioned = Vec::new();
                    collect_typevars(self, *default, &mut mentioned);
                    !mentioned.iter().any(|var| params.contains(var))
                })
                .unwrap_or_else(|| self.unknown_argument_for(*param));
            substitution.insert(*param, arg);
            given.push(arg);
        }
        given
    }
}

fn compute_class_info(db: &Db, class: ClassId) -> ClassInfo {
    let index = db.index(class.file);
    let definition = index.definition(class.definition);
    let DefinitionKind::Class(node) = definition.kind else {
        if let Some(functional) = db.functional_class(class) {
            return functional_class_info(db, class, &functional);
        }
        return unknown_class(class, "<unknown>", false);
    };
    // Bases are evaluated in the scope enclosing the class (or its PEP 695 type-params scope).
    let base_scope = node
        .type_params
        .as_deref()
        .and_then(|params| index.scope_of_node(params))
        .unwrap_or(definition.scope);
    let mut inferrer = Inferrer::silent(db, class.file, base_scope);

    let mut type_params: Vec<TypeVarId> = Vec::new();
    if let Some(params) = &node.type_params {
        for param in &params.type_params {
            if let Some(def) = index.definition_of_node(param) {
                type_params.push(TypeVarId::Definition {
                    file: class.file,
                    definition: def,
                });
            }
        }
    }

    let mut bases = Vec::new();
    let mut is_protocol = false;
    let mut has_dynamic_base = false;
    let mut generic_params: Option<Vec<TypeVarId>> = None;
    let mut appearing_params: Vec<TypeVarId> = Vec::new();
    let mut metaclass = None;
    let mut tuple_elements: Option<Box<[Type]>> = None;
    let mut is_cyclic = false;
    if let Some(arguments) = &node.arguments {
        for base in &arguments.args {
            if matches!(base, Expr::Starred(_)) {
                has_dynamic_base = true;
                continue;
            }
            // `Generic[T]` and `Protocol[T]` declare the parameter order.
            let (head, subscript_args) = match base {
                Expr::Subscript(sub) => (&*sub.value, Some(&*sub.slice)),
                other => (other, None),
            };
            let head_type = inferrer.infer_expression(head);
            match inferrer.db.kind(head_type) {
                TypeKind::SpecialForm(SpecialForm::Generic) => {
                    if let Some(args) = subscript_args {
                        generic_params = Some(typevars_in_slice(&mut inferrer, args));
                    }
                    continue;
                }
                TypeKind::SpecialForm(SpecialForm::TypedDict) => {
                    // `class Movie(TypedDict)`: its instances are typeshed's `_TypedDict`.
                    if let Some(typed_dict) = db.known_class("typing", "_TypedDict") {
                        bases.push(ClassType::plain(typed_dict));
                    }
                    continue;
                }
                TypeKind::SpecialForm(SpecialForm::Protocol) => {
                    is_protocol = true;
                    if let Some(args) = subscript_args {
                        generic_params = Some(typevars_in_slice(&mut inferrer, args));
                    }
                    continue;
                }
                _ => {}
            }
            let base_type = inferrer.type_expression(base);
            match db.kind(base_type) {
                TypeKind::Instance(class_type) => {
                    collect_typevars(db, base_type, &mut appearing_params);
                    if class_type.class == class {
                        has_dynamic_base = true;
                        is_cyclic = true;
                        continue;
                    }
                    bases.push(class_type.clone());
                }
                TypeKind::Tuple(elements) => {
                    // `class C(tuple[int, str])`: a tuple subclass (generic in the type
                    // variables its elements use).
                    collect_typevars(db, base_type, &mut appearing_params);
                    tuple_elements = Some(elements.clone());
                    let element = crate::relation::union(db, elements.iter().copied());
                    if let Some(tuple) = db.known_class("builtins", "tuple") {
                        bases.push(ClassType {
                            class: tuple,
                            args: Box::new([element]),
                        });
                    }
                }
                _ => has_dynamic_base = true,
            }
        }
        for keyword in &arguments.keywords {
            if keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == "metaclass") {
                let meta = inferrer.infer_expression(&keyword.value);
                if let TypeKind::ClassLiteral(meta) = db.kind(meta) {
                    metaclass = Some(meta.clone());
                }
            }
        }
    }
    if type_params.is_empty() {
        type_params = generic_params.unwrap_or(appearing_params);
    }

    let object = db.known_class("builtins", "object");
    if bases.is_empty()
        && Some(class) != object
        && !has_dynamic_base
        && let Some(object) = object
    {
        bases.push(ClassType::plain(object));
    }

    let own = ClassType {
        class,
        args: type_params.iter().map(|tv| db.intern(TypeKind::TypeVar(*tv))).collect(),
    };
    let mro = linearize(db, &own, &bases, &mut has_dynamic_base);
    if metaclass.is_none() {
        metaclass = bases
            .iter()
            .find_map(|base| db.class_info(base.class).metaclass.clone());
    }
    if !has_dynamic_base {
        has_dynamic_base = bases.iter().any(|base| db.class_info(base.class).has_dynamic_base);
    }
    // A base whose own computation ran into this class (and got the cycle fallback), or whose
    // MRO contains this class, closes a cycle.
    is_cyclic |= bases.iter().any(|base| {
        let base_info = db.class_info(base.class);
        base_info.is_cyclic && !base_info.from_statement || base_info.mro.iter().any(|entry| entry.class == class)
    });
    if is_cyclic {
        has_dynamic_base = true;
    }
    if tuple_elements.is_none() {
        tuple_elements = bases
            .iter()
            .find_map(|base| db.class_info(base.class).tuple_elements.clone());
    }

    let is_typed_dict = is_typed_dict_base(db, &bases);
    ClassInfo {
        name: node.name.id.clone(),
        from_statement: true,
        type_params,
        bases,
        mro,
        metaclass,
        is_protocol,
        has_dynamic_base,
        tuple_elements,
        is_cyclic,
        is_typed_dict,
    }
}

/// Whether classes with these bases are TypedDicts: a base is `_TypedDict` or a TypedDict.
fn is_typed_dict_base(db: &Db, bases: &[ClassType]) -> bool {
    let marker = db.known_class("typing", "_TypedDict");
    bases
        .iter()
        .any(|base| Some(base.class) == marker || db.class_info(base.class).is_typed_dict)
}

/// A class made by `namedtuple(...)`, `NamedTuple(...)` or `TypedDict(...)`: a subclass of
/// typeshed's `NamedTuple` (a tuple of its fields) or `_TypedDict`.
fn functional_class_info(db: &Db, class: ClassId, functional: &crate::functional_class::FunctionalClass) -> ClassInfo {
    use crate::functional_class::FunctionalKind;
    let base = match functional.kind {
        FunctionalKind::NamedTuple => db.known_class("typing", "NamedTuple"),
        FunctionalKind::TypedDict { .. } => db.known_class("typing", "_TypedDict"),
        FunctionalKind::Enum { base } => Some(base),
    };
    let bases: Vec<ClassType> = base.into_iter().map(ClassType::plain).collect();
    let mut has_dynamic_base = bases.is_empty();
    let own = ClassType::plain(class);
    let mro = linearize(db, &own, &bases, &mut has_dynamic_base);
    let tuple_elements = matches!(functional.kind, FunctionalKind::NamedTuple)
        .then(|| functional.fields.iter().map(|field| field.ty).collect());
    let metaclass = bases
        .iter()
        .find_map(|base| db.class_info(base.class).metaclass.clone());
    let is_typed_dict = is_typed_dict_base(db, &bases);
    ClassInfo {
        name: functional.name.clone(),
        from_statement: false,
        type_params: Vec::new(),
        bases,
        mro,
        metaclass,
        is_protocol: false,
        has_dynamic_base,
        tuple_elements,
        is_cyclic: false,
        is_typed_dict,
    }
}

fn typevars_in_slice(inferrer: &mut Inferrer<'_>, slice: &'static Expr) -> Vec<TypeVarId> {
    let elements: Vec<&'static Expr> = match slice {
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        other => vec![other],
    };
    let mut params = Vec::new();
    for element in elements {
        let element = match element {
            Expr::Starred(starred) => &*starred.value,
            Expr::Subscript(sub) => &*sub.slice, // Unpack[Ts]
            other => other,
        };
        let ty = inferrer.infer_expression(element);
        if let TypeKind::KnownInstance(KnownInstance::TypeVar(id)) = inferrer.db.kind(ty) {
            params.push(*id);
        }
    }
    params
}

/// Type variables in order of first appearance.
pub(crate) fn collect_typevars(db: &Db, ty: Type, out: &mut Vec<TypeVarId>) {
    match db.kind(ty) {
        TypeKind::TypeVar(id) | TypeKind::SubclassOfTypeVar(id)
            if !out.contains(id) && !matches!(id, TypeVarId::SelfOf(_)) =>
        {
            out.push(*id)
        }
        TypeKind::Instance(ct) | TypeKind::ClassLiteral(ct) | TypeKind::SubclassOf(ct) => {
            for arg in &ct.args {
                collect_typevars(db, *arg, out);
            }
        }
        TypeKind::Tuple(elements) | TypeKind::Union(elements) | TypeKind::AliasReference { args: elements, .. } => {
            for element in elements {
                collect_typevars(db, *element, out);
            }
        }
        TypeKind::TypeGuard { guarded, .. } | TypeKind::Unpacked(guarded) | TypeKind::TypeForm(guarded) => {
            collect_typevars(db, *guarded, out)
        }
        TypeKind::Callable(signature) => {
            for param in &signature.parameters {
                collect_typevars(db, param.ty, out);
            }
            if let Some(var) = signature.param_spec
                && !out.contains(&var)
            {
                out.push(var);
            }
            collect_typevars(db, signature.return_type, out);
        }
        _ => {}
    }
}

/// C3 linearization over specialized bases. On an inconsistent hierarchy, falls back to a
/// depth-first order without duplicates and marks the class dynamic.
fn linearize(db: &Db, own: &ClassType, bases: &[ClassType], dynamic: &mut bool) -> Vec<ClassType> {
    let mut sequences: Vec<Vec<ClassType>> = bases.iter().map(|base| db.mro_of(base)).collect();
    sequences.push(bases.to_vec());
    let mut result = vec![own.clone()];
    loop {
        sequences.retain(|seq| !seq.is_empty());
        if sequences.is_empty() {
            return result;
        }
        let candidate = sequences.iter().find_map(|seq| {
            let head = &seq[0];
            let in_tail = sequences
                .iter()
                .any(|other| other.iter().skip(1).any(|entry| entry.class == head.class));
            (!in_tail).then(|| head.clone())
        });
        let Some(candidate) = candidate else {
            *dynamic = true;
            let mut fallback = vec![own.clone()];
            for seq in sequences {
                for entry in seq {
                    if !fallback.iter().any(|e| e.class == entry.class) {
                        fallback.push(entry);
                    }
                }
            }
            return fallback;
        };
        for seq in &mut sequences {
            if seq.first().is_some_and(|head| head.class == candidate.class) {
                seq.remove(0);
            }
        }
        if result.iter().any(|entry| entry.class == candidate.class) {
            continue;
        }
        result.push(candidate);
    }
}

/// The type variables a type mentions (not counting `Self`), in order of first appearance.
pub fn typevars_of(db: &Db, ty: Type) -> Vec<TypeVarId> {
    let mut out = Vec::new();
    collect_typevars(db, ty, &mut out);
    out
}

/// A salsa query. A class whose bases lead back to itself is, while the cycle is resolved and
/// if it does not settle, a `<cyclic>` class with a dynamic base (reported by the checker).
#[salsa::tracked(returns(clone), cycle_fn = class_info_next_round, cycle_initial = cyclic_class_initial)]
fn class_info_query<'db>(db: &'db dyn crate::db::TypeDb, key: DefinitionKey<'db>) -> Arc<ClassInfo> {
    let class = class_of(db, key);
    let db = db.types();
    crate::db::grow(|| Arc::new(compute_class_info(db, class)))
}

/// The class a query key stands for.
pub(crate) fn class_of(db: &dyn crate::db::TypeDb, key: DefinitionKey<'_>) -> ClassId {
    ClassId {
        file: key.file(db),
        definition: key.definition(db),
    }
}

fn cyclic_class_initial<'db>(
    db: &'db dyn crate::db::TypeDb,
    _id: salsa::Id,
    key: DefinitionKey<'db>,
) -> Arc<ClassInfo> {
    cyclic_class(class_of(db, key))
}

fn class_info_next_round<'db>(
    db: &'db dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &Arc<ClassInfo>,
    value: Arc<ClassInfo>,
    key: DefinitionKey<'db>,
) -> Arc<ClassInfo> {
    crate::cycle::next_round(cycle, value, || cyclic_class(class_of(db, key)))
}

fn cyclic_class(class: ClassId) -> Arc<ClassInfo> {
    Arc::new(unknown_class(class, "<cyclic>", true))
}

/// A class nothing is known about (no class statement, or one whose bases lead back to it): its
/// own MRO entry and a dynamic base, so any attribute is allowed.
fn unknown_class(class: ClassId, name: &'static str, is_cyclic: bool) -> ClassInfo {
    ClassInfo {
        name: Name::new_static(name),
        from_statement: false,
        type_params: Vec::new(),
        bases: Vec::new(),
        mro: vec![ClassType::plain(class)],
        metaclass: None,
        is_protocol: false,
        has_dynamic_base: true,
        tuple_elements: None,
        is_cyclic,
        is_typed_dict: false,
    }
}

fn specialize_entry(db: &Db, substitution: &Substitution, entry: &ClassType) -> ClassType {
    ClassType {
        class: entry.class,
        args: entry.args.iter().map(|arg| substitution.apply(db, *arg)).collect(),
    }
}

#[salsa::tracked(returns(copy), cycle_fn = final_next_round, cycle_initial = not_final)]
fn is_final_class_query<'db>(db: &'db dyn crate::db::TypeDb, key: DefinitionKey<'db>) -> bool {
    let class = class_of(db, key);
    let db = db.types();
    crate::db::grow(|| db.compute_is_final_class(class))
}

fn not_final(_db: &dyn crate::db::TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> bool {
    false
}

fn final_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &bool,
    value: bool,
    _key: DefinitionKey<'_>,
) -> bool {
    crate::cycle::next_round(cycle, value, || false)
}

#[salsa::tracked(returns(copy), cycle_fn = always_true_next_round, cycle_initial = not_always_true)]
fn always_true_query<'db>(db: &'db dyn crate::db::TypeDb, key: DefinitionKey<'db>) -> bool {
    let class = class_of(db, key);
    let db = db.types();
    crate::db::grow(|| db.compute_instances_always_true(class))
}

fn not_always_true(_db: &dyn crate::db::TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> bool {
    false
}

fn always_true_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &bool,
    value: bool,
    _key: DefinitionKey<'_>,
) -> bool {
    crate::cycle::next_round(cycle, value, || false)
}
