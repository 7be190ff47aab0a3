//! `invalid-parameter-order`: the historical convention for positional-only parameters (before
//! PEP 570's `/`) makes a parameter whose name starts but does not end with `__` positional-only.
//! Like a parameter before `/`, such a parameter cannot follow one that accepts keyword
//! arguments: `def f(x, __y)` is an error. A method's first parameter (`self`, `cls`) does not
//! count, and a function that uses `/` does not follow the convention at all.

use awaitype_diagnostics::Rule;
use ruff_python_ast::StmtFunctionDef;
use ruff_text_size::Ranged;

use crate::infer::TypeDiagnostic;

/// Whether a parameter name follows the historical positional-only convention.
pub(crate) fn is_historical_positional_only(name: &str) -> bool {
    name.starts_with("__") && !name.ends_with("__")
}

/// The historical positional-only parameters of `function` that follow a parameter that accepts
/// keywords. `is_method`: the function is defined in a class body (its first parameter is the
/// receiver, which the rule leaves aside).
pub(super) fn check_parameter_order(function: &StmtFunctionDef, is_method: bool) -> Vec<TypeDiagnostic> {
    let parameters = &function.parameters;
    if !parameters.posonlyargs.is_empty() {
        return Vec::new();
    }
    let skip = usize::from(is_method && !parameters.args.is_empty());
    let mut keyword_capable: Option<&str> = None;
    let mut problems = Vec::new();
    for parameter in parameters.args.iter().skip(skip) {
        let name = parameter.parameter.name.as_str();
        match keyword_capable {
            Some(previous) if is_historical_positional_only(name) => problems.push(TypeDiagnostic {
                range: parameter.parameter.name.range(),
                rule: Rule::InvalidParameterOrder,
                message: format!(
                    "Positional-only parameter `{name}` (its name starts with `__`) cannot follow `{previous}`, which accepts keyword arguments; rename it, or make both positional-only with `/`"
                ),
            }),
            None if !is_historical_positional_only(name) => keyword_capable = Some(name),
            _ => {}
        }
    }
    problems
}
