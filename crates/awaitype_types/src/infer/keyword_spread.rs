//! Binding a `**mapping` argument of a call. A TypedDict's keys are known: each goes to the
//! parameter of its name, with the key's value type, so a key that a keyword argument already
//! gave, or that no parameter takes, is an error. Any other mapping may hold any keys; it
//! satisfies every keyword parameter, and where the callee's `**kwargs` is `Unpack[TD]` its
//! value type must fit each key's parameter (a `dict[str, object]` is no substitute for `TD`).

use super::call::{Argument, ArgumentKind, CallError};
use crate::infer::Inferrer;
use crate::ty::{Parameter, ParameterKind, TypeKind};

/// Where the arguments of one call are being bound.
pub(super) struct Binding<'a> {
    pub params: &'a [Parameter],
    pub satisfied: &'a mut [bool],
    pub bound: &'a mut [Vec<usize>],
    /// Arguments made up while binding, numbered after the call's own `real` ones.
    pub spread: &'a mut Vec<Argument>,
    pub real: usize,
    pub errors: &'a mut Vec<CallError>,
    /// The signature ends in a `ParamSpec` or `...`: keywords it does not name may be fine.
    pub open_keywords: bool,
}

impl Binding<'_> {
    fn push_synthetic(&mut self, param: usize, argument: Argument) {
        let synthetic = self.real + self.spread.len();
        self.spread.push(argument);
        self.bound[param].push(synthetic);
    }

    fn keyword_param(&self, name: &ruff_python_ast::name::Name) -> Option<usize> {
        self.params.iter().position(|p| {
            p.name.as_ref() == Some(name)
                && matches!(p.kind, ParameterKind::PositionalOrKeyword | ParameterKind::KeywordOnly)
        })
    }
}

impl Inferrer<'_> {
    pub(super) fn bind_keyword_spread(&mut self, argument: &Argument, binding: &mut Binding<'_>) {
        let db = self.db;
        let kwargs = binding.params.iter().position(|p| p.kind == ParameterKind::KwArgs);
        if let TypeKind::Instance(instance) = db.kind(argument.ty)
            && db.is_typed_dict(instance.class)
        {
            for key in db.typed_dict_keys(instance) {
                let synthetic = Argument {
                    kind: ArgumentKind::Keyword(key.name.clone()),
                    ty: key.ty,
                    range: argument.range,
                    expr: None,
                };
                match binding.keyword_param(&key.name) {
                    // An optional key may be absent: only a required one surely repeats.
                    Some(param) if binding.satisfied[param] => {
                        if !key.optional {
                            binding.errors.push(CallError::AlreadyAssigned {
                                name: key.name.clone(),
                                range: argument.range,
                            });
                        }
                    }
                    Some(param) => {
                        binding.push_synthetic(param, synthetic);
                        binding.satisfied[param] = true;
                    }
                    None => match kwargs {
                        Some(kwargs) => binding.push_synthetic(kwargs, synthetic),
                        None if !key.optional && !binding.open_keywords => binding.errors.push(CallError::Unknown {
                            name: key.name.clone(),
                            range: argument.range,
                        }),
                        None => {}
                    },
                }
            }
            return;
        }
        let unpacked_kwargs = binding
            .params
            .iter()
            .any(|p| super::unpacked_kwargs::unpacked_kwargs_typed_dict(db, p).is_some());
        let value = (unpacked_kwargs && !argument.ty.is_dynamic())
            .then(|| self.mapping_value_type(argument.ty))
            .flatten();
        // One made-up argument for all the parameters, so a bad value type is reported once.
        let synthetic = binding.real + binding.spread.len();
        let mut used = false;
        for param in 0..binding.params.len() {
            if !matches!(
                binding.params[param].kind,
                ParameterKind::PositionalOrKeyword | ParameterKind::KeywordOnly
            ) || binding.satisfied[param]
            {
                continue;
            }
            binding.satisfied[param] = true;
            if value.is_some() {
                binding.bound[param].push(synthetic);
                used = true;
            }
        }
        if let Some(value) = value.filter(|_| used) {
            binding.spread.push(Argument {
                kind: ArgumentKind::DoubleStarred,
                ty: value,
                range: argument.range,
                expr: None,
            });
        }
    }

    /// The value type of a mapping (`V` of `Mapping[K, V]`).
    fn mapping_value_type(&self, mapping: crate::ty::Type) -> Option<crate::ty::Type> {
        let class = self.db.known_class("typing", "Mapping")?;
        crate::relation::as_instance_of(self.db, mapping, class)?
            .args
            .get(1)
            .copied()
    }
}
