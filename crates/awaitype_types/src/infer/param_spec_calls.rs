//! Calls that forward a `ParamSpec`'s arguments: inside `def inner(*args: P.args, **kwargs:
//! P.kwargs)`, a callable `f: Callable[P, R]` (or `Callable[Concatenate[X, P], R]`) can only be
//! called with its explicit parameters' arguments followed by exactly `*args, **kwargs`. The
//! two halves stand for one unknown parameter list, so nothing else can fill it: no positional
//! argument after `*args`, no extra argument before it, no swapped halves, and `*args` never
//! fills an explicit parameter (`Concatenate[int, P]` needs its `int`).
//!
//! Asked only when the callee's `P` cannot be solved by the call (no explicit parameter
//! mentions it) and one of the call's spread arguments is a `P.args`/`P.kwargs` parameter of
//! the calling function: that is where `P` is the caller's own parameter list.

use awaitype_diagnostics::Rule;
use awaitype_semantic::{DefinitionKind, ParameterKind as DefinedKind};
use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};

use crate::infer::Inferrer;
use crate::ty::{ParameterKind, Signature, Type, TypeVarId};
use crate::typevar::TypeVarKind;

/// Which half of a `ParamSpec` a name is bound to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Half {
    Args,
    Kwargs,
}

impl Inferrer<'_> {
    /// Reports a call that does not forward the `ParamSpec` tail of `callee` as `*args,
    /// **kwargs`. Returns whether it reported (the ordinary argument checks then stay quiet).
    pub(crate) fn check_param_spec_forwarding(&mut self, callee: Type, call: &'static ExprCall) -> bool {
        let db = self.db;
        // Only a call spreading a name (`*args` or `**kwargs`) can forward a parameter list.
        let spreads_a_name = call
            .arguments
            .args
            .iter()
            .any(|arg| matches!(arg, Expr::Starred(starred) if starred.value.is_name_expr()))
            || call
                .arguments
                .keywords
                .iter()
                .any(|keyword| keyword.arg.is_none() && keyword.value.is_name_expr());
        if !self.is_reporting() || !spreads_a_name {
            return false;
        }
        let Some(signature) = crate::infer::callable_signature(db, callee) else {
            return false;
        };
        let Some(var) = signature.param_spec else {
            return false;
        };
        if db.typevar(var).kind != TypeVarKind::ParamSpec || solvable_by_call(db, &signature, var) {
            return false;
        }
        let starred: Vec<(&'static Expr, Option<Half>)> = call
            .arguments
            .args
            .iter()
            .filter_map(|arg| match arg {
                Expr::Starred(starred) => Some((arg, self.param_spec_half(&starred.value, var))),
                _ => None,
            })
            .collect();
        let double_starred: Vec<(&'static Expr, Option<Half>)> = call
            .arguments
            .keywords
            .iter()
            .filter(|keyword| keyword.arg.is_none())
            .map(|keyword| (&keyword.value, self.param_spec_half(&keyword.value, var)))
            .collect();
        if starred.iter().chain(&double_starred).all(|(_, half)| half.is_none()) {
            return false;
        }
        let name = db.typevar(var).name.clone();
        if let Some((arg, _)) = starred.iter().find(|(_, half)| *half == Some(Half::Kwargs)) {
            let message =
                format!("`*` unpacks `{name}.kwargs` here: pass `*args: {name}.args` and `**kwargs: {name}.kwargs`");
            self.report(arg.range(), Rule::InvalidArgumentType, message);
            return true;
        }
        if let Some((arg, _)) = double_starred.iter().find(|(_, half)| *half == Some(Half::Args)) {
            let message =
                format!("`**` unpacks `{name}.args` here: pass `*args: {name}.args` and `**kwargs: {name}.kwargs`");
            self.report(arg.range(), Rule::InvalidArgumentType, message);
            return true;
        }
        let Some(args_at) = call
            .arguments
            .args
            .iter()
            .position(|arg| matches!(arg, Expr::Starred(starred) if self.param_spec_half(&starred.value, var) == Some(Half::Args)))
        else {
            self.report_incomplete_forwarding(call.range(), &name, "`*args`");
            return true;
        };
        if !double_starred.iter().any(|(_, half)| *half == Some(Half::Kwargs)) {
            self.report_incomplete_forwarding(call.range(), &name, "`**kwargs`");
            return true;
        }
        if let Some(after) = call.arguments.args.get(args_at + 1..).and_then(<[Expr]>::first) {
            let message = format!(
                "No positional argument can follow `*args: {name}.args`: it fills the rest of the parameter list `{name}`; move the argument before it"
            );
            self.report(after.range(), Rule::InvalidArgumentType, message);
            return true;
        }
        let positional = signature
            .parameters
            .iter()
            .filter(|param| {
                matches!(
                    param.kind,
                    ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
                )
            })
            .count();
        let has_varargs = signature
            .parameters
            .iter()
            .any(|param| param.kind == ParameterKind::VarArgs);
        let given = &call.arguments.args[..args_at];
        if given.len() > positional && !has_varargs {
            let message = format!(
                "Too many positional arguments before `*args: {name}.args`: the callable takes {positional} before its parameter list `{name}`"
            );
            self.report(given[positional].range(), Rule::TooManyPositionalArguments, message);
            return true;
        }
        let by_keyword = |param_name: Option<&ruff_python_ast::name::Name>| {
            call.arguments
                .keywords
                .iter()
                .any(|keyword| keyword.arg.as_ref().map(|arg| &arg.id) == param_name)
        };
        let missing = signature
            .parameters
            .iter()
            .filter(|param| {
                matches!(
                    param.kind,
                    ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
                )
            })
            .skip(given.len())
            .any(|param| {
                let named = param.kind == ParameterKind::PositionalOrKeyword && by_keyword(param.name.as_ref());
                !(param.has_default || named)
            });
        if missing {
            let message = format!(
                "Missing positional argument before `*args: {name}.args`: `*args` fills only the parameter list `{name}`, not the parameters before it"
            );
            self.report(call.range(), Rule::MissingArgument, message);
            return true;
        }
        false
    }

    fn report_incomplete_forwarding(&mut self, range: TextRange, name: &str, missing: &str) {
        let message = format!(
            "A call forwarding the parameter list `{name}` must pass both `*args: {name}.args` and `**kwargs: {name}.kwargs`; {missing} is missing"
        );
        self.report(range, Rule::MissingArgument, message);
    }

    /// Whether `expr` names a `*args: P.args` (or `**kwargs: P.kwargs`) parameter of the
    /// function the call is in, for the `ParamSpec` `var`.
    fn param_spec_half(&mut self, expr: &'static Expr, var: TypeVarId) -> Option<Half> {
        let Expr::Name(_) = expr else { return None };
        let index = self.index;
        let use_ = index.use_of(expr)?;
        let [definition] = use_.bindings.definitions[..] else {
            return None;
        };
        let DefinitionKind::Parameter { parameter, kind, .. } = index.definition(definition).kind else {
            return None;
        };
        let half = match kind {
            DefinedKind::VarArgs => Half::Args,
            DefinedKind::KwArgs => Half::Kwargs,
            _ => return None,
        };
        let Some(Expr::Attribute(attribute)) = parameter.annotation.as_deref() else {
            return None;
        };
        let expected = if half == Half::Args { "args" } else { "kwargs" };
        if attribute.attr.as_str() != expected {
            return None;
        }
        (self.param_spec_of(&attribute.value) == Some(var)).then_some(half)
    }
}

/// Whether an explicit parameter mentions `var`: then the call's arguments solve it.
fn solvable_by_call(db: &crate::db::Db, signature: &Signature, var: TypeVarId) -> bool {
    let mut mentioned = Vec::new();
    for param in &signature.parameters {
        crate::class::collect_typevars(db, param.ty, &mut mentioned);
    }
    mentioned.contains(&var)
}
