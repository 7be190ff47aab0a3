//! `invalid-type-variable`: the annotated `self` of `__init__` may not use the class's own type
//! parameters (the typing spec). Such an annotation restricts which specializations may be
//! constructed (`self: "Box[int]"`), and a class-scoped variable there would only restate, or
//! reorder, the parameters it is meant to constrain; a method-scoped type variable expresses
//! what the constructor solves instead.

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtFunctionDef;

use super::self_type::MethodAnnotation;
use crate::db::Db;
use crate::infer::TypeDiagnostic;
use crate::ty::ClassId;

pub(super) fn check_init_receiver(
    db: &Db,
    class: ClassId,
    function: &StmtFunctionDef,
    annotations: &[MethodAnnotation],
) -> Option<TypeDiagnostic> {
    if function.name.as_str() != "__init__" {
        return None;
    }
    let receiver = annotations.iter().find(|annotation| annotation.is_receiver)?;
    let info = db.class_info(class);
    let used = crate::class::typevars_of(db, receiver.ty);
    let class_scoped = used.iter().find(|var| info.type_params.contains(var))?;
    Some(TypeDiagnostic {
        range: receiver.range,
        rule: Rule::InvalidTypeVariable,
        message: format!(
            "The `self` annotation of `__init__` uses `{}`, a type parameter of `{}`: use a type variable of the method instead",
            db.typevar(*class_scoped).name,
            info.name
        ),
    })
}
