//! Builds the [`SemanticIndex`] in one walk over the AST, carrying a flow state per open scope.
//! Statements are visited in order; branches fork and merge the flow state; loops add the
//! definitions that reach their end to the uses inside them (the back edge).

use ruff_python_ast::name::Name;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{
    Comprehension, ExceptHandler, Expr, ExprContext, ExprName, ModModule, Parameters, Stmt, StmtFunctionDef, TypeParam,
    TypeParams,
};
use ruff_text_size::{Ranged, TextRange};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::definition::{Definition, DefinitionId, DefinitionKind, ParameterKind};
use crate::index::{ClosureCapture, IndexOptions, SemanticIndex, SemanticSyntaxError, Use};
use crate::node_ids::{ExprKey, NodeKey};
use crate::reachability::{StaticEnvironment, static_truth};
use crate::scope::{FunctionInfo, Scope, ScopeId, ScopeKind, Symbol, SymbolFlags, SymbolId};
use crate::use_def::{Bindings, FlowState};

mod narrowing;
mod patterns;
mod terminal_calls;
mod with_exits;
pub use narrowing::{MAX_PLACE_DEPTH, narrowing_subject, peel_not, place_root, same_place};

pub(crate) fn build(module: &'static ModModule, options: &IndexOptions) -> SemanticIndex {
    let mut builder = Builder {
        env: StaticEnvironment {
            python_version: options.python_version,
            platform: options.platform.clone(),
        },
        is_stub: options.is_stub,
        scopes: Vec::new(),
        definitions: crate::definition::DefinitionTable::default(),
        uses: crate::index::UseMap::default(),
        node_scopes: FxHashMap::default(),
        node_definitions: FxHashMap::default(),
        unreachable: FxHashSet::default(),
        conditionally_reachable: FxHashMap::default(),
        predicates: Vec::new(),
        calls: Vec::new(),
        instance_attributes: FxHashMap::default(),
        class_attributes: FxHashMap::default(),
        errors: Vec::new(),
        frames: Vec::new(),
        deferred_annotations: options.is_stub,
        global_definitions: Vec::new(),
        has_future_annotations: false,
        scope_definitions: Vec::new(),
        private_scopes: Vec::new(),
        nonlocal_declarations: Vec::new(),
        import_fallback_depth: 0,
        import_fallbacks: FxHashSet::default(),
    };
    builder.has_future_annotations = module.body.iter().any(|stmt| {
        matches!(stmt, Stmt::ImportFrom(import) if import.module.as_ref().is_some_and(|m| m.as_str() == "__future__")
            && import.names.iter().any(|alias| alias.name.as_str() == "annotations"))
    });
    builder.deferred_annotations |= builder.has_future_annotations;
    builder.push_scope(ScopeKind::Module, None);
    builder.visit_body(&module.body);
    builder.pop_scope();
    // `global x` assignments inside functions also bind the module's `x`.
    for (symbol, definition) in std::mem::take(&mut builder.global_definitions) {
        let module = &mut builder.scopes[0];
        module.end_bindings[symbol.index()].definitions.push(definition);
        module.all_definitions[symbol.index()].push(definition);
    }
    // `nonlocal x` needs `x` bound in an enclosing function (not the module, not a class).
    for (scope, name, range) in std::mem::take(&mut builder.nonlocal_declarations) {
        if scope == ScopeId::MODULE {
            continue;
        }
        let mut current = builder.scopes[scope.index()].parent;
        let mut found = false;
        while let Some(id) = current {
            let data = &builder.scopes[id.index()];
            if matches!(data.kind, ScopeKind::Module) {
                break;
            }
            // A declaration alone (`handle: Task`) makes the name the function's own too.
            if data.kind.is_function_like()
                && let Some(symbol) = data.symbol(name.as_str())
                && (data.symbol_data(symbol).flags.bound || data.symbol_data(symbol).flags.declared)
            {
                builder.scopes[id.index()].symbols[symbol.index()]
                    .flags
                    .assigned_by_nested = true;
                found = true;
                break;
            }
            current = data.parent;
        }
        if !found {
            builder.error(
                range,
                format!("No binding for nonlocal `{name}` found in an enclosing function"),
            );
        }
    }
    // The index lives as long as its module: no spare capacity from growing while building.
    builder.uses.shrink_to_fit();
    builder.definitions.shrink_to_fit();
    builder.predicates.shrink_to_fit();
    builder.calls.shrink_to_fit();
    // The first definition bound from each value expression stands for all of them. A literal
    // costs nothing to infer twice, less than sharing it would.
    let mut value_heads = FxHashMap::default();
    for (id, definition) in builder.definitions.iter() {
        if let Some(value) = definition.kind.value_expression()
            && !value.is_literal_expr()
        {
            value_heads.entry(NodeKey::of(value)).or_insert(id);
        }
    }
    SemanticIndex {
        module,
        scopes: builder.scopes,
        definitions: builder.definitions,
        value_heads,
        uses: builder.uses,
        node_scopes: builder.node_scopes,
        node_definitions: builder.node_definitions,
        unreachable_statements: builder.unreachable,
        conditionally_reachable: builder.conditionally_reachable,
        predicates: builder.predicates,
        calls: builder.calls,
        instance_attributes: builder.instance_attributes,
        class_attributes: builder.class_attributes,
        semantic_syntax_errors: builder.errors,
        has_future_annotations: builder.has_future_annotations,
        is_stub: builder.is_stub,
        import_fallbacks: builder.import_fallbacks,
    }
}

/// A loop being visited: the states that leave it by `break` or jump back by `continue`, and
/// the uses inside it that may also see definitions made later in the loop.
struct LoopFrame {
    /// The first private definition id given out in the loop statement (its test or target
    /// included): definitions with a smaller id are made before the loop runs.
    first_definition: DefinitionId,
    breaks: Vec<FlowState>,
    continues: Vec<FlowState>,
    uses: Vec<(ExprKey, SymbolId)>,
}

struct ScopeFrame {
    id: ScopeId,
    flow: FlowState,
    loops: Vec<LoopFrame>,
    /// The `with` statements whose bodies are being visited.
    withs: Vec<&'static ruff_python_ast::StmtWith>,
}

struct Builder {
    env: StaticEnvironment,
    is_stub: bool,
    scopes: Vec<Scope>,
    definitions: crate::definition::DefinitionTable,
    /// Per scope: whether it is a function body, lambda or comprehension, or inside one (its
    /// definitions get private ids: see `DefinitionTable`).
    private_scopes: Vec<bool>,
    uses: crate::index::UseMap,
    node_scopes: FxHashMap<NodeKey, ScopeId>,
    node_definitions: FxHashMap<NodeKey, DefinitionId>,
    unreachable: FxHashSet<NodeKey>,
    conditionally_reachable: FxHashMap<NodeKey, Vec<&'static ruff_python_ast::StmtWith>>,
    predicates: Vec<crate::use_def::Predicate>,
    calls: Vec<crate::index::PathCall>,
    instance_attributes: FxHashMap<(ScopeId, Name), Vec<DefinitionId>>,
    class_attributes: FxHashMap<(ScopeId, Name), Vec<DefinitionId>>,
    errors: Vec<SemanticSyntaxError>,
    frames: Vec<ScopeFrame>,
    deferred_annotations: bool,
    global_definitions: Vec<(SymbolId, DefinitionId)>,
    has_future_annotations: bool,
    /// The definitions made in each scope, by scope id.
    scope_definitions: Vec<Vec<DefinitionId>>,
    /// `nonlocal x` declarations, checked once every scope is complete.
    nonlocal_declarations: Vec<(ScopeId, Name, TextRange)>,
    /// How many `except ImportError:` handlers enclose the code being indexed.
    import_fallback_depth: u32,
    /// Definitions made in such handlers.
    import_fallbacks: FxHashSet<DefinitionId>,
}

/// Whether an `except` clause's type is `ImportError` or `ModuleNotFoundError` (or a tuple with
/// one of them): its body is what a module does when an optional import fails.
fn catches_import_error(type_: &Expr) -> bool {
    match type_ {
        Expr::Name(name) => matches!(name.id.as_str(), "ImportError" | "ModuleNotFoundError"),
        Expr::Attribute(attribute) => matches!(attribute.attr.as_str(), "ImportError" | "ModuleNotFoundError"),
        Expr::Tuple(tuple) => tuple.elts.iter().any(catches_import_error),
        _ => false,
    }
}

impl Builder {
    // ---- scopes and symbols ------------------------------------------------------------------

    fn push_scope(&mut self, kind: ScopeKind, node: Option<NodeKey>) -> ScopeId {
        let id = ScopeId(u32::try_from(self.scopes.len()).expect("too many scopes"));
        let parent = self.frames.last().map(|frame| frame.id);
        let function = matches!(kind, ScopeKind::Function(_) | ScopeKind::Lambda(_)).then(FunctionInfo::default);
        let private = parent.is_some_and(|parent| self.private_scopes[parent.index()])
            || matches!(
                kind,
                ScopeKind::Function(_) | ScopeKind::Lambda(_) | ScopeKind::Comprehension(_)
            );
        self.private_scopes.push(private);
        self.scopes.push(Scope {
            kind,
            parent,
            symbols: Vec::new(),
            symbol_ids: FxHashMap::default(),
            end_bindings: Vec::new(),
            all_definitions: Vec::new(),
            star_imports: Vec::new(),
            function,
        });
        if let Some(node) = node {
            self.node_scopes.insert(node, id);
        }
        self.scope_definitions.push(Vec::new());
        self.frames.push(ScopeFrame {
            id,
            flow: FlowState::new(),
            loops: Vec::new(),
            withs: Vec::new(),
        });
        id
    }

    fn pop_scope(&mut self) {
        let frame = self.frames.pop().expect("scope stack underflow");
        let scope = &mut self.scopes[frame.id.index()];
        if let Some(function) = &mut scope.function {
            function.falls_off_end = frame.flow.reachable;
            function.falls_off_end_if_swallowed = frame.flow.swallow_conditions.clone();
        }
        let symbol_count = scope.symbols.len();
        // Modules and classes export what reaches their end. A function's variables are seen
        // by closures with any value they are ever assigned, and a scope whose end cannot be
        // reached (it returns or raises) still has all its definitions.
        let use_all_definitions = !frame.flow.reachable || scope.kind.is_function_like();
        let mut all = vec![Vec::new(); symbol_count];
        for definition in &self.scope_definitions[frame.id.index()] {
            let symbol = self.definitions.get(*definition).symbol;
            all[symbol.index()].push(*definition);
        }
        scope.end_bindings = if use_all_definitions {
            all.iter()
                .map(|definitions| Bindings {
                    definitions: definitions.iter().copied().collect(),
                    may_be_unbound: false,
                    narrowing: thin_vec::ThinVec::new(),
                    unbound_paths: thin_vec::ThinVec::new(),
                })
                .collect()
        } else {
            let mut end = frame.flow.clone();
            end.ensure_symbol(symbol_count.saturating_sub(1));
            end.symbols.truncate(symbol_count);
            end.symbols
        };
        scope.all_definitions = all;
    }

    fn current(&self) -> &ScopeFrame {
        self.frames.last().expect("no open scope")
    }

    fn current_mut(&mut self) -> &mut ScopeFrame {
        self.frames.last_mut().expect("no open scope")
    }

    fn current_scope(&self) -> &Scope {
        &self.scopes[self.current().id.index()]
    }

    fn symbol_in(&mut self, scope: ScopeId, name: &Name) -> SymbolId {
        let scope = &mut self.scopes[scope.index()];
        if let Some(id) = scope.symbol_ids.get(name) {
            return *id;
        }
        let id = SymbolId(u32::try_from(scope.symbols.len()).expect("too many symbols"));
        scope.symbols.push(Symbol {
            name: name.clone(),
            flags: SymbolFlags::default(),
        });
        scope.symbol_ids.insert(name.clone(), id);
        id
    }

    /// Adds a definition of `name` in the current scope and makes it the only reaching one.
    fn bind(&mut self, name: &Name, range: TextRange, kind: DefinitionKind, node: Option<NodeKey>) -> DefinitionId {
        let scope = self.current().id;
        let symbol = self.symbol_in(scope, name);
        let flags = self.scopes[scope.index()].symbols[symbol.index()].flags;
        let id;
        if flags.global && scope != ScopeId::MODULE {
            let module_symbol = self.symbol_in(ScopeId::MODULE, name);
            self.scopes[0].symbols[module_symbol.index()].flags.bound = true;
            id = self.push_definition(ScopeId::MODULE, module_symbol, kind, range);
            self.global_definitions.push((module_symbol, id));
        } else {
            self.scopes[scope.index()].symbols[symbol.index()].flags.bound = true;
            id = self.push_definition(scope, symbol, kind, range);
            self.scope_definitions[scope.index()].push(id);
        }
        // Later reads in this scope see what it assigned (and conditions narrow it); for a
        // `global` name, reads in this function too.
        self.current_mut().flow.bind(symbol.index(), id);
        if let Some(node) = node {
            self.node_definitions.insert(node, id);
        }
        if self.import_fallback_depth > 0 {
            self.import_fallbacks.insert(id);
        }
        id
    }

    /// Records a definition made in the current scope of `symbol` of `symbol_scope`, with an id
    /// in the range the current scope's privacy decides (see `DefinitionTable`).
    fn push_definition(
        &mut self,
        symbol_scope: ScopeId,
        symbol: SymbolId,
        kind: DefinitionKind,
        range: TextRange,
    ) -> DefinitionId {
        let scope = self.current().id;
        let private = self.private_scopes[scope.index()];
        self.definitions.push(
            Definition {
                scope,
                symbol_scope,
                symbol,
                kind,
                range,
            },
            private,
        )
    }

    /// Adds a definition that declares a type without binding a value (`x: int`).
    fn declare(&mut self, symbol: SymbolId, range: TextRange, kind: DefinitionKind, node: NodeKey) {
        let scope = self.current().id;
        let id = self.push_definition(scope, symbol, kind, range);
        self.scope_definitions[scope.index()].push(id);
        self.node_definitions.insert(node, id);
    }

    fn record_use(&mut self, expr: &'static Expr, name: &ExprName) {
        let scope = self.current().id;
        let symbol = self.symbol_in(scope, &name.id);
        let frame = self.current();
        let bindings = frame.flow.get(symbol.index());
        if bindings.definitions.is_empty()
            && let Some((frame_index, outer_symbol)) = self.inline_enclosing_binding(&name.id)
        {
            let outer = &mut self.frames[frame_index];
            self.uses.insert(
                ExprKey::of(expr),
                Use {
                    scope,
                    bindings: outer.flow.get(outer_symbol.index()),
                    deferred: false,
                    inline_from: Some(outer.id),
                    captured: None,
                },
            );
            // A loop of the enclosing scope brings its back edge to this use too.
            if let Some(loop_frame) = outer.loops.last_mut() {
                loop_frame.uses.push((ExprKey::of(expr), outer_symbol));
            }
            return;
        }
        let captured = if bindings.definitions.is_empty() {
            self.closure_capture(&name.id)
        } else {
            None
        };
        self.uses.insert(
            ExprKey::of(expr),
            Use {
                scope,
                bindings,
                deferred: false,
                inline_from: None,
                captured,
            },
        );
        if let Some(loop_frame) = self.current_mut().loops.last_mut() {
            loop_frame.uses.push((ExprKey::of(expr), symbol));
        }
    }

    /// For a name read in a comprehension that does not bind it: the frame of the nearest
    /// enclosing function or module scope (through other comprehensions), if that scope has
    /// bindings of the name at this point, and its symbol there.
    fn inline_enclosing_binding(&self, name: &Name) -> Option<(usize, SymbolId)> {
        let mut index = self.frames.len().checked_sub(1)?;
        if !matches!(
            self.scopes[self.frames[index].id.index()].kind,
            ScopeKind::Comprehension(_)
        ) {
            return None;
        }
        while matches!(
            self.scopes[self.frames[index].id.index()].kind,
            ScopeKind::Comprehension(_)
        ) {
            let scope = &self.scopes[self.frames[index].id.index()];
            if scope
                .symbol_ids
                .get(name)
                .is_some_and(|symbol| scope.symbols[symbol.index()].flags.bound)
            {
                return None;
            }
            index = index.checked_sub(1)?;
        }
        let frame = &self.frames[index];
        let scope = &self.scopes[frame.id.index()];
        if !matches!(scope.kind, ScopeKind::Function(_) | ScopeKind::Module) {
            return None;
        }
        let symbol = *scope.symbol_ids.get(name)?;
        let flags = scope.symbols[symbol.index()].flags;
        if flags.global || flags.nonlocal || frame.flow.get(symbol.index()).definitions.is_empty() {
            return None;
        }
        Some((index, symbol))
    }

    /// For a name read in a nested scope that has not bound it (yet): the bindings of the
    /// nearest enclosing function that has bound it, as they are where the nested scope is
    /// defined. Inside a loop of that function, only definitions made before the loop count as
    /// earlier (a closure made in one iteration sees the assignments of the next). Whether the
    /// name really is free here, and whether the function assigns it again later, is decided
    /// when the use is resolved.
    fn closure_capture(&self, name: &Name) -> Option<Box<ClosureCapture>> {
        let current = self.frames.len().checked_sub(1)?;
        for frame in self.frames[..current].iter().rev() {
            let scope = &self.scopes[frame.id.index()];
            if scope.kind.is_class() {
                continue;
            }
            let Some(symbol) = scope.symbol_ids.get(name) else {
                continue;
            };
            let flags = scope.symbols[symbol.index()].flags;
            let bindings = frame.flow.get(symbol.index());
            if bindings.definitions.is_empty() && !flags.bound {
                continue;
            }
            let captures = matches!(scope.kind, ScopeKind::Function(_) | ScopeKind::Lambda(_))
                && !flags.global
                && !flags.nonlocal
                && !bindings.definitions.is_empty()
                && !bindings.may_be_unbound;
            return captures.then(|| {
                Box::new(ClosureCapture {
                    scope: frame.id,
                    bindings,
                    next_definition: frame
                        .loops
                        .first()
                        .map_or_else(|| self.definitions.next_private_id(), |outer| outer.first_definition),
                })
            });
        }
        None
    }

    fn record_deferred_use(&mut self, expr: &'static Expr) {
        let scope = self.current().id;
        // In a class body, what the name is bound to where the annotation is written: a class
        // attribute defined only further down (a method named `type`) does not hide the outer
        // name from annotations written before it.
        let bindings = match (expr, &self.scopes[scope.index()].kind) {
            (Expr::Name(name), ScopeKind::Class(_)) => match self.scopes[scope.index()].symbol_ids.get(&name.id) {
                Some(symbol) => self.current().flow.get(symbol.index()),
                None => Bindings::unbound(),
            },
            _ => Bindings::unbound(),
        };
        self.uses.insert(
            ExprKey::of(expr),
            Use {
                scope,
                bindings,
                deferred: true,
                inline_from: None,
                captured: None,
            },
        );
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.errors.push(SemanticSyntaxError {
            range,
            message: message.into(),
        });
    }

    /// The innermost function scope, or `None` at module or class level (comprehensions and
    /// lambdas are looked through for `await` purposes by the caller).
    fn enclosing_function(&self) -> Option<&'static StmtFunctionDef> {
        for frame in self.frames.iter().rev() {
            match self.scopes[frame.id.index()].kind {
                ScopeKind::Function(function) => return Some(function),
                ScopeKind::Comprehension(_) | ScopeKind::TypeParams => {}
                ScopeKind::Lambda(_) | ScopeKind::Class(_) | ScopeKind::Module => return None,
            }
        }
        None
    }

    fn in_async_function(&self) -> bool {
        self.enclosing_function().is_some_and(|f| f.is_async)
    }

    fn function_info_mut(&mut self) -> Option<&mut FunctionInfo> {
        let id = self.current().id;
        self.scopes[id.index()].function.as_mut()
    }

    // ---- statements --------------------------------------------------------------------------

    fn visit_body(&mut self, body: &'static [Stmt]) {
        for stmt in body {
            self.visit_statement(stmt);
        }
    }

    fn visit_statement(&mut self, stmt: &'static Stmt) {
        if !self.current().flow.reachable {
            self.unreachable.insert(NodeKey::of(stmt));
        } else if !self.current().flow.swallow_conditions.is_empty() {
            let conditions = self.current().flow.swallow_conditions.clone();
            self.conditionally_reachable.insert(NodeKey::of(stmt), conditions);
        }
        match stmt {
            Stmt::FunctionDef(function) => self.visit_function_def(function),
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_expr(&decorator.expression);
                }
                let type_params_scope = class.type_params.as_deref().map(|params| {
                    self.push_scope(ScopeKind::TypeParams, Some(NodeKey::of(params)));
                    self.visit_type_params_bindings(params);
                });
                if let Some(arguments) = &class.arguments {
                    for arg in &arguments.args {
                        self.visit_expr(arg);
                    }
                    for keyword in &arguments.keywords {
                        self.visit_expr(&keyword.value);
                    }
                }
                self.push_scope(ScopeKind::Class(class), Some(NodeKey::of(class)));
                self.visit_body(&class.body);
                self.pop_scope();
                if type_params_scope.is_some() {
                    self.pop_scope();
                }
                self.bind(
                    &class.name.id,
                    class.name.range,
                    DefinitionKind::Class(class),
                    Some(NodeKey::of(class)),
                );
            }
            Stmt::Return(ret) => {
                if let Some(value) = &ret.value {
                    self.visit_expr(value);
                }
                if self.enclosing_function().is_none() && !matches!(self.current_scope().kind, ScopeKind::Lambda(_)) {
                    self.error(ret.range, "`return` outside of a function");
                }
                if let Some(info) = self.function_info_mut() {
                    info.returns.push(ret);
                }
                self.current_mut().flow = FlowState::unreachable();
            }
            Stmt::Delete(delete) => {
                for target in &delete.targets {
                    match target {
                        // `del x` reads `x` (it must be bound) and then unbinds it.
                        Expr::Name(name) => {
                            self.record_use(target, name);
                            let scope = self.current().id;
                            let symbol = self.symbol_in(scope, &name.id);
                            self.current_mut().flow.unbind(symbol.index());
                        }
                        other => {
                            self.visit_expr(other);
                            self.forget_place(other);
                        }
                    }
                }
            }
            Stmt::TypeAlias(alias) => {
                if let Expr::Name(name) = &*alias.name {
                    self.bind(
                        &name.id,
                        name.range,
                        DefinitionKind::TypeAlias(alias),
                        Some(NodeKey::of(alias)),
                    );
                }
                if let Some(params) = &alias.type_params {
                    self.push_scope(ScopeKind::TypeParams, Some(NodeKey::of(&**params)));
                    self.visit_type_params_bindings(params);
                    self.visit_annotation_expr(&alias.value, true);
                    self.pop_scope();
                } else {
                    self.visit_annotation_expr(&alias.value, true);
                }
            }
            Stmt::Assign(assign) => {
                self.visit_expr(&assign.value);
                for target in &assign.targets {
                    self.bind_target(target, target, &assign.value);
                }
            }
            Stmt::AugAssign(aug) => {
                self.visit_expr(&aug.value);
                // The target is read, then rebound.
                match &*aug.target {
                    Expr::Name(name) => self.record_use(&aug.target, name),
                    other => self.visit_expr(other),
                }
                if let Expr::Name(name) = &*aug.target {
                    self.bind(
                        &name.id,
                        name.range,
                        DefinitionKind::AugmentedAssignment(aug),
                        Some(NodeKey::of(&*aug.target)),
                    );
                } else {
                    self.forget_place(&aug.target);
                }
                // `self.total += n`: the attribute holds the operator's result (an item place is
                // only forgotten, as for a plain assignment).
                if matches!(&*aug.target, Expr::Attribute(_)) {
                    self.record_predicate(
                        &aug.target,
                        crate::use_def::Predicate::AugmentedAssignment {
                            place: &aug.target,
                            statement: aug,
                        },
                    );
                }
            }
            Stmt::AnnAssign(ann) => {
                self.visit_annotation_expr(&ann.annotation, self.deferred_annotations);
                if let Some(value) = &ann.value {
                    self.visit_expr(value);
                }
                match &*ann.target {
                    Expr::Name(name) => {
                        let scope = self.current().id;
                        let symbol = self.symbol_in(scope, &name.id);
                        self.scopes[scope.index()].symbols[symbol.index()].flags.declared = true;
                        // `x: int` alone declares without binding, except in stubs and class
                        // bodies, where it declares an attribute.
                        let binds = ann.value.is_some() || self.is_stub || self.current_scope().kind.is_class();
                        if binds {
                            self.bind(
                                &name.id,
                                name.range,
                                DefinitionKind::AnnotatedAssignment(ann),
                                Some(NodeKey::of(&*ann.target)),
                            );
                        } else {
                            self.declare(
                                symbol,
                                name.range,
                                DefinitionKind::AnnotatedAssignment(ann),
                                NodeKey::of(&*ann.target),
                            );
                        }
                    }
                    Expr::Attribute(attribute) => {
                        self.visit_expr(&attribute.value);
                        match &ann.value {
                            Some(value) => self.narrow_by_assignment(&ann.target, value),
                            None => self.forget_place(&ann.target),
                        }
                        self.record_instance_attribute(
                            &ann.target,
                            attribute,
                            DefinitionKind::AnnotatedAssignment(ann),
                        );
                    }
                    other => {
                        self.visit_expr(other);
                        self.forget_place(other);
                    }
                }
            }
            Stmt::For(for_stmt) => {
                if for_stmt.is_async && !self.in_async_function() {
                    self.error(
                        TextRange::at(for_stmt.range.start(), ruff_text_size::TextSize::new(9)),
                        "`async for` outside of an async function",
                    );
                }
                let first_definition = self.definitions.next_private_id();
                self.visit_expr(&for_stmt.iter);
                let target = &*for_stmt.target;
                self.visit_loop(
                    first_definition,
                    |builder| {
                        builder.bind_for_target(target, for_stmt);
                        builder.visit_body(&for_stmt.body);
                    },
                    false,
                );
                self.visit_body(&for_stmt.orelse);
                self.finish_loop_breaks();
            }
            Stmt::While(while_stmt) => {
                let first_definition = self.definitions.next_private_id();
                self.visit_expr(&while_stmt.test);
                let truth = static_truth(&self.env, &while_stmt.test);
                let always = truth == Some(true)
                    || matches!(&*while_stmt.test, Expr::NumberLiteral(n) if matches!(&n.value, ruff_python_ast::Number::Int(i) if i.as_i64() != Some(0)));
                if truth == Some(false) {
                    let saved = std::mem::replace(&mut self.current_mut().flow, FlowState::unreachable());
                    self.visit_body(&while_stmt.body);
                    self.current_mut().flow = saved;
                    self.visit_body(&while_stmt.orelse);
                    return;
                }
                self.visit_loop(
                    first_definition,
                    |builder| {
                        builder.narrow_by(&while_stmt.test, true);
                        builder.visit_body(&while_stmt.body);
                    },
                    always,
                );
                self.narrow_by(&while_stmt.test, false);
                self.visit_body(&while_stmt.orelse);
                self.finish_loop_breaks();
            }
            Stmt::If(if_stmt) => {
                let mut clauses: Vec<(Option<&'static Expr>, &'static [Stmt])> =
                    vec![(Some(&if_stmt.test), &if_stmt.body)];
                clauses.extend(
                    if_stmt
                        .elif_else_clauses
                        .iter()
                        .map(|clause| (clause.test.as_ref(), &clause.body[..])),
                );
                self.visit_branches(&clauses);
            }
            Stmt::With(with) => {
                if with.is_async && !self.in_async_function() {
                    self.error(
                        TextRange::at(with.range.start(), ruff_text_size::TextSize::new(10)),
                        "`async with` outside of an async function",
                    );
                }
                for item in &with.items {
                    self.visit_expr(&item.context_expr);
                    if let Some(vars) = &item.optional_vars {
                        self.bind_with_target(vars, item, with.is_async);
                    }
                }
                let before_body = self.current().flow.clone();
                self.current_mut().withs.push(with);
                self.visit_body(&with.body);
                self.current_mut().withs.pop();
                self.leave_with_block(with, before_body);
            }
            Stmt::Match(match_stmt) => self.visit_match(match_stmt),
            Stmt::Raise(raise) => {
                if let Some(exc) = &raise.exc {
                    self.visit_expr(exc);
                }
                if let Some(cause) = &raise.cause {
                    self.visit_expr(cause);
                }
                self.current_mut().flow = FlowState::unreachable();
            }
            Stmt::Try(try_stmt) => {
                let pre = self.current().flow.clone();
                let first_call = self.next_call();
                self.visit_body(&try_stmt.body);
                let after_body = self.current().flow.clone();
                let handler_entry = self.handler_entry(&pre, &after_body, first_call);
                let mut merged = FlowState::unreachable();
                for handler in &try_stmt.handlers {
                    let ExceptHandler::ExceptHandler(handler) = handler;
                    self.current_mut().flow = handler_entry.clone();
                    if let Some(type_) = &handler.type_ {
                        self.visit_expr(type_);
                    }
                    if let Some(name) = &handler.name {
                        self.bind(
                            &name.id,
                            name.range,
                            DefinitionKind::ExceptHandler {
                                handler,
                                is_star: try_stmt.is_star,
                            },
                            Some(NodeKey::of(handler)),
                        );
                    }
                    let import_fallback = handler.type_.as_deref().is_some_and(catches_import_error);
                    self.import_fallback_depth += u32::from(import_fallback);
                    self.visit_body(&handler.body);
                    self.import_fallback_depth -= u32::from(import_fallback);
                    // `except E as e` deletes `e` when the handler ends.
                    if let Some(name) = &handler.name {
                        let scope = self.current().id;
                        let symbol = self.symbol_in(scope, &name.id);
                        self.current_mut().flow.unbind(symbol.index());
                    }
                    merged.merge(&self.current().flow);
                }
                self.current_mut().flow = after_body;
                self.visit_body(&try_stmt.orelse);
                merged.merge(&self.current().flow);
                if !try_stmt.finalbody.is_empty() {
                    // The `finally` body runs on every path, including exceptional ones.
                    let terminates = !merged.reachable;
                    let mut entry = merged.clone();
                    entry.merge(&handler_entry);
                    let entry_symbols = entry.symbols.clone();
                    self.current_mut().flow = entry;
                    self.visit_body(&try_stmt.finalbody);
                    if terminates || !self.current().flow.reachable {
                        self.current_mut().flow = FlowState::unreachable();
                    } else {
                        let after_finally = self.current().flow.clone();
                        // Definitions made in `finally` win; otherwise keep the merged state,
                        // with the narrowing of the paths that complete normally (the entry of
                        // `finally` also sees the exceptional paths, which do not get here).
                        let mut result = merged;
                        for (index, bindings) in after_finally.symbols.iter().enumerate() {
                            result.ensure_symbol(index);
                            let rebound = entry_symbols.get(index).is_none_or(|before| {
                                bindings.definitions.iter().any(|id| !before.definitions.contains(id))
                            });
                            if rebound && !bindings.may_be_unbound && !bindings.definitions.is_empty() {
                                result.symbols[index] = bindings.clone();
                            }
                        }
                        self.current_mut().flow = result;
                    }
                } else {
                    self.current_mut().flow = merged;
                }
            }
            Stmt::Assert(assert) => {
                self.visit_expr(&assert.test);
                if let Some(msg) = &assert.msg {
                    self.visit_expr(msg);
                }
                // `assert False`, and assertions that fail for the target environment (trio's
                // `assert not TYPE_CHECKING or sys.platform == "win32"` marks a module as
                // Windows-only for checkers): nothing after them runs.
                if static_truth(&self.env, &assert.test) == Some(false) {
                    self.current_mut().flow = FlowState::unreachable();
                } else {
                    self.narrow_by(&assert.test, true);
                }
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let (name, range) = match &alias.asname {
                        Some(asname) => (asname.id.clone(), asname.range),
                        None => {
                            let first = alias.name.id.split('.').next().unwrap_or_default();
                            (Name::new(first), alias.name.range)
                        }
                    };
                    self.bind(
                        &name,
                        range,
                        DefinitionKind::Import { stmt: import, alias },
                        Some(NodeKey::of(alias)),
                    );
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    if alias.name.as_str() == "*" {
                        // Only star imports on a reachable path provide names.
                        if self.current().flow.reachable {
                            let id = self.current().id;
                            self.scopes[id.index()].star_imports.push(import);
                        }
                        continue;
                    }
                    let name = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.bind(
                        &name.id,
                        name.range,
                        DefinitionKind::ImportFrom { stmt: import, alias },
                        Some(NodeKey::of(alias)),
                    );
                }
            }
            Stmt::Global(global) => {
                let scope = self.current().id;
                for name in &global.names {
                    let symbol = self.symbol_in(scope, &name.id);
                    self.scopes[scope.index()].symbols[symbol.index()].flags.global = true;
                }
            }
            Stmt::Nonlocal(nonlocal) => {
                let scope = self.current().id;
                for name in &nonlocal.names {
                    self.nonlocal_declarations.push((scope, name.id.clone(), name.range));
                }
                if scope == ScopeId::MODULE {
                    self.error(nonlocal.range, "`nonlocal` declaration not allowed at module level");
                }
                for name in &nonlocal.names {
                    let symbol = self.symbol_in(scope, &name.id);
                    self.scopes[scope.index()].symbols[symbol.index()].flags.nonlocal = true;
                }
            }
            Stmt::Expr(expr) => {
                self.visit_expr(&expr.value);
                self.pass_call_statement(&expr.value);
            }
            Stmt::Break(_) => {
                let flow = std::mem::replace(&mut self.current_mut().flow, FlowState::unreachable());
                if let Some(loop_frame) = self.current_mut().loops.last_mut() {
                    loop_frame.breaks.push(flow);
                }
            }
            Stmt::Continue(_) => {
                let flow = std::mem::replace(&mut self.current_mut().flow, FlowState::unreachable());
                if let Some(loop_frame) = self.current_mut().loops.last_mut() {
                    loop_frame.continues.push(flow);
                }
            }
            Stmt::Pass(_) | Stmt::IpyEscapeCommand(_) => {}
        }
    }

    /// Visits `if`/`elif`/`else` clauses, deciding statically known tests.
    fn visit_branches(&mut self, clauses: &[(Option<&'static Expr>, &'static [Stmt])]) {
        let mut entry = self.current().flow.clone();
        let mut merged = FlowState::unreachable();
        let mut has_else = false;
        for (test, body) in clauses {
            self.current_mut().flow = entry.clone();
            // `if x is None: fail()`: a branch that ends in a call statement (see
            // `condition_narrowing_on_last_call`) compares its end with the state before its test.
            let before_clause = matches!(body.last(), Some(Stmt::Expr(_))).then(|| entry.clone());
            let truth = match test {
                Some(test) => {
                    // An `elif` after a test that always holds is never evaluated.
                    if !self.current().flow.reachable {
                        self.unreachable.insert(NodeKey::of(*test));
                    }
                    self.visit_expr(test);
                    // Later clauses see the test as false, this clause's body as true.
                    let after_test = self.current().flow.clone();
                    self.narrow_by(test, false);
                    entry = std::mem::replace(&mut self.current_mut().flow, after_test);
                    self.narrow_by(test, true);
                    static_truth(&self.env, test)
                }
                None => {
                    has_else = true;
                    Some(true)
                }
            };
            if truth == Some(false) {
                self.current_mut().flow = FlowState::unreachable();
            }
            self.visit_body(body);
            if let Some(before_clause) = before_clause {
                self.condition_narrowing_on_last_call(&before_clause);
            }
            merged.merge(&self.current().flow);
            if truth == Some(true) {
                // Later clauses are never taken.
                entry = FlowState::unreachable();
                has_else = true;
            }
        }
        if !has_else {
            merged.merge(&entry);
        }
        self.current_mut().flow = merged;
    }

    /// Visits a loop body with a loop frame; afterwards the flow is the "loop exited normally"
    /// state, and the frame (with its `break` states) stays open for [`Self::finish_loop_breaks`].
    fn visit_loop(&mut self, first_definition: DefinitionId, body: impl FnOnce(&mut Self), always_true: bool) {
        let pre = self.current().flow.clone();
        let first_body_call = self.next_call();
        self.current_mut().loops.push(LoopFrame {
            first_definition,
            breaks: Vec::new(),
            continues: Vec::new(),
            uses: Vec::new(),
        });
        body(self);
        let frame = self.current_mut().loops.last_mut().expect("loop frame");
        let continues = std::mem::take(&mut frame.continues);
        let uses = std::mem::take(&mut frame.uses);
        let mut back_edge = self.current().flow.clone();
        for state in &continues {
            back_edge.merge(state);
        }
        // Uses in the body that see the loop's entry state also see what the back edge brings.
        if back_edge.reachable {
            for (key, symbol) in &uses {
                let entry_bindings = pre.get(symbol.index());
                let back = back_edge.get(symbol.index());
                if let Some(use_) = self.uses.get_mut(key) {
                    let sees_entry = (use_.bindings.may_be_unbound && entry_bindings.may_be_unbound)
                        || use_
                            .bindings
                            .definitions
                            .iter()
                            .any(|d| entry_bindings.definitions.contains(d));
                    if sees_entry {
                        // Conditions established between the loop head and the use (the
                        // `while` test, `if`s in the body) hold for what the back edge brings too.
                        let head_to_use: Vec<_> = entry_bindings
                            .definitions
                            .iter()
                            .find(|d| use_.bindings.definitions.contains(d))
                            .map(|d| {
                                let before_loop = entry_bindings.predicates_of(*d);
                                use_.bindings
                                    .predicates_of(*d)
                                    .into_iter()
                                    .filter(|p| !before_loop.contains(p))
                                    .collect()
                            })
                            .unwrap_or_default();
                        for def in &back.definitions {
                            if !use_.bindings.definitions.contains(def) {
                                use_.bindings.definitions.push(*def);
                                let mut predicates = back.predicates_of(*def);
                                predicates.extend(head_to_use.iter().copied());
                                if !predicates.is_empty() {
                                    use_.bindings.narrowing.push((*def, vec![predicates]));
                                }
                            }
                        }
                        // A path around the loop that leaves the symbol unbound here takes, from the
                        // head, a route that the first iteration's unbound paths took too (the entry
                        // was unbound): it goes through the body's calls all of those went through.
                        let route = if entry_bindings.may_be_unbound {
                            use_.bindings.calls_on_every_unbound_path(first_body_call)
                        } else {
                            crate::use_def::CallSet::EMPTY
                        };
                        use_.bindings.add_unbound_paths(&back, route);
                    }
                }
            }
        }
        // Propagate the uses to an outer loop, whose back edge can reach them too.
        if let Some(outer) = self.current_mut().loops.iter_mut().rev().nth(1) {
            outer.uses.extend(uses);
        }
        // The loop exits when its condition is false: before the first iteration or after any.
        // A `while True` loop only exits through `break`.
        let exit = if always_true {
            FlowState::unreachable()
        } else {
            let mut exit = pre;
            exit.merge(&back_edge);
            exit
        };
        self.current_mut().flow = exit;
    }

    fn finish_loop_breaks(&mut self) {
        let frame = self.current_mut().loops.pop().expect("loop frame");
        for state in &frame.breaks {
            self.current_mut().flow.merge(state);
        }
    }

    fn visit_function_def(&mut self, function: &'static StmtFunctionDef) {
        for decorator in &function.decorator_list {
            self.visit_expr(&decorator.expression);
        }
        for param in function.parameters.iter_non_variadic_params() {
            if let Some(default) = &param.default {
                self.visit_expr(default);
            }
        }
        let has_type_params = function.type_params.as_deref().map(|params| {
            self.push_scope(ScopeKind::TypeParams, Some(NodeKey::of(params)));
            self.visit_type_params_bindings(params);
        });
        for parameter in function.parameters.iter() {
            if let Some(annotation) = parameter.annotation() {
                self.visit_annotation_expr(annotation, self.deferred_annotations);
            }
        }
        if let Some(returns) = &function.returns {
            self.visit_annotation_expr(returns, self.deferred_annotations);
        }
        let scope = self.push_scope(ScopeKind::Function(function), Some(NodeKey::of(function)));
        self.bind_parameters(&function.parameters, scope);
        self.visit_body(&function.body);
        self.check_async_generator_returns(function, scope);
        self.pop_scope();
        if has_type_params.is_some() {
            self.pop_scope();
        }
        self.bind(
            &function.name.id,
            function.name.range,
            DefinitionKind::Function(function),
            Some(NodeKey::of(function)),
        );
    }

    fn check_async_generator_returns(&mut self, function: &'static StmtFunctionDef, scope: ScopeId) {
        if !function.is_async {
            return;
        }
        let Some(info) = &self.scopes[scope.index()].function else {
            return;
        };
        let is_generator = info.yields.iter().any(|y| matches!(y, Expr::Yield(_)));
        if !is_generator {
            return;
        }
        let bad: Vec<TextRange> = info
            .returns
            .iter()
            .filter(|ret| ret.value.is_some())
            .map(|ret| ret.range)
            .collect();
        for range in bad {
            self.error(range, "`return` with a value in an async generator");
        }
    }

    fn bind_parameters(&mut self, parameters: &'static Parameters, function: ScopeId) {
        let mut seen: Vec<&str> = Vec::new();
        for parameter in parameters.iter() {
            let name = parameter.name();
            if seen.contains(&name.as_str()) {
                self.error(name.range, format!("Duplicate parameter `{}`", name.id));
            }
            seen.push(name.as_str());
        }
        let groups = [
            (&parameters.posonlyargs, ParameterKind::PositionalOnly),
            (&parameters.args, ParameterKind::PositionalOrKeyword),
            (&parameters.kwonlyargs, ParameterKind::KeywordOnly),
        ];
        for (params, kind) in groups {
            for param in params {
                self.bind(
                    &param.parameter.name.id,
                    param.parameter.name.range,
                    DefinitionKind::Parameter {
                        function,
                        parameter: &param.parameter,
                        default: param.default.as_deref(),
                        kind,
                    },
                    Some(NodeKey::of(&param.parameter)),
                );
            }
        }
        for (param, kind) in [
            (&parameters.vararg, ParameterKind::VarArgs),
            (&parameters.kwarg, ParameterKind::KwArgs),
        ] {
            if let Some(param) = param {
                self.bind(
                    &param.name.id,
                    param.name.range,
                    DefinitionKind::Parameter {
                        function,
                        parameter: param,
                        default: None,
                        kind,
                    },
                    Some(NodeKey::of(&**param)),
                );
            }
        }
    }

    fn visit_type_params_bindings(&mut self, params: &'static TypeParams) {
        for param in &params.type_params {
            let name = match param {
                TypeParam::TypeVar(tv) => &tv.name,
                TypeParam::TypeVarTuple(tv) => &tv.name,
                TypeParam::ParamSpec(ps) => &ps.name,
            };
            if let TypeParam::TypeVar(tv) = param
                && let Some(bound) = &tv.bound
            {
                self.visit_annotation_expr(bound, true);
            }
            self.bind(
                &name.id,
                name.range,
                DefinitionKind::TypeParameter(param),
                Some(NodeKey::of(param)),
            );
        }
    }

    // ---- binding targets ---------------------------------------------------------------------

    fn bind_target(&mut self, target: &'static Expr, root: &'static Expr, value: &'static Expr) {
        match target {
            Expr::Name(name) => {
                self.bind(
                    &name.id,
                    name.range,
                    DefinitionKind::Assignment {
                        target: root,
                        value,
                        name,
                    },
                    Some(NodeKey::of(target)),
                );
            }
            Expr::Tuple(tuple) => {
                for elt in &tuple.elts {
                    self.bind_target(elt, root, value);
                }
            }
            Expr::List(list) => {
                for elt in &list.elts {
                    self.bind_target(elt, root, value);
                }
            }
            Expr::Starred(starred) => self.bind_target(&starred.value, root, value),
            Expr::Attribute(attribute) => {
                self.visit_expr(&attribute.value);
                if std::ptr::eq(target, root) {
                    self.narrow_by_assignment(target, value);
                } else {
                    self.forget_place(target);
                }
                if std::ptr::eq(target, root) {
                    self.record_instance_attribute(
                        target,
                        attribute,
                        DefinitionKind::Assignment {
                            target: root,
                            value,
                            name: dummy_name(),
                        },
                    );
                } else {
                    // `self.a, self.b = pair`: the attributes exist; their types are not
                    // destructured yet.
                    self.record_instance_attribute(target, attribute, DefinitionKind::Opaque);
                }
            }
            Expr::Subscript(_) => {
                self.visit_expr(target);
                self.forget_place(target);
            }
            other => self.visit_expr(other),
        }
    }

    /// Records `self.x = ...` inside a method as an instance attribute of the enclosing class.
    fn record_instance_attribute(
        &mut self,
        target: &'static Expr,
        attribute: &'static ruff_python_ast::ExprAttribute,
        kind: DefinitionKind,
    ) {
        let Expr::Name(receiver) = &*attribute.value else {
            return;
        };
        let scope = self.current().id;
        let ScopeKind::Function(function) = self.scopes[scope.index()].kind else {
            return;
        };
        let Some(first) = function
            .parameters
            .posonlyargs
            .first()
            .or_else(|| function.parameters.args.first())
        else {
            return;
        };
        if first.parameter.name.id != receiver.id {
            return;
        }
        let Some(class_scope) = self.scopes[scope.index()].parent else {
            return;
        };
        if !self.scopes[class_scope.index()].kind.is_class() {
            return;
        }
        let symbol = self.symbol_in(scope, &receiver.id);
        let id = self.push_definition(scope, symbol, kind, attribute.attr.range);
        self.node_definitions.insert(NodeKey::of(target), id);
        // `cls.x = ...` in a class method sets a class attribute; `self.x = ...` an instance one.
        let is_classmethod = function.decorator_list.iter().any(|d| {
            matches!(&d.expression, Expr::Name(n) if n.id.as_str() == "classmethod")
                || matches!(&d.expression, Expr::Attribute(a) if a.attr.as_str() == "classmethod")
        });
        let map = if is_classmethod {
            &mut self.class_attributes
        } else {
            &mut self.instance_attributes
        };
        map.entry((class_scope, attribute.attr.id.clone()))
            .or_default()
            .push(id);
    }

    fn bind_for_target(&mut self, target: &'static Expr, stmt: &'static ruff_python_ast::StmtFor) {
        for name in names_in_target(target, self) {
            self.bind(
                &name.id,
                name.range,
                DefinitionKind::For { stmt, name },
                Some(NodeKey::of(name)),
            );
        }
    }

    fn bind_with_target(&mut self, target: &'static Expr, item: &'static ruff_python_ast::WithItem, is_async: bool) {
        // `with open_nursery() as self.nursery:` narrows the attribute to the entered value, as
        // `self.nursery = value` does.
        if let Expr::Attribute(attribute) = target {
            self.visit_expr(&attribute.value);
            self.forget_place(target);
            self.record_predicate(
                target,
                crate::use_def::Predicate::Entered {
                    place: target,
                    item,
                    is_async,
                },
            );
            return;
        }
        for name in names_in_target(target, self) {
            self.bind(
                &name.id,
                name.range,
                DefinitionKind::With { item, is_async, name },
                Some(NodeKey::of(name)),
            );
        }
    }

    // ---- expressions -------------------------------------------------------------------------

    fn visit_annotation_expr(&mut self, expr: &'static Expr, deferred: bool) {
        if deferred {
            let previous = std::mem::replace(&mut self.deferred_annotations, true);
            let mut visitor = DeferredNames { builder: self };
            visitor.visit_expr(expr);
            self.deferred_annotations = previous;
        } else {
            self.visit_expr(expr);
        }
    }

    fn visit_comprehension_scope(
        &mut self,
        expr: &'static Expr,
        generators: &'static [Comprehension],
        elements: &[&'static Expr],
    ) {
        let Some((first, _)) = generators.split_first() else {
            return;
        };
        // The first iterable is evaluated in the enclosing scope.
        self.visit_expr(&first.iter);
        let is_generator_expression = matches!(expr, Expr::Generator(_));
        let has_async_clause = generators.iter().any(|g| g.is_async);
        if has_async_clause && !is_generator_expression && !self.in_async_function() {
            self.error(
                expr.range(),
                "asynchronous comprehension outside of an asynchronous function",
            );
        }
        self.push_scope(ScopeKind::Comprehension(expr), Some(NodeKey::of(expr)));
        for (index, generator) in generators.iter().enumerate() {
            if index > 0 {
                self.visit_expr(&generator.iter);
            }
            for name in names_in_target(&generator.target, self) {
                self.bind(
                    &name.id,
                    name.range,
                    DefinitionKind::Comprehension { generator, name },
                    Some(NodeKey::of(name)),
                );
            }
            for condition in &generator.ifs {
                self.visit_expr(condition);
                self.narrow_by(condition, true);
            }
        }
        for element in elements {
            self.visit_expr(element);
        }
        self.pop_scope();
    }
}

/// A placeholder name node for attribute-target definitions, which bind no local name.
fn dummy_name() -> &'static ExprName {
    static DUMMY: std::sync::LazyLock<ExprName> = std::sync::LazyLock::new(|| ExprName {
        node_index: ruff_python_ast::AtomicNodeIndex::default(),
        range: TextRange::default(),
        id: Name::new_static("<attribute>"),
        ctx: ExprContext::Store,
    });
    &DUMMY
}

/// The names bound by an assignment-like target; other parts (attributes, subscripts) are
/// visited as expressions.
fn names_in_target(target: &'static Expr, builder: &mut Builder) -> Vec<&'static ExprName> {
    let mut names = Vec::new();
    let mut stack = vec![target];
    while let Some(expr) = stack.pop() {
        match expr {
            Expr::Name(name) => names.push(name),
            Expr::Tuple(tuple) => stack.extend(tuple.elts.iter().rev()),
            Expr::List(list) => stack.extend(list.elts.iter().rev()),
            Expr::Starred(starred) => stack.push(&starred.value),
            other => {
                builder.visit_expr(other);
                builder.forget_place(other);
            }
        }
    }
    names
}

impl Visitor<'static> for Builder {
    fn visit_stmt(&mut self, stmt: &'static Stmt) {
        self.visit_statement(stmt);
    }

    fn visit_expr(&mut self, expr: &'static Expr) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.visit_expr_inner(expr));
    }
}

impl Builder {
    fn visit_expr_inner(&mut self, expr: &'static Expr) {
        match expr {
            Expr::Name(name) => match name.ctx {
                ExprContext::Load => self.record_use(expr, name),
                ExprContext::Store => {
                    // Stores outside statements we model (e.g. in `del` or odd targets).
                    self.bind(&name.id, name.range, DefinitionKind::Opaque, Some(NodeKey::of(expr)));
                }
                _ => {}
            },
            Expr::Named(named) => {
                self.visit_expr(&named.value);
                if let Expr::Name(name) = &*named.target {
                    // `:=` binds in the nearest enclosing non-comprehension scope.
                    let comprehension_depth = self
                        .frames
                        .iter()
                        .rev()
                        .take_while(|frame| matches!(self.scopes[frame.id.index()].kind, ScopeKind::Comprehension(_)))
                        .count();
                    let mut lifted = Vec::new();
                    for _ in 0..comprehension_depth {
                        lifted.push(self.frames.pop().expect("frame"));
                    }
                    self.bind(
                        &name.id,
                        name.range,
                        DefinitionKind::NamedExpression(named),
                        Some(NodeKey::of(&*named.target)),
                    );
                    while let Some(frame) = lifted.pop() {
                        self.frames.push(frame);
                    }
                }
            }
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    for param in parameters.iter_non_variadic_params() {
                        if let Some(default) = &param.default {
                            self.visit_expr(default);
                        }
                    }
                }
                let scope = self.push_scope(ScopeKind::Lambda(lambda), Some(NodeKey::of(lambda)));
                if let Some(parameters) = &lambda.parameters {
                    self.bind_parameters(parameters, scope);
                }
                self.visit_expr(&lambda.body);
                self.pop_scope();
            }
            Expr::If(if_expr) => self.visit_conditional_expression(if_expr),
            Expr::BoolOp(bool_op) => self.visit_boolean_operation(bool_op),
            Expr::ListComp(comp) => self.visit_comprehension_scope(expr, &comp.generators, &[&comp.elt]),
            Expr::SetComp(comp) => self.visit_comprehension_scope(expr, &comp.generators, &[&comp.elt]),
            Expr::Generator(comp) => self.visit_comprehension_scope(expr, &comp.generators, &[&comp.elt]),
            Expr::DictComp(comp) => {
                let mut elements: Vec<&'static Expr> = comp.key.as_deref().into_iter().collect();
                elements.push(&comp.value);
                self.visit_comprehension_scope(expr, &comp.generators, &elements);
            }
            Expr::Await(await_expr) => {
                if !self.in_async_function() && !self.in_async_comprehension_or_genexp() {
                    self.error(
                        TextRange::at(await_expr.range.start(), ruff_text_size::TextSize::new(5)),
                        "`await` outside of an async function",
                    );
                }
                self.visit_expr(&await_expr.value);
            }
            Expr::Yield(yield_expr) => {
                if let Some(value) = &yield_expr.value {
                    self.visit_expr(value);
                }
                self.record_yield(expr);
            }
            Expr::YieldFrom(yield_from) => {
                self.visit_expr(&yield_from.value);
                if self.enclosing_function().is_some_and(|f| f.is_async)
                    && matches!(self.current_scope().kind, ScopeKind::Function(_))
                {
                    self.error(expr.range(), "`yield from` inside an async function");
                }
                self.record_yield(expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }

    /// `await` inside a generator expression makes it an asynchronous generator expression,
    /// which may appear anywhere (it is only iterated with `async for`).
    fn in_async_comprehension_or_genexp(&self) -> bool {
        for frame in self.frames.iter().rev() {
            match self.scopes[frame.id.index()].kind {
                ScopeKind::Comprehension(Expr::Generator(_)) => return true,
                ScopeKind::Comprehension(_) => {}
                _ => return false,
            }
        }
        false
    }

    fn record_yield(&mut self, expr: &'static Expr) {
        let in_function = matches!(self.current_scope().kind, ScopeKind::Function(_) | ScopeKind::Lambda(_));
        if in_function {
            if let Some(info) = self.function_info_mut() {
                info.yields.push(expr);
            }
        } else if !matches!(self.current_scope().kind, ScopeKind::Comprehension(_)) {
            self.error(expr.range(), "`yield` outside of a function");
        }
    }
}

/// Visits a deferred annotation: names resolve against the scope's final bindings.
struct DeferredNames<'b> {
    builder: &'b mut Builder,
}

impl Visitor<'static> for DeferredNames<'_> {
    fn visit_expr(&mut self, expr: &'static Expr) {
        match expr {
            Expr::Name(name) if name.ctx == ExprContext::Load => self.builder.record_deferred_use(expr),
            _ => visitor::walk_expr(self, expr),
        }
    }
}
