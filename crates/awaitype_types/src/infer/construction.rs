//! Where a constructor call's result does not come from `__init__` (the typing spec's order of
//! evaluation for `C(...)`): a metaclass `__call__` declared to return something other than an
//! instance of the class replaces the whole construction, and a `__new__` declared to return
//! something other than an instance of the class means `__init__` is never called (Python only
//! calls `__init__` on an instance of the class). In both cases the call's type is what that
//! method returns. A `__new__` without a return annotation is assumed to return an instance, and
//! so is an unannotated metaclass `__call__` whose inferred result is unknown (it forwards to
//! `type.__call__`); construction then goes on as usual.

use crate::infer::Inferrer;
use crate::infer::call::{Argument, CallError};
use crate::ty::{ClassType, Type, TypeKind, TypeVarId};

impl Inferrer<'_> {
    /// `cls(...)` with `cls: type[T]`: it creates a `T`, and the arguments must suit the
    /// constructor of `T`'s bound (of `object` when it has none), as for a call of that class.
    /// `cls(...)` in a class method (`type[Self]`) is not checked: a base class often leaves
    /// the constructor to its subclasses (an abstract `Set._from_iterable` calls `cls(it)`).
    pub(super) fn call_type_of_typevar(
        &mut self,
        var: TypeVarId,
        arguments: &[Argument],
    ) -> Result<Type, (Vec<CallError>, Type)> {
        let db = self.db;
        let created = db.intern(TypeKind::TypeVar(var));
        if matches!(var, TypeVarId::SelfOf(_)) {
            return Ok(created);
        }
        let info = db.typevar(var);
        let class = match info.bound.map(|bound| db.kind(bound).clone()) {
            Some(TypeKind::Instance(class)) => class,
            None if info.constraints.is_empty() => match db.known_class("builtins", "object") {
                Some(object) => ClassType::plain(object),
                None => return Ok(created),
            },
            _ => return Ok(created),
        };
        match self.call_constructor(&class, arguments) {
            Ok(_) => Ok(created),
            Err((errors, _)) => Err((errors, created)),
        }
    }
}

impl Inferrer<'_> {
    /// The result of `class(...)` when the metaclass's `__call__` decides it alone.
    pub(super) fn construction_by_metaclass(
        &mut self,
        class: &ClassType,
        arguments: &[Argument],
    ) -> Option<Result<Type, (Vec<CallError>, Type)>> {
        let db = self.db;
        let call = db.metaclass_call(class)?;
        let annotated = self.declares_return(call);
        let result = self.try_call(call, arguments);
        match &result {
            Ok(ty) if self.is_instance_of_class(*ty, class) => None,
            // Unannotated and returning whatever `type.__call__` does: the usual construction.
            Ok(ty) if !annotated && ty.is_dynamic() => None,
            _ => Some(result),
        }
    }

    /// The result of `class(...)` when the class's own `__new__` returns something that is not
    /// an instance of it, so `__init__` is skipped.
    pub(super) fn construction_by_new(
        &mut self,
        own: &ClassType,
        class: &ClassType,
        arguments: &[Argument],
    ) -> Option<Type> {
        let db = self.db;
        let bound = db.defined_new_method(own)?;
        if !self.declares_return(bound) {
            return None;
        }
        let (returned, _) = self.try_call_collecting(bound, arguments).ok()?;
        (!self.is_instance_of_class(returned, class)).then_some(returned)
    }

    /// Whether the function behind a bound method has a return annotation (every overload does).
    pub(super) fn declares_return(&self, method: Type) -> bool {
        let db = self.db;
        let TypeKind::BoundMethod { function, .. } = db.kind(method) else {
            return true;
        };
        let annotated = |function: Type| match db.kind(function) {
            TypeKind::Function(f) => db.function_node(f.id).is_none_or(|node| node.returns.is_some()),
            _ => true,
        };
        match db.kind(*function) {
            TypeKind::Overloaded(items) => items.iter().all(|item| annotated(*item)),
            _ => annotated(*function),
        }
    }

    /// Whether every value of `ty` is an instance of `class` (a subclass's included). `Any`, even
    /// as a member of a union, is not: the typing spec treats it as possibly something else.
    pub(super) fn is_instance_of_class(&self, ty: Type, class: &ClassType) -> bool {
        let db = self.db;
        match db.kind(ty) {
            TypeKind::Instance(ct) => db.is_subclass(ct.class, class.class),
            TypeKind::TypeVar(TypeVarId::SelfOf(owner)) => db.is_subclass(class.class, *owner),
            TypeKind::Union(members) => members.iter().all(|member| self.is_instance_of_class(*member, class)),
            _ => false,
        }
    }
}
