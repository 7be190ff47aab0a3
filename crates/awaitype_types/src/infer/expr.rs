//! Inference of value expressions.

use awaitype_diagnostics::Rule;
use awaitype_semantic::ScopeKind;
use ruff_python_ast::{BoolOp, CmpOp, Expr, Number, Operator, StmtAugAssign, UnaryOp};
use ruff_text_size::Ranged;

use crate::infer::Inferrer;
use crate::relation::{promote_literal_for_inference, union};
use crate::ty::{ClassType, Parameter, ParameterKind, Signature, SpecialForm, Type, TypeKind};

impl Inferrer<'_> {
    pub(crate) fn infer_expression_uncached(&mut self, expr: &'static Expr) -> Type {
        let db = self.db;
        match expr {
            Expr::Name(name) => self.infer_name(expr, name),
            Expr::NoneLiteral(_) => Type::NONE,
            Expr::BooleanLiteral(b) => db.intern(TypeKind::BoolLiteral(b.value)),
            Expr::NumberLiteral(number) => match &number.value {
                Number::Int(int) => match int.as_i64() {
                    Some(value) => db.intern(TypeKind::IntLiteral(value)),
                    None => db.known_instance("builtins", "int", &[]),
                },
                Number::Float(_) => db.known_instance("builtins", "float", &[]),
                Number::Complex { .. } => db.known_instance("builtins", "complex", &[]),
            },
            Expr::StringLiteral(string) => {
                let value = string.value.to_str();
                if value.len() > 4096 {
                    db.known_instance("builtins", "str", &[])
                } else {
                    db.intern(TypeKind::StrLiteral(value.into()))
                }
            }
            Expr::BytesLiteral(bytes) => {
                let value: Vec<u8> = bytes.value.bytes().collect();
                if value.len() > 4096 {
                    db.known_instance("builtins", "bytes", &[])
                } else {
                    db.intern(TypeKind::BytesLiteral(value.into()))
                }
            }
            Expr::FString(fstring) => {
                // Made only of literal strings, an f-string is a `LiteralString` itself.
                let mut literal = true;
                for part in fstring.value.iter() {
                    if let ruff_python_ast::FStringPart::FString(f) = part {
                        literal &= self.infer_interpolations(&f.elements);
                    }
                }
                if literal {
                    db.intern(TypeKind::LiteralString)
                } else {
                    db.known_instance("builtins", "str", &[])
                }
            }
            Expr::TString(_) => db.known_instance("string.templatelib", "Template", &[]),
            Expr::EllipsisLiteral(_) => db.known_instance("builtins", "ellipsis", &[]),
            Expr::Tuple(tuple) => {
                if tuple.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    // `(*t, x)` with `t` a tuple (of any shape) is a tuple of that shape.
                    if let Some(spliced) = self.spliced_tuple_display(&tuple.elts) {
                        return spliced;
                    }
                    let elements: Vec<Type> = tuple.elts.iter().map(|e| self.element_of_display(e)).collect();
                    let element = promote_literal_for_inference(db, union(db, elements));
                    return db.known_instance("builtins", "tuple", &[element]);
                }
                let elements: Box<[Type]> = tuple.elts.iter().map(|e| self.infer_expression(e)).collect();
                db.intern(TypeKind::Tuple(elements))
            }
            Expr::List(list) => {
                let element = self.display_element_type(&list.elts);
                db.known_instance("builtins", "list", &[element])
            }
            Expr::Set(set) => {
                let element = self.display_element_type(&set.elts);
                db.known_instance("builtins", "set", &[element])
            }
            Expr::Dict(dict) => {
                let mut keys = Vec::new();
                let mut values = Vec::new();
                for item in &dict.items {
                    let value = self.infer_expression(&item.value);
                    match &item.key {
                        Some(key) => {
                            keys.push(promote_literal_for_inference(db, self.infer_expression(key)));
                            values.push(promote_literal_for_inference(db, value));
                        }
                        None => {
                            // `**mapping`
                            keys.push(Type::UNKNOWN);
                            values.push(Type::UNKNOWN);
                        }
                    }
                }
                let key = if keys.is_empty() {
                    Type::UNKNOWN
                } else {
                    union(db, keys)
                };
                let value = if values.is_empty() {
                    Type::UNKNOWN
                } else {
                    union(db, values)
                };
                db.known_instance("builtins", "dict", &[key, value])
            }
            Expr::Attribute(attribute) => {
                let mut value = self.infer_expression(&attribute.value);
                if let Some(owner) = self.super_member_owner(&attribute.value, attribute.attr.as_str()) {
                    value = owner;
                }
                let ty = self.attribute_of(value, attribute.attr.as_str(), attribute.attr.range, true);
                if self.is_reporting()
                    && let Some(message) = self.generic_attribute_on_class(value, attribute.attr.as_str())
                {
                    self.report(attribute.attr.range, Rule::UnresolvedAttribute, message);
                }
                self.check_deprecated_use(ty, attribute.attr.range);
                self.check_deprecated_property(value, attribute.attr.as_str(), attribute.attr.range);
                self.narrow_place(expr, ty)
            }
            Expr::Subscript(subscript) => {
                let value = self.infer_expression(&subscript.value);
                let ty = self.subscript_value(expr, value, subscript);
                self.narrow_place(expr, ty)
            }
            Expr::Call(call) => self.infer_call(expr, call),
            Expr::Await(await_expr) => {
                let value = self.infer_expression(&await_expr.value);
                self.await_type(value, &await_expr.value)
            }
            Expr::Yield(yield_expr) => {
                let yielded = match &yield_expr.value {
                    Some(value) => self.infer_expression(value),
                    None => Type::NONE,
                };
                if self.is_reporting()
                    && let Some(expected) = self.enclosing_generator_yield_type()
                    && !crate::relation::is_assignable(db, yielded, expected)
                {
                    let message = format!(
                        "Yielded value of type `{}` is not assignable to the declared yield type `{}`",
                        self.display(yielded),
                        self.display(expected)
                    );
                    self.report(expr.range(), Rule::InvalidYield, message);
                }
                self.enclosing_generator_send_type()
            }
            Expr::YieldFrom(yield_from) => {
                let value = self.infer_expression(&yield_from.value);
                self.check_yield_from(value, &yield_from.value, expr.range());
                self.yield_from_result(value, &yield_from.value)
            }
            Expr::BinOp(binop) => {
                let left = self.infer_expression(&binop.left);
                let right = self.infer_expression(&binop.right);
                self.binary_operation(left, binop.op, right, expr)
            }
            Expr::UnaryOp(unary) => {
                let operand = self.infer_expression(&unary.operand);
                self.unary_operation(unary.op, operand, expr)
            }
            Expr::BoolOp(bool_op) => {
                let types: Vec<Type> = bool_op.values.iter().map(|v| self.infer_expression(v)).collect();
                // `a and b` is `a` when `a` is falsy, else `b`; `a or b` the reverse. Operands
                // whose truthiness is known decide statically; otherwise any may be the result.
                let is_and = bool_op.op == BoolOp::And;
                let mut result = Vec::new();
                for (index, ty) in types.iter().enumerate() {
                    let last = index + 1 == types.len();
                    match crate::relation::static_truthiness(db, *ty) {
                        Some(truthy) if truthy != is_and => {
                            result.push(*ty);
                            break;
                        }
                        Some(_) if !last => {}
                        // An operand that is not last is the result only when it decides:
                        // its falsy members for `and`, its truthy members for `or`.
                        None if !last => result.push(crate::relation::filter_by_truthiness(db, *ty, !is_and)),
                        _ => result.push(*ty),
                    }
                }
                union(db, result)
            }
            Expr::Compare(compare) => {
                let mut left = self.infer_expression(&compare.left);
                let mut result = Vec::new();
                for (op, comparator) in compare.ops.iter().zip(compare.comparators.iter()) {
                    let right = self.infer_expression(comparator);
                    result.push(self.comparison(left, *op, right, expr));
                    left = right;
                }
                union(db, result)
            }
            Expr::If(if_expr) => {
                self.infer_expression(&if_expr.test);
                let body = self.infer_expression(&if_expr.body);
                let orelse = self.infer_expression(&if_expr.orelse);
                union(db, [body, orelse])
            }
            Expr::Named(named) => {
                let value = self.infer_expression(&named.value);
                self.infer_expression(&named.target);
                value
            }
            Expr::Lambda(lambda) => self.lambda_type(lambda),
            Expr::ListComp(comp) => {
                let element = self.comprehension_element(expr, &comp.elt);
                db.known_instance("builtins", "list", &[element])
            }
            Expr::SetComp(comp) => {
                let element = self.comprehension_element(expr, &comp.elt);
                db.known_instance("builtins", "set", &[element])
            }
            Expr::DictComp(comp) => {
                let Some(scope) = self.index.scope_of_node(expr) else {
                    return Type::UNKNOWN;
                };
                self.infer_comprehension_generators(expr, &comp.generators);
                let (key, value) = self.in_scope(scope, |inferrer| {
                    let key = comp
                        .key
                        .as_deref()
                        .map_or(Type::UNKNOWN, |k| inferrer.infer_expression(k));
                    (key, inferrer.infer_expression(&comp.value))
                });
                db.known_instance(
                    "builtins",
                    "dict",
                    &[
                        promote_literal_for_inference(db, key),
                        promote_literal_for_inference(db, value),
                    ],
                )
            }
            Expr::Generator(comp) => {
                let element = self.comprehension_element(expr, &comp.elt);
                // Any `async for` clause, or an `await` in the element, a condition or a later
                // iterable, makes it an asynchronous generator expression.
                let is_async =
                    comp.generators.iter().enumerate().any(|(i, g)| {
                        g.is_async || g.ifs.iter().any(contains_await) || (i > 0 && contains_await(&g.iter))
                    }) || contains_await(&comp.elt);
                if is_async {
                    db.known_instance("typing", "AsyncGenerator", &[element, Type::NONE])
                } else {
                    db.known_instance("typing", "Generator", &[element, Type::NONE, Type::NONE])
                }
            }
            Expr::Starred(starred) => {
                let value = self.infer_expression(&starred.value);
                self.iterate(value, &starred.value, true)
            }
            Expr::Slice(slice) => {
                for part in [&slice.lower, &slice.upper, &slice.step].into_iter().flatten() {
                    self.infer_expression(part);
                }
                db.known_instance("builtins", "slice", &[Type::ANY, Type::ANY, Type::ANY])
            }
            Expr::IpyEscapeCommand(_) => Type::UNKNOWN,
        }
    }

    /// Infers the interpolated expressions of an f-string; whether they are all literal strings
    /// (without a conversion such as `!r`, which could add what the object's `__repr__` says).
    fn infer_interpolations(&mut self, elements: &'static ruff_python_ast::InterpolatedStringElements) -> bool {
        let literal_string = self.db.intern(TypeKind::LiteralString);
        let mut literal = true;
        for element in elements.iter() {
            if let ruff_python_ast::InterpolatedStringElement::Interpolation(interpolation) = element {
                let ty = self.infer_expression(&interpolation.expression);
                literal &= interpolation.conversion == ruff_python_ast::ConversionFlag::None
                    && !ty.is_dynamic()
                    && crate::relation::is_assignable(self.db, ty, literal_string);
                if let Some(spec) = &interpolation.format_spec {
                    literal &= self.infer_interpolations(&spec.elements);
                }
            }
        }
        literal
    }

    /// The element type of a list/set display: the union of its elements, literals widened.
    fn display_element_type(&mut self, elements: &'static [Expr]) -> Type {
        if elements.is_empty() {
            return Type::UNKNOWN;
        }
        let types: Vec<Type> = elements.iter().map(|e| self.element_of_display(e)).collect();
        promote_literal_for_inference(self.db, union(self.db, types))
    }

    /// A tuple display whose starred elements are all tuples: the tuple with their elements
    /// spliced in (`(*t, x)` of `t: tuple[int, *Ts]` is `tuple[int, *Ts, X]`). `None` when a
    /// starred element is another iterable or two of them have an unbounded part.
    fn spliced_tuple_display(&mut self, elements: &'static [Expr]) -> Option<Type> {
        let db = self.db;
        let mut types = Vec::with_capacity(elements.len());
        let mut unbounded = 0;
        for element in elements {
            let Expr::Starred(starred) = element else {
                types.push(self.infer_expression(element));
                continue;
            };
            let value = self.infer_expression(&starred.value);
            let shape = crate::tuple_shape::shape_of(db, value)?;
            if shape.variadic.is_some() {
                unbounded += 1;
            }
            types.push(crate::tuple_shape::unpacked(db, value));
        }
        (unbounded <= 1).then(|| crate::tuple_shape::tuple_of(db, types))
    }

    fn element_of_display(&mut self, expr: &'static Expr) -> Type {
        match expr {
            Expr::Starred(starred) => {
                let value = self.infer_expression(&starred.value);
                self.iterate(value, &starred.value, true)
            }
            other => self.infer_expression(other),
        }
    }

    /// Infers the generators of a comprehension (targets are definitions) and returns its scope.
    fn infer_comprehension_generators(
        &mut self,
        expr: &'static Expr,
        generators: &'static [ruff_python_ast::Comprehension],
    ) -> Option<awaitype_semantic::ScopeId> {
        let scope = self.index.scope_of_node(expr)?;
        for (index, generator) in generators.iter().enumerate() {
            let iterable = if index == 0 {
                self.infer_expression(&generator.iter)
            } else {
                self.in_scope(scope, |inferrer| inferrer.infer_expression(&generator.iter))
            };
            // Report iteration problems once, here.
            if self.is_reporting() {
                if generator.is_async {
                    self.async_iterate(iterable, &generator.iter, true);
                } else {
                    self.iterate(iterable, &generator.iter, true);
                }
            }
            self.in_scope(scope, |inferrer| {
                inferrer.infer_target_names(&generator.target);
                for condition in &generator.ifs {
                    inferrer.infer_expression(condition);
                }
            });
        }
        Some(scope)
    }

    /// Visits the sub-expressions of an assignment target (attribute and subscript receivers).
    pub fn infer_target_names(&mut self, target: &'static Expr) {
        match target {
            Expr::Name(_) => {}
            Expr::Tuple(tuple) => {
                for elt in &tuple.elts {
                    self.infer_target_names(elt);
                }
            }
            Expr::List(list) => {
                for elt in &list.elts {
                    self.infer_target_names(elt);
                }
            }
            Expr::Starred(starred) => self.infer_target_names(&starred.value),
            Expr::Attribute(attribute) => {
                self.infer_expression(&attribute.value);
            }
            Expr::Subscript(subscript) => {
                self.infer_expression(&subscript.value);
                self.infer_expression(&subscript.slice);
            }
            other => {
                self.infer_expression(other);
            }
        }
    }

    fn comprehension_element(&mut self, expr: &'static Expr, element: &'static Expr) -> Type {
        let generators: &'static [ruff_python_ast::Comprehension] = match expr {
            Expr::ListComp(c) => &c.generators,
            Expr::SetComp(c) => &c.generators,
            Expr::Generator(c) => &c.generators,
            _ => &[],
        };
        let Some(scope) = self.infer_comprehension_generators(expr, generators) else {
            return Type::UNKNOWN;
        };
        let ty = self.in_scope(scope, |inferrer| inferrer.infer_expression(element));
        promote_literal_for_inference(self.db, ty)
    }

    fn lambda_type(&mut self, lambda: &'static ruff_python_ast::ExprLambda) -> Type {
        let db = self.db;
        let mut parameters = Vec::new();
        if let Some(params) = &lambda.parameters {
            for param in params.iter_non_variadic_params() {
                if let Some(default) = &param.default {
                    self.infer_expression(default);
                }
            }
            for param in params.iter() {
                let kind = if params
                    .vararg
                    .as_deref()
                    .is_some_and(|v| std::ptr::eq(v, param.as_parameter()))
                {
                    ParameterKind::VarArgs
                } else if params
                    .kwarg
                    .as_deref()
                    .is_some_and(|v| std::ptr::eq(v, param.as_parameter()))
                {
                    ParameterKind::KwArgs
                } else if params
                    .kwonlyargs
                    .iter()
                    .any(|p| std::ptr::eq(&p.parameter, param.as_parameter()))
                {
                    ParameterKind::KeywordOnly
                } else if params
                    .posonlyargs
                    .iter()
                    .any(|p| std::ptr::eq(&p.parameter, param.as_parameter()))
                {
                    ParameterKind::PositionalOnly
                } else {
                    ParameterKind::PositionalOrKeyword
                };
                let has_default = params
                    .iter_non_variadic_params()
                    .any(|p| std::ptr::eq(&p.parameter, param.as_parameter()) && p.default.is_some());
                parameters.push(Parameter {
                    name: Some(param.name().id.clone()),
                    kind,
                    ty: Type::UNKNOWN,
                    annotated: false,
                    has_default,
                });
            }
        }
        let return_type = match self.index.scope_of_node(lambda) {
            Some(scope) => self.in_scope(scope, |inferrer| inferrer.infer_expression(&lambda.body)),
            None => Type::UNKNOWN,
        };
        db.intern(TypeKind::Callable(Box::new(Signature {
            parameters,
            return_type,
            gradual: false,
            param_spec: None,
        })))
    }

    /// The element type the enclosing generator's return annotation declares for `yield`
    /// (`Generator[Y, ...]`, `Iterator[Y]`, `Iterable[Y]`, and their async forms).
    pub(super) fn enclosing_generator_yield_type(&mut self) -> Option<Type> {
        let ScopeKind::Function(node) = self.index.scope(self.scope).kind else {
            return None;
        };
        let declared = self.enclosing_declared_return()?;
        let protocols: &[&'static str] = if node.is_async {
            &["AsyncGenerator", "AsyncIterator", "AsyncIterable"]
        } else {
            &["Generator", "Iterator", "Iterable"]
        };
        protocols.iter().find_map(|name| {
            let class = self.db.known_class("typing", name)?;
            let view = crate::relation::as_instance_of(self.db, declared, class)?;
            view.args.first().copied()
        })
    }

    /// The annotated return type of the function whose body is being inferred.
    pub(super) fn enclosing_declared_return(&self) -> Option<Type> {
        let index = self.index;
        let ScopeKind::Function(node) = index.scope(self.scope).kind else {
            return None;
        };
        let definition = index.definition_of_node(node)?;
        self.db.declared_return_type(crate::ty::FunctionId {
            file: self.file,
            definition,
        })
    }

    /// The type `yield` evaluates to: the send type of the enclosing generator's annotation.
    fn enclosing_generator_send_type(&mut self) -> Type {
        let index = self.index;
        let ScopeKind::Function(node) = index.scope(self.scope).kind else {
            return Type::UNKNOWN;
        };
        let Some(definition) = index.definition_of_node(node) else {
            return Type::UNKNOWN;
        };
        let id = crate::ty::FunctionId {
            file: self.file,
            definition,
        };
        let Some(declared) = self.db.declared_return_type(id) else {
            return Type::UNKNOWN;
        };
        let (class, position) = if node.is_async {
            (self.db.known_class("typing", "AsyncGenerator"), 1)
        } else {
            (self.db.known_class("typing", "Generator"), 1)
        };
        class
            .and_then(|class| crate::relation::as_instance_of(self.db, declared, class))
            .and_then(|ct| ct.args.get(position).copied())
            .unwrap_or(Type::NONE)
    }

    /// `yield from x`: the return type of the generator `x` (the third `Generator` argument).
    fn yield_from_result(&mut self, value: Type, expr: &'static Expr) -> Type {
        let db = self.db;
        if value.is_dynamic() {
            return value;
        }
        if let Some(generator) = db.known_class("typing", "Generator")
            && let Some(ct) = crate::relation::as_instance_of(db, value, generator)
        {
            return ct.args.get(2).copied().unwrap_or(Type::UNKNOWN);
        }
        // Any other iterable: `yield from` evaluates to `None`.
        self.iterate(value, expr, true);
        Type::NONE
    }

    pub fn infer_augmented_assignment(&mut self, aug: &'static StmtAugAssign) -> Type {
        let target = self.infer_expression(&aug.target);
        let value = self.infer_expression(&aug.value);
        self.augmented_operation(target, aug.op, value, &aug.target)
    }

    fn unary_operation(&mut self, op: UnaryOp, operand: Type, expr: &'static Expr) -> Type {
        let db = self.db;
        match (op, db.kind(operand)) {
            (UnaryOp::Not, _) => match crate::relation::static_truthiness(db, operand) {
                Some(truthy) => db.intern(TypeKind::BoolLiteral(!truthy)),
                None => db.known_instance("builtins", "bool", &[]),
            },
            (UnaryOp::USub, TypeKind::IntLiteral(value)) => match value.checked_neg() {
                Some(negated) => db.intern(TypeKind::IntLiteral(negated)),
                None => db.known_instance("builtins", "int", &[]),
            },
            (UnaryOp::UAdd, TypeKind::IntLiteral(_)) => operand,
            (UnaryOp::Invert, TypeKind::IntLiteral(value)) => db.intern(TypeKind::IntLiteral(!value)),
            _ if operand.is_dynamic() => operand,
            _ => {
                let dunder = match op {
                    UnaryOp::USub => "__neg__",
                    UnaryOp::UAdd => "__pos__",
                    UnaryOp::Invert => "__invert__",
                    UnaryOp::Not => unreachable!(),
                };
                match self.call_dunder(operand, dunder, &[]) {
                    Some(result) => result,
                    None => {
                        let symbol = match op {
                            UnaryOp::USub => "-",
                            UnaryOp::UAdd => "+",
                            UnaryOp::Invert => "~",
                            UnaryOp::Not => "not",
                        };
                        if !self.is_reporting() {
                            return Type::UNKNOWN;
                        }
                        let message = format!(
                            "Unary operator `{symbol}` is not supported for type `{}`{}",
                            self.display(operand),
                            self.forgot_await_hint(operand)
                        );
                        self.report(expr.range(), Rule::UnsupportedOperator, message);
                        Type::UNKNOWN
                    }
                }
            }
        }
    }

    /// `left op right` through `__op__` / `__rop__`.
    pub(crate) fn binary_operation(&mut self, left: Type, op: Operator, right: Type, expr: &'static Expr) -> Type {
        let db = self.db;
        // An operand of type `Never` is never computed: the code is unreachable.
        if left.is_never() || right.is_never() {
            return Type::NEVER;
        }
        if let (TypeKind::IntLiteral(a), TypeKind::IntLiteral(b)) = (db.kind(left), db.kind(right)) {
            let (a, b) = (*a, *b);
            let folded = match op {
                Operator::Add => a.checked_add(b),
                Operator::Sub => a.checked_sub(b),
                Operator::Mult => a.checked_mul(b),
                Operator::FloorDiv if b != 0 => Some(a.div_euclid(b) - i64::from(a.rem_euclid(b) != 0 && b < 0)),
                Operator::Mod if b != 0 => a.checked_rem_euclid(b),
                _ => None,
            };
            if let Some(value) = folded {
                return db.intern(TypeKind::IntLiteral(value));
            }
        }
        if let (TypeKind::StrLiteral(a), TypeKind::StrLiteral(b)) = (db.kind(left), db.kind(right))
            && op == Operator::Add
            && a.len() + b.len() <= 4096
        {
            let joined = format!("{a}{b}");
            return db.intern(TypeKind::StrLiteral(joined.into()));
        }
        if let (TypeKind::Tuple(a), TypeKind::Tuple(b)) = (db.kind(left), db.kind(right))
            && op == Operator::Add
        {
            let joined: Box<[Type]> = a.iter().chain(b.iter()).copied().collect();
            return db.intern(TypeKind::Tuple(joined));
        }
        if left.is_dynamic() || right.is_dynamic() {
            return Type::UNKNOWN;
        }
        if op == Operator::BitOr
            && let Some(union_object) = super::type_forms::runtime_union(db, left, right)
        {
            return union_object;
        }
        // An operand of a constrained type variable is each of its constraints in turn (the
        // same one for both operands when they share the variable).
        if let TypeKind::TypeVar(var) = db.kind(left).clone() {
            let constraints = db.typevar(var).constraints.clone();
            if !constraints.is_empty() {
                let results: Vec<Type> = constraints
                    .iter()
                    .map(|c| {
                        let right = if right == left { *c } else { right };
                        self.binary_operation(*c, op, right, expr)
                    })
                    .collect();
                // Closed under the operation (`str + str` is `str`, `bytes + bytes` is
                // `bytes`): the result is the type variable itself.
                if right == left && results.iter().zip(constraints.iter()).all(|(r, c)| r == c) {
                    return left;
                }
                return union(db, results);
            }
        }
        // Operating on unions pairs every member with every member: past `MAX_PRECISE_PAIRS`
        // pairs, literals stand for their classes and fixed-length tuples for `tuple[E, ...]`
        // (`Literal["a", "b", ...] + Literal[...]` is `str`), so a loop that concatenates cannot
        // multiply its types round after round.
        let pairs = union_size(db, left) * union_size(db, right);
        if pairs > MAX_PRECISE_PAIRS {
            let promoted_left = crate::relation::widen_for_inference(db, left);
            let promoted_right = crate::relation::widen_for_inference(db, right);
            if (promoted_left, promoted_right) != (left, right) {
                return self.binary_operation(promoted_left, op, promoted_right, expr);
            }
        }
        if let TypeKind::Union(members) = db.kind(left) {
            let members = members.clone();
            let lenient = crate::relation::has_dynamic_member(db, left);
            let results: Vec<Type> = self.quietly_if(lenient, |inferrer| {
                members
                    .iter()
                    .map(|m| inferrer.binary_operation(*m, op, right, expr))
                    .collect()
            });
            return union(db, results);
        }
        if let TypeKind::Union(members) = db.kind(right) {
            let members = members.clone();
            let lenient = crate::relation::has_dynamic_member(db, right);
            let results: Vec<Type> = self.quietly_if(lenient, |inferrer| {
                members
                    .iter()
                    .map(|m| inferrer.binary_operation(left, op, *m, expr))
                    .collect()
            });
            return union(db, results);
        }
        let (dunder, reflected) = binary_dunders(op);
        if let Some(result) = self.call_dunder(left, dunder, &[right]) {
            self.check_deprecated_dunder(left, dunder, expr.range());
            return result;
        }
        if let Some(result) = self.call_dunder(right, reflected, &[left]) {
            self.check_deprecated_dunder(right, reflected, expr.range());
            return result;
        }
        let hint = {
            let left_hint = self.forgot_await_hint(left);
            if left_hint.is_empty() {
                self.forgot_await_hint(right)
            } else {
                left_hint
            }
        };
        if !self.is_reporting() {
            return Type::UNKNOWN;
        }
        let message = format!(
            "Operator `{}` is not supported between objects of type `{}` and `{}`{hint}",
            op.as_str(),
            self.display(left),
            self.display(right),
        );
        self.report(expr.range(), Rule::UnsupportedOperator, message);
        Type::UNKNOWN
    }

    pub(crate) fn augmented_operation(&mut self, left: Type, op: Operator, right: Type, target: &'static Expr) -> Type {
        let inplace = match op {
            Operator::Add => "__iadd__",
            Operator::Sub => "__isub__",
            Operator::Mult => "__imul__",
            Operator::MatMult => "__imatmul__",
            Operator::Div => "__itruediv__",
            Operator::Mod => "__imod__",
            Operator::Pow => "__ipow__",
            Operator::LShift => "__ilshift__",
            Operator::RShift => "__irshift__",
            Operator::BitOr => "__ior__",
            Operator::BitXor => "__ixor__",
            Operator::BitAnd => "__iand__",
            Operator::FloorDiv => "__ifloordiv__",
        };
        if !left.is_dynamic()
            && !matches!(
                self.db.kind(left),
                TypeKind::Union(_) | TypeKind::IntLiteral(_) | TypeKind::StrLiteral(_)
            )
            && let Some(result) = self.call_dunder(left, inplace, &[right])
        {
            return result;
        }
        let result = self.binary_operation(left, op, right, target);
        // A failed operation (reported) leaves the target with the type it had, its literals
        // promoted, rather than `Unknown`: `total += wrong` in a loop must not turn `total` into
        // a value that silences every later operation on it, the failed one included.
        let failed = |ty: Type| {
            ty.is_unknown() || matches!(self.db.kind(ty), TypeKind::Union(members) if members.contains(&Type::UNKNOWN))
        };
        if failed(result)
            && !failed(left)
            && !right.is_dynamic()
            && !crate::relation::has_dynamic_member(self.db, right)
        {
            let kept = crate::relation::widen_for_inference(self.db, left);
            let db = self.db;
            return match db.kind(result) {
                TypeKind::Union(members) => {
                    let members = members.clone();
                    union(
                        db,
                        members
                            .iter()
                            .map(|member| if member.is_unknown() { kept } else { *member }),
                    )
                }
                _ => kept,
            };
        }
        result
    }

    fn comparison(&mut self, left: Type, op: CmpOp, right: Type, expr: &'static Expr) -> Type {
        let db = self.db;
        let bool_ty = db.known_instance("builtins", "bool", &[]);
        if left.is_never() || right.is_never() {
            return Type::NEVER;
        }
        match op {
            CmpOp::Is | CmpOp::IsNot => bool_ty,
            CmpOp::In | CmpOp::NotIn => {
                if !right.is_dynamic() && self.call_dunder(right, "__contains__", &[left]).is_none() {
                    // Fall back to iteration, as Python does.
                    let iterable = self.iteration_element(right);
                    if iterable.is_none() {
                        if !self.is_reporting() {
                            return bool_ty;
                        }
                        let message = format!(
                            "Operator `{}` is not supported between objects of type `{}` and `{}`",
                            if op == CmpOp::In { "in" } else { "not in" },
                            self.display(left),
                            self.display(right)
                        );
                        self.report(expr.range(), Rule::UnsupportedOperator, message);
                    }
                }
                bool_ty
            }
            _ => {
                if let Some(ordering) = literal_ordering(db, left, right) {
                    let value = match op {
                        CmpOp::Eq => ordering.is_eq(),
                        CmpOp::NotEq => ordering.is_ne(),
                        CmpOp::Lt => ordering.is_lt(),
                        CmpOp::LtE => ordering.is_le(),
                        CmpOp::Gt => ordering.is_gt(),
                        CmpOp::GtE => ordering.is_ge(),
                        _ => return bool_ty,
                    };
                    return db.intern(TypeKind::BoolLiteral(value));
                }
                if let (TypeKind::IntLiteral(a), TypeKind::IntLiteral(b)) = (db.kind(left), db.kind(right)) {
                    let Some(value) = compare_integers(op, *a, *b) else {
                        return bool_ty;
                    };
                    return db.intern(TypeKind::BoolLiteral(value));
                }
                if left.is_dynamic() || right.is_dynamic() {
                    return bool_ty;
                }
                let (dunder, reflected) = match op {
                    CmpOp::Eq => ("__eq__", "__eq__"),
                    CmpOp::NotEq => ("__ne__", "__ne__"),
                    CmpOp::Lt => ("__lt__", "__gt__"),
                    CmpOp::LtE => ("__le__", "__ge__"),
                    CmpOp::Gt => ("__gt__", "__lt__"),
                    CmpOp::GtE => ("__ge__", "__le__"),
                    _ => return bool_ty,
                };
                if matches!(op, CmpOp::Eq | CmpOp::NotEq) {
                    return self.call_dunder(left, dunder, &[right]).unwrap_or(bool_ty);
                }
                if let TypeKind::Union(members) = db.kind(left) {
                    let members = members.clone();
                    let results: Vec<Type> = members.iter().map(|m| self.comparison(*m, op, right, expr)).collect();
                    return union(db, results);
                }
                if let Some(result) = self.call_dunder(left, dunder, &[right]) {
                    return result;
                }
                if let Some(result) = self.call_dunder(right, reflected, &[left]) {
                    return result;
                }
                if !self.is_reporting() {
                    return bool_ty;
                }
                let message = format!(
                    "Operator `{}` is not supported between objects of type `{}` and `{}`{}",
                    op.as_str(),
                    self.display(left),
                    self.display(right),
                    self.forgot_await_hint(left)
                );
                self.report(expr.range(), Rule::UnsupportedOperator, message);
                bool_ty
            }
        }
    }

    /// `value[slice]` through `__getitem__` (or `__class_getitem__` / generic aliases on classes).
    fn subscript_value(
        &mut self,
        expr: &'static Expr,
        value: Type,
        subscript: &'static ruff_python_ast::ExprSubscript,
    ) -> Type {
        let db = self.db;
        match db.kind(value).clone() {
            TypeKind::ClassLiteral(class) => {
                let info = db.class_info(class.class);
                if !info.type_params.is_empty() || db.known_class("builtins", "tuple") == Some(class.class) {
                    // `list[int]` as a value: a specialized class object.
                    let instance = self.type_expression(expr);
                    return match db.kind(instance) {
                        TypeKind::Instance(ct) => db.intern(TypeKind::ClassLiteral(ct.clone())),
                        TypeKind::Tuple(_) => db.intern(TypeKind::ClassLiteral(
                            db.known_class("builtins", "tuple")
                                .map_or_else(|| ClassType::plain(class.class), ClassType::plain),
                        )),
                        _ => Type::UNKNOWN,
                    };
                }
                if db.known_class("builtins", "type") == Some(class.class) {
                    // `type[C]` as a value is a generic alias object, as in `X: TypeAlias = type[C]`.
                    self.type_expression(expr);
                    return db.known_instance("types", "GenericAlias", &[]);
                }
                let index = self.infer_expression(&subscript.slice);
                // A class is subscriptable through its metaclass's `__getitem__` or its own
                // `__class_getitem__`; otherwise it is not generic. The metaclass's method gives
                // the item's type (`Color["RED"]` is a `Color`, by `EnumMeta.__getitem__`).
                let class_getitem = db.class_member_owner(&class, "__class_getitem__").is_some();
                let metaclass_getitem = self.has_dunder(value, "__getitem__");
                if metaclass_getitem
                    && !class_getitem
                    && !info.has_dynamic_base
                    && let Some(item) = self.call_dunder(value, "__getitem__", &[index])
                {
                    return item;
                }
                let subscriptable = info.has_dynamic_base || metaclass_getitem || class_getitem;
                if !subscriptable && self.is_reporting() {
                    let message = format!("Class `{}` is not generic and cannot be subscripted", info.name);
                    self.report(subscript.range, Rule::NotSubscriptable, message);
                }
                Type::UNKNOWN
            }
            TypeKind::SpecialForm(crate::ty::SpecialForm::Generic) => {
                // `Generic[T]` as a value (a base class) lists type variables: no type to check.
                self.infer_expression(&subscript.slice);
                Type::UNKNOWN
            }
            TypeKind::SpecialForm(SpecialForm::Alias(_)) => {
                // `typing.DefaultDict[int, bytes]` as a value: the specialized class object.
                let instance = self.type_expression(expr);
                match db.kind(instance) {
                    TypeKind::Instance(ct) => db.intern(TypeKind::ClassLiteral(ct.clone())),
                    _ => Type::UNKNOWN,
                }
            }
            TypeKind::SpecialForm(SpecialForm::Annotated) => {
                self.type_expression(expr);
                self.annotated_form_value()
            }
            TypeKind::SpecialForm(_) | TypeKind::KnownInstance(_) => {
                // `Optional[int]` and friends used as values.
                self.type_expression(expr);
                Type::UNKNOWN
            }
            _ => {
                let index = self.infer_expression(&subscript.slice);
                self.subscript_instance(value, index, subscript)
            }
        }
    }

    fn subscript_instance(
        &mut self,
        value: Type,
        index: Type,
        subscript: &'static ruff_python_ast::ExprSubscript,
    ) -> Type {
        let db = self.db;
        if value.is_dynamic() || value.is_never() {
            return value;
        }
        if let TypeKind::Instance(instance) = db.kind(value).clone()
            && db.is_typed_dict(instance.class)
            && let Some(item) = self.typed_dict_item(&instance, index, subscript.slice.range())
        {
            return item;
        }
        // A subclass of a fixed-length tuple indexes like that tuple.
        if let TypeKind::Instance(class) = db.kind(value)
            && let Some(elements) = db.instance_tuple_elements(class)
            && matches!(db.kind(index), TypeKind::IntLiteral(_)) | matches!(&*subscript.slice, Expr::Slice(_))
        {
            let as_tuple = db.intern(TypeKind::Tuple(elements));
            return self.subscript_instance(as_tuple, index, subscript);
        }
        // A tuple with an unbounded part: positions inside its fixed ends are known.
        if let TypeKind::Tuple(_) = db.kind(value)
            && let Some(shape) = crate::tuple_shape::shape_of(db, value)
            && shape.variadic.is_some()
        {
            let literal = match db.kind(index) {
                TypeKind::IntLiteral(i) => Some(*i),
                _ => None,
            };
            let slice = match &*subscript.slice {
                Expr::Slice(slice) => Some(slice),
                _ => None,
            };
            return crate::tuple_shape::subscript(db, &shape, literal, slice.map(slice_start)).unwrap_or_else(|| {
                self.subscript_instance(
                    crate::tuple_shape::homogeneous(db, crate::tuple_shape::element_union(db, &shape)),
                    index,
                    subscript,
                )
            });
        }
        if let TypeKind::Tuple(elements) = db.kind(value).clone()
            && let Expr::Slice(slice) = &*subscript.slice
            && let Some(selected) = slice_elements(&elements, slice)
        {
            return db.intern(TypeKind::Tuple(selected.into()));
        }
        if let TypeKind::Tuple(elements) = db.kind(value)
            && let TypeKind::IntLiteral(i) = db.kind(index)
        {
            {
                let len = elements.len() as i64;
                let position = if *i < 0 { len + *i } else { *i };
                if let Some(element) = usize::try_from(position).ok().and_then(|p| elements.get(p)) {
                    return *element;
                }
                if !self.is_reporting() {
                    return Type::UNKNOWN;
                }
                let message = format!(
                    "Index {i} is out of bounds for tuple `{}` with length {len}",
                    self.display(value)
                );
                self.report(subscript.range, Rule::NotSubscriptable, message);
                return Type::UNKNOWN;
            }
        }
        if let TypeKind::Union(members) = db.kind(value) {
            let members = members.clone();
            let lenient = crate::relation::has_dynamic_member(db, value);
            let results: Vec<Type> = self.quietly_if(lenient, |inferrer| {
                members
                    .iter()
                    .map(|m| inferrer.subscript_instance(*m, index, subscript))
                    .collect()
            });
            return union(db, results);
        }
        match self.call_dunder(value, "__getitem__", &[index]) {
            Some(result) => result,
            None => {
                if !self.is_reporting() {
                    return Type::UNKNOWN;
                }
                if self.has_dunder(value, "__getitem__") {
                    // The object is subscriptable, but not with this key.
                    let message = format!(
                        "Index of type `{}` is not accepted by `__getitem__` of `{}`",
                        self.display(index),
                        self.display(value)
                    );
                    self.report(subscript.slice.range(), Rule::InvalidArgumentType, message);
                    return Type::UNKNOWN;
                }
                let message = format!(
                    "Cannot subscript object of type `{}` with no `__getitem__` method{}",
                    self.display(value),
                    self.forgot_await_hint(value)
                );
                self.report(subscript.range, Rule::NotSubscriptable, message);
                Type::UNKNOWN
            }
        }
    }

    /// "; did you forget `await`?" when awaiting `found` would give a value that fits `expected`.
    pub fn forgot_await_hint_for(&mut self, found: Type, expected: Type) -> &'static str {
        if self.forgot_await_hint(found).is_empty() {
            return "";
        }
        match self.await_result(found) {
            Some(result) if crate::relation::is_assignable(self.db, result, expected) => "; did you forget `await`?",
            _ => "",
        }
    }

    /// ", did you forget `await`?" when the type is an awaitable whose result would have worked.
    pub fn forgot_await_hint(&self, ty: Type) -> &'static str {
        let db = self.db;
        let Some(awaitable) = db.known_class("typing", "Awaitable") else {
            return "";
        };
        let is_awaitable = match db.kind(ty) {
            TypeKind::Instance(_) => {
                crate::relation::fallback_instance(db, ty).is_some_and(|ct| db.upcast(&ct, awaitable).is_some())
            }
            _ => false,
        };
        if is_awaitable { "; did you forget `await`?" } else { "" }
    }
}

fn contains_await(expr: &Expr) -> bool {
    use ruff_python_ast::visitor::{Visitor, walk_expr};
    struct Finder(bool);
    impl<'a> Visitor<'a> for Finder {
        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Await(_) => self.0 = true,
                Expr::Lambda(_) | Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {}
                _ => walk_expr(self, expr),
            }
        }
    }
    let mut finder = Finder(false);
    finder.visit_expr(expr);
    finder.0
}

fn binary_dunders(op: Operator) -> (&'static str, &'static str) {
    match op {
        Operator::Add => ("__add__", "__radd__"),
        Operator::Sub => ("__sub__", "__rsub__"),
        Operator::Mult => ("__mul__", "__rmul__"),
        Operator::MatMult => ("__matmul__", "__rmatmul__"),
        Operator::Div => ("__truediv__", "__rtruediv__"),
        Operator::Mod => ("__mod__", "__rmod__"),
        Operator::Pow => ("__pow__", "__rpow__"),
        Operator::LShift => ("__lshift__", "__rlshift__"),
        Operator::RShift => ("__rshift__", "__rrshift__"),
        Operator::BitOr => ("__or__", "__ror__"),
        Operator::BitXor => ("__xor__", "__rxor__"),
        Operator::BitAnd => ("__and__", "__rand__"),
        Operator::FloorDiv => ("__floordiv__", "__rfloordiv__"),
    }
}

/// How two literals of the same kind compare (ints and bools as numbers, strings and bytes
/// lexicographically), when both are literals.
fn literal_ordering(db: &crate::db::Db, left: Type, right: Type) -> Option<std::cmp::Ordering> {
    let number = |ty: Type| match db.kind(ty) {
        TypeKind::IntLiteral(value) => Some(*value),
        TypeKind::BoolLiteral(value) => Some(i64::from(*value)),
        _ => None,
    };
    if let (Some(a), Some(b)) = (number(left), number(right)) {
        return Some(a.cmp(&b));
    }
    match (db.kind(left), db.kind(right)) {
        (TypeKind::StrLiteral(a), TypeKind::StrLiteral(b)) => Some(a.cmp(b)),
        (TypeKind::BytesLiteral(a), TypeKind::BytesLiteral(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// `Some(n)` for a slice `[n:]` (a literal non-negative start, no end or step), else `None`.
fn slice_start(slice: &ruff_python_ast::ExprSlice) -> Option<usize> {
    if slice.upper.is_some() || slice.step.is_some() {
        return None;
    }
    match slice.lower.as_deref() {
        None => Some(0),
        Some(Expr::NumberLiteral(n)) => match &n.value {
            Number::Int(i) => i.as_u64().and_then(|v| usize::try_from(v).ok()),
            _ => None,
        },
        Some(_) => None,
    }
}

/// The elements a slice with literal (or omitted) bounds selects, as Python's slicing does.
fn slice_elements(elements: &[Type], slice: &ruff_python_ast::ExprSlice) -> Option<Vec<Type>> {
    let bound = |expr: &Option<Box<Expr>>| -> Option<Option<i64>> {
        match expr.as_deref() {
            None => Some(None),
            Some(Expr::NumberLiteral(n)) => match &n.value {
                Number::Int(i) => i.as_i64().map(Some),
                _ => None,
            },
            Some(Expr::UnaryOp(unary)) if unary.op == UnaryOp::USub => match &*unary.operand {
                Expr::NumberLiteral(n) => match &n.value {
                    Number::Int(i) => i.as_i64().map(|v| Some(-v)),
                    _ => None,
                },
                _ => None,
            },
            Some(_) => None,
        }
    };
    let (lower, upper, step) = (bound(&slice.lower)?, bound(&slice.upper)?, bound(&slice.step)?);
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let len = i64::try_from(elements.len()).ok()?;
    let clamp = |value: i64, low: i64, high: i64| value.max(low).min(high);
    let normalize = |value: i64, low: i64, high: i64| clamp(if value < 0 { value + len } else { value }, low, high);
    let mut selected = Vec::new();
    if step > 0 {
        let start = lower.map_or(0, |v| normalize(v, 0, len));
        let stop = upper.map_or(len, |v| normalize(v, 0, len));
        let mut i = start;
        while i < stop {
            selected.push(elements[usize::try_from(i).ok()?]);
            i += step;
        }
    } else {
        let start = lower.map_or(len - 1, |v| normalize(v, -1, len - 1));
        let stop = upper.map_or(-1, |v| normalize(v, -1, len - 1));
        let mut i = start;
        while i > stop {
            selected.push(elements[usize::try_from(i).ok()?]);
            i += step;
        }
    }
    Some(selected)
}

/// `a <op> b` for integers, for the comparison operators that order them (`None` for `is`, `in`).
pub(crate) fn compare_integers(op: CmpOp, a: i64, b: i64) -> Option<bool> {
    Some(match op {
        CmpOp::Eq => a == b,
        CmpOp::NotEq => a != b,
        CmpOp::Lt => a < b,
        CmpOp::LtE => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::GtE => a >= b,
        _ => return None,
    })
}

/// How many member pairs an operation on unions computes precisely (literals, tuple lengths).
const MAX_PRECISE_PAIRS: usize = 64;

/// The number of members of a union (1 for any other type).
fn union_size(db: &crate::db::Db, ty: Type) -> usize {
    match db.kind(ty) {
        TypeKind::Union(members) => members.len(),
        _ => 1,
    }
}
