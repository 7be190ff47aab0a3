//! Static truth of branch conditions that depend only on the target environment. Typeshed guards
//! most of its definitions with `sys.version_info` and `sys.platform` checks, so deciding these
//! while indexing is what makes the right stub definitions visible for the selected version.

use ruff_python_ast::{CmpOp, Expr, ExprCompare, Number, PythonVersion, UnaryOp};

#[derive(Debug, Clone)]
pub(crate) struct StaticEnvironment {
    pub(crate) python_version: PythonVersion,
    pub(crate) platform: String,
}

/// `Some(true/false)` when `test` is statically decided for this environment.
pub(crate) fn static_truth(env: &StaticEnvironment, test: &Expr) -> Option<bool> {
    // Conditions nest as deeply as the source does (`not not ...`, parenthesized `or`s).
    stacker::maybe_grow(32 * 1024, 1024 * 1024, || static_truth_inner(env, test))
}

fn static_truth_inner(env: &StaticEnvironment, mut test: &Expr) -> Option<bool> {
    let mut negated = false;
    while let Expr::UnaryOp(unary) = test
        && unary.op == UnaryOp::Not
    {
        negated = !negated;
        test = &unary.operand;
    }
    decided(env, test).map(|truth| truth != negated)
}

fn decided(env: &StaticEnvironment, test: &Expr) -> Option<bool> {
    match test {
        Expr::Name(name) if name.id.as_str() == "TYPE_CHECKING" => Some(true),
        Expr::Attribute(attr) if attr.attr.as_str() == "TYPE_CHECKING" => Some(true),
        Expr::BooleanLiteral(b) => Some(b.value),
        Expr::BoolOp(bool_op) => {
            let is_and = bool_op.op == ruff_python_ast::BoolOp::And;
            let mut all_known = true;
            for value in &bool_op.values {
                match static_truth(env, value) {
                    Some(v) if v != is_and => return Some(v),
                    Some(_) => {}
                    None => all_known = false,
                }
            }
            all_known.then_some(is_and)
        }
        Expr::Compare(compare) => compare_truth(env, compare),
        Expr::Call(call) => {
            // sys.platform.startswith("linux")
            let Expr::Attribute(method) = &*call.func else {
                return None;
            };
            if method.attr.as_str() != "startswith" || !is_sys_attr(&method.value, "platform") {
                return None;
            }
            let [Expr::StringLiteral(prefix)] = &*call.arguments.args else {
                return None;
            };
            Some(env.platform.starts_with(prefix.value.to_str()))
        }
        _ => None,
    }
}

fn is_sys_attr(expr: &Expr, attr_name: &str) -> bool {
    match expr {
        Expr::Attribute(attr) => {
            attr.attr.as_str() == attr_name && matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "sys")
        }
        _ => false,
    }
}

fn compare_truth(env: &StaticEnvironment, compare: &ExprCompare) -> Option<bool> {
    let [op] = &*compare.ops else { return None };
    let [right] = &*compare.comparators else { return None };
    let left = &*compare.left;
    if is_sys_attr(left, "platform") {
        let Expr::StringLiteral(s) = right else { return None };
        let equal = env.platform == s.value.to_str();
        return match op {
            CmpOp::Eq => Some(equal),
            CmpOp::NotEq => Some(!equal),
            _ => None,
        };
    }
    // sys.version_info >= (3, 10), or sys.version_info[0] >= 3
    let (left_version, right_version): (Vec<u32>, Vec<u32>) = if is_sys_attr(left, "version_info") {
        (
            vec![u32::from(env.python_version.major), u32::from(env.python_version.minor)],
            int_tuple(right)?,
        )
    } else if let Expr::Subscript(sub) = left {
        if !is_sys_attr(&sub.value, "version_info") {
            return None;
        }
        let index = int_literal(&sub.slice)?;
        let component = match index {
            0 => u32::from(env.python_version.major),
            1 => u32::from(env.python_version.minor),
            _ => return None,
        };
        (vec![component], vec![int_literal(right)?])
    } else {
        return None;
    };
    // Compare lexicographically on the components the right side names; the running version is
    // "x.y.anything", so comparing a longer right side treats missing left components as equal
    // only for ordering purposes.
    let n = right_version.len().min(left_version.len());
    let mut ordering = left_version[..n].cmp(&right_version[..n]);
    if ordering.is_eq() && is_sys_attr(left, "version_info") {
        if right_version.len() > left_version.len() {
            // (3, 12) vs (3, 12, 1): the micro version is unknown; not decidable.
            return None;
        }
        // `sys.version_info` is (major, minor, micro, ...): with an equal prefix it is the
        // longer, so the greater, tuple, as Python compares tuples.
        ordering = std::cmp::Ordering::Greater;
    }
    Some(match op {
        CmpOp::Lt => ordering.is_lt(),
        CmpOp::LtE => ordering.is_le(),
        CmpOp::Gt => ordering.is_gt(),
        CmpOp::GtE => ordering.is_ge(),
        CmpOp::Eq => ordering.is_eq(),
        CmpOp::NotEq => ordering.is_ne(),
        _ => return None,
    })
}

fn int_literal(expr: &Expr) -> Option<u32> {
    match expr {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.as_i64().and_then(|v| u32::try_from(v).ok()),
            _ => None,
        },
        _ => None,
    }
}

fn int_tuple(expr: &Expr) -> Option<Vec<u32>> {
    match expr {
        Expr::Tuple(tuple) => tuple.elts.iter().map(int_literal).collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(source: &str, version: PythonVersion) -> Option<bool> {
        let parsed = ruff_python_parser::parse_expression(source).unwrap();
        let env = StaticEnvironment {
            python_version: version,
            platform: "linux".to_string(),
        };
        static_truth(&env, parsed.expr())
    }

    #[test]
    fn version_comparisons() {
        assert_eq!(truth("sys.version_info >= (3, 10)", PythonVersion::PY312), Some(true));
        assert_eq!(truth("sys.version_info >= (3, 13)", PythonVersion::PY312), Some(false));
        assert_eq!(truth("sys.version_info < (3, 12)", PythonVersion::PY312), Some(false));
        assert_eq!(truth("sys.version_info > (3, 12)", PythonVersion::PY312), Some(true));
        assert_eq!(truth("sys.version_info <= (3, 12)", PythonVersion::PY312), Some(false));
        assert_eq!(truth("sys.version_info >= (3,)", PythonVersion::PY312), Some(true));
        assert_eq!(truth("sys.version_info[0] >= 3", PythonVersion::PY38), Some(true));
        assert_eq!(
            truth(
                "sys.version_info >= (3, 11) and sys.platform == 'win32'",
                PythonVersion::PY312
            ),
            Some(false)
        );
        assert_eq!(truth("not TYPE_CHECKING", PythonVersion::PY312), Some(false));
        assert_eq!(
            truth("sys.platform.startswith('linux')", PythonVersion::PY312),
            Some(true)
        );
        assert_eq!(truth("x > 1", PythonVersion::PY312), None);
    }
}
