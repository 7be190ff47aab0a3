//! Protocols in `isinstance()` and `issubclass()` (the typing spec's runtime-checkable rules).
//! At runtime such a check only looks at whether the members exist, and only works on a protocol
//! decorated with `@runtime_checkable`; `issubclass()` also refuses a data protocol (one with
//! members that are not methods), since a class object does not show its instances' attributes.
//! Because only names are compared, a value whose class has every member under the right name
//! but with other types passes the runtime check while not being an instance of the protocol:
//! the typing spec calls that an unsafe overlap, and it is reported too.

use awaitype_diagnostics::Rule;
use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::Ranged;

use crate::db::{Db, DefinitionKey};
use crate::infer::Inferrer;
use crate::ty::{ClassId, ClassType, Type, TypeKind};

impl Db {
    /// Whether a class statement is decorated with `typing.runtime_checkable` (or the
    /// `typing_extensions` one). A query: the protocol is usually in another module.
    pub fn is_runtime_checkable(&self, class: ClassId) -> bool {
        runtime_checkable_query(self, self.definition_key(class.file, class.definition))
    }

    fn compute_is_runtime_checkable(&self, class: ClassId) -> bool {
        let Some(node) = self.class_statement(class, &self.class_info(class)) else {
            return false;
        };
        let scope = self.index(class.file).definition(class.definition).scope;
        let mut inferrer = Inferrer::silent(self, class.file, scope);
        node.decorator_list.iter().any(|decorator| {
            let ty = inferrer.infer_expression(&decorator.expression);
            matches!(self.kind(ty), TypeKind::Function(function)
                if self.is_typing_function(function.id, "runtime_checkable")
                    || self.is_typing_function(function.id, "runtime"))
        })
    }
}

#[salsa::tracked(returns(copy), cycle_fn = checkable_next_round, cycle_initial = not_checkable)]
fn runtime_checkable_query<'db>(db: &'db dyn crate::db::TypeDb, key: DefinitionKey<'db>) -> bool {
    let class = crate::class::class_of(db, key);
    let db = db.types();
    crate::db::grow(|| db.compute_is_runtime_checkable(class))
}

fn not_checkable(_db: &dyn crate::db::TypeDb, _id: salsa::Id, _key: DefinitionKey<'_>) -> bool {
    false
}

fn checkable_next_round(
    _db: &dyn crate::db::TypeDb,
    cycle: &salsa::Cycle,
    _previous: &bool,
    value: bool,
    _key: DefinitionKey<'_>,
) -> bool {
    crate::cycle::next_round(cycle, value, || false)
}

impl Inferrer<'_> {
    /// Reports a protocol given to `isinstance()`/`issubclass()` that the runtime rejects, or
    /// whose runtime answer would not mean what the types say.
    pub(crate) fn check_protocol_class_check(&mut self, call: &'static ExprCall, callee: Type) {
        if !self.is_reporting() {
            return;
        }
        let Some(function) = self.builtin_class_check(callee) else {
            return;
        };
        let (Some(subject), Some(second)) = (call.arguments.args.first(), call.arguments.args.get(1)) else {
            return;
        };
        let classes: Vec<&'static Expr> = match second {
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        let subject_type = self.infer_expression(subject);
        for class in classes {
            let ty = self.infer_expression(class);
            let TypeKind::ClassLiteral(literal) = self.db.kind(ty).clone() else {
                continue;
            };
            if !self.db.class_info(literal.class).is_protocol {
                continue;
            }
            if let Some(message) = self.protocol_check_problem(function, &literal, subject_type) {
                self.report(class.range(), Rule::InvalidArgumentType, message);
            }
        }
    }

    /// `"isinstance"` or `"issubclass"` when the callee is that builtin.
    fn builtin_class_check(&self, callee: Type) -> Option<&'static str> {
        let TypeKind::Function(function) = self.db.kind(callee) else {
            return None;
        };
        let module = self.db.file_data(function.id.file).module.clone();
        if module.as_ref().map(|m| m.as_str()) != Some("builtins") {
            return None;
        }
        match self.db.function_node(function.id)?.name.as_str() {
            "isinstance" => Some("isinstance"),
            "issubclass" => Some("issubclass"),
            _ => None,
        }
    }

    fn protocol_check_problem(&self, function: &str, protocol: &ClassType, subject: Type) -> Option<String> {
        let db = self.db;
        let name = db.class_name(protocol.class);
        if !db.is_runtime_checkable(protocol.class) {
            return Some(format!(
                "Protocol class `{name}` cannot be used with `{function}()`: it is not decorated with `@runtime_checkable`, so the call raises `TypeError`"
            ));
        }
        let members = crate::protocol::protocol_members(db, protocol.class);
        if function == "issubclass"
            && let Some((data_member, _)) = members.iter().find(|(_, is_method)| !is_method)
        {
            return Some(format!(
                "Data protocol `{name}` cannot be used with `issubclass()`: its member `{data_member}` is not a method, and the runtime cannot check it on a class"
            ));
        }
        // The instance whose class the runtime check would look at.
        let instance = match db.kind(subject) {
            TypeKind::Instance(_) if function == "isinstance" => subject,
            TypeKind::ClassLiteral(class) if function == "issubclass" => db.intern(TypeKind::Instance(class.clone())),
            _ => return None,
        };
        let has_every_name = members.iter().all(|(member, _)| db.member(instance, member).is_some());
        let protocol_instance = db.intern(TypeKind::Instance(db.default_specialization(protocol.class)));
        (has_every_name && !crate::relation::is_assignable(db, instance, protocol_instance)).then(|| {
            format!(
                "Unsafe overlap: `{}` has every member of protocol `{name}` by name, so `{function}()` is true at runtime, but their types do not match the protocol",
                crate::display::display(db, instance)
            )
        })
    }
}
