//! The facts of one Python file, gathered in one walk of its syntax tree.

use super::Syntax;
use super::names;
use crate::python::tree::{Node, Tree};
use crate::report::Context;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

pub type ScopeId = usize;

/// The module scope: every file has it, at index 0.
pub const MODULE_SCOPE: ScopeId = 0;

/// How a build reaches a file, when it does: its role and the functions of
/// it that the build calls by name (`from hooks import post_install` in
/// `setup.py`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildRole {
    pub role: FileRole,
    pub entries: Vec<String>,
}

/// The functions a PEP 517 build frontend calls on a backend.
const PEP517_HOOKS: [&str; 8] = [
    "build_wheel",
    "build_sdist",
    "build_editable",
    "get_requires_for_build_wheel",
    "get_requires_for_build_sdist",
    "get_requires_for_build_editable",
    "prepare_metadata_for_build_wheel",
    "prepare_metadata_for_build_editable",
];

/// What a file is to the interpreter, which decides when its code runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    /// `setup.py`: all of it runs on `pip install` of an sdist.
    Setup,
    /// A `.pth` file: its `import` lines run at every interpreter start.
    Pth,
    /// `sitecustomize.py` / `usercustomize.py`: run at interpreter start.
    Startup,
    /// An in-tree build backend (`backend-path` in `pyproject.toml`) or the
    /// module of a `cmdclass` command: its top level, its classes' methods
    /// (what the build calls) and what they call run during the build.
    InstallHook,
    /// A local module `setup.py` imports: its top level (and what that
    /// calls) runs at install, its other functions only when called.
    SetupImport,
    /// A module `setup.py` runs as a script (`python -m pkg.mod`,
    /// `python tool.py`): its `__main__` block runs at install too.
    InstallScript,
    /// Any other module or script.
    Module,
}

impl FileRole {
    pub fn of_path(path: &str) -> FileRole {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if lower == "setup.py" {
            FileRole::Setup
        } else if lower.ends_with(".pth") {
            FileRole::Pth
        } else if lower == "sitecustomize.py" || lower == "usercustomize.py" {
            FileRole::Startup
        } else {
            FileRole::Module
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Class,
    Lambda,
    /// The body of `if __name__ == "__main__":` at module level: module code
    /// for names (its bindings are the module's), but it runs only when the
    /// file is run as a script, not on import.
    MainBlock,
}

#[derive(Debug, Clone)]
pub struct Scope<'t> {
    pub node: Node<'t>,
    pub parent: Option<ScopeId>,
    pub kind: ScopeKind,
    pub name: String,
}

/// What a name is bound to.
#[derive(Debug, Clone, Copy)]
pub enum Binding<'t> {
    /// `import x.y as z` (`member` is `None`) or `from x import y as z`.
    Import {
        module: &'t str,
        member: Option<&'t str>,
    },
    /// `x = expr`, `with expr as x`, `for x in expr`: the expression.
    Value(Node<'t>),
    /// `def x` or `class x`: the definition.
    Def(Node<'t>),
    /// A function parameter: unknown data from the caller.
    Param,
    /// `x.append(v)`, `x[k] = v`: data put into the container `x`. Counts for
    /// where data comes from, never for what a name resolves to.
    Element(Node<'t>),
}

impl Binding<'_> {
    /// The qualified name an import binds.
    pub fn imported_name(&self) -> Option<String> {
        match self {
            Binding::Import {
                module,
                member: None,
            } => Some(module.to_string()),
            Binding::Import {
                module,
                member: Some(m),
            } => Some(format!("{module}.{m}")),
            _ => None,
        }
    }
}

/// One call expression, with its callee resolved.
#[derive(Debug, Clone)]
pub struct Call<'t> {
    pub node: Node<'t>,
    pub func: Node<'t>,
    /// Positional arguments, `*args` included as they are.
    pub args: Vec<Node<'t>>,
    /// Keyword arguments by name.
    pub kwargs: Vec<(&'t str, Node<'t>)>,
    /// The callee as a qualified name (`os.system`, `builtins.exec`,
    /// `requests.get().text`), however it was spelled.
    pub qname: Option<String>,
    pub scope: ScopeId,
}

impl<'t> Call<'t> {
    pub fn kwarg(&self, name: &str) -> Option<Node<'t>> {
        self.kwargs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
    }

    pub fn arg(&self, i: usize) -> Option<Node<'t>> {
        self.args.get(i).copied()
    }

    pub fn is(&self, qname: &str) -> bool {
        self.qname.as_deref() == Some(qname)
    }

    pub fn is_any(&self, qnames: &[&str]) -> bool {
        self.qname.as_deref().is_some_and(|q| qnames.contains(&q))
    }

    /// The plain name the callee is spelled with: `f` of `f(x)`, `get` of
    /// `obj.get(x)`; `None` for anything else (`f()(x)`, `fs[0](x)`).
    pub fn callee_name(&self, m: &Module<'t>) -> Option<&'t str> {
        match self.func.kind_name() {
            "identifier" => Some(m.text(self.func)),
            "attribute" => self.func.field("attribute").map(|a| m.text(a)),
            _ => None,
        }
    }

    /// What this call passes for parameter `name`, the `index`-th of the
    /// function it calls: by keyword, else by position, one less through
    /// `obj.f(...)` when the function is a method (`self` comes from `obj`).
    pub fn argument_for(&self, name: &str, index: usize, method: bool) -> Option<Node<'t>> {
        let shift = usize::from(method && self.func.kind_name() == "attribute");
        self.kwarg(name)
            .or_else(|| index.checked_sub(shift).and_then(|i| self.arg(i)))
    }
}

/// Everything the rules know about one file.
pub struct Module<'t> {
    /// The file's path as reported (for rules about where a file sits).
    pub path: String,
    pub source: &'t [u8],
    /// The source as text when all of it is UTF-8 (checked once: rules read
    /// node texts hundreds of thousands of times).
    text: Option<&'t str>,
    pub tree: &'t Tree,
    pub role: FileRole,
    pub scopes: Vec<Scope<'t>>,
    pub calls: Vec<Call<'t>>,
    /// Every string literal (and implicit concatenation of literals).
    pub strings: Vec<Node<'t>>,
    /// Outermost `a + b` expressions: where split strings are joined again.
    pub concatenations: Vec<Node<'t>>,
    /// Name → (scope, binding), in source order.
    bindings: HashMap<&'t str, Vec<(ScopeId, Binding<'t>)>>,
    /// Scope of every scope-opening node, by node id.
    scope_of_node: FxHashMap<usize, ScopeId>,
    /// Scopes other than the module's, by the byte where their node starts
    /// (`scope_at` by a binary search, not a climb through the parents).
    scope_starts: Vec<(usize, ScopeId)>,
    /// The scope whose node lexically encloses each scope's node (not its
    /// name-resolution parent: a lambda in a default argument resolves in
    /// the enclosing scope but sits inside the `def`).
    lexical_parent: Vec<ScopeId>,
    /// Names of functions called from the module's top level.
    called_at_top: HashSet<&'t str>,
    /// Functions called from the `__main__` block (transitively).
    called_from_main: HashSet<&'t str>,
    /// Module names imported anywhere in the file (`os`, `urllib.request`).
    pub imported: HashSet<&'t str>,
    /// Every `import` / `from … import` statement, with its scope.
    pub import_statements: Vec<(Node<'t>, ScopeId)>,
    /// What the decoder interpreter found so far, and what it spent.
    pub(crate) interp: super::interp::Memo,
    /// Values [`super::fold::fold`] found, by node id: the signature pass
    /// and several rules fold the same calls and strings.
    pub(crate) folded: super::fold::Memo,
    /// [`Module::string_texts`], made on the first ask.
    string_texts: std::cell::OnceCell<Vec<String>>,
}

impl<'t> Module<'t> {
    /// Builds the model of a parsed file.
    pub fn build(source: &'t [u8], tree: &'t Tree, role: FileRole) -> Module<'t> {
        Module::build_with(source, tree, role, &[])
    }

    /// [`Module::build`] for a file a build reaches, whose `entries` the
    /// build calls by name.
    pub fn build_with(
        source: &'t [u8],
        tree: &'t Tree,
        role: FileRole,
        entries: &[String],
    ) -> Module<'t> {
        let root = tree.root_node();
        let mut m = Module {
            path: String::new(),
            source,
            text: std::str::from_utf8(source).ok(),
            tree,
            role,
            scopes: vec![Scope {
                node: root,
                parent: None,
                kind: ScopeKind::Module,
                name: String::new(),
            }],
            calls: Vec::new(),
            strings: Vec::new(),
            concatenations: Vec::new(),
            bindings: HashMap::new(),
            scope_of_node: FxHashMap::default(),
            scope_starts: Vec::new(),
            lexical_parent: Vec::new(),
            called_at_top: HashSet::new(),
            called_from_main: HashSet::new(),
            imported: HashSet::new(),
            import_statements: Vec::new(),
            interp: Default::default(),
            folded: Default::default(),
            string_texts: Default::default(),
        };
        m.scope_of_node.insert(root.id(), MODULE_SCOPE);
        m.walk(root);
        // Every scope exists now; what follows asks `scope_at`.
        m.index_scopes();
        m.resolve_calls();
        for e in entries {
            // Borrow the name from the source, where the def spells it.
            if let Some((name, _)) = m.bindings.get_key_value(e.as_str()) {
                let name: &'t str = name;
                m.called_at_top.insert(name);
            }
        }
        m.close_called_at_top();
        if m.role == FileRole::Setup && !m.is_setup_script() {
            // A script that happens to be called setup.py (examples, VM
            // provisioning) is not what pip runs.
            m.role = FileRole::Module;
        }
        m
    }

    /// The text of every string of [`Module::strings`], in order: its
    /// [`super::fold::template`], lowercased. Several rules search all of a
    /// file's strings for names of places and programs; folding each once
    /// for all of them halved what those rules cost.
    pub fn string_texts(&self) -> &[String] {
        self.string_texts.get_or_init(|| {
            self.strings
                .iter()
                .map(|s| {
                    let mut text = super::fold::template(self, *s);
                    text.make_ascii_lowercase();
                    text
                })
                .collect()
        })
    }

    pub fn text(&self, node: Node<'_>) -> &'t str {
        match self.text {
            // The same answer as checking the slice: a slice of UTF-8 text
            // is UTF-8 exactly when it starts and ends on characters.
            Some(text) => text.get(node.byte_range()).unwrap_or(""),
            None => std::str::from_utf8(&self.source[node.byte_range()]).unwrap_or(""),
        }
    }

    /// Functions called by functions called at top level run at import too.
    fn close_called_at_top(&mut self) {
        if self.role == FileRole::InstallHook {
            // A build frontend calls a backend's PEP 517 hooks.
            self.called_at_top.extend(PEP517_HOOKS);
        }
        let hook_methods = self.role == FileRole::InstallHook;
        let top = std::mem::take(&mut self.called_at_top);
        self.called_at_top = self.closure(top, hook_methods);
        let main = std::mem::take(&mut self.called_from_main);
        self.called_from_main = self.closure(main, false);
    }

    /// `seeds` and every module-level function that a function in the set
    /// calls by name (with `methods`: that any class method calls).
    fn closure(&self, mut set: HashSet<&'t str>, methods: bool) -> HashSet<&'t str> {
        loop {
            let mut added = Vec::new();
            for c in &self.calls {
                if c.scope == MODULE_SCOPE || c.func.kind_name() != "identifier" {
                    continue;
                }
                let top = self.top_function(c.scope);
                let caller = self.scopes[top].name.as_str();
                let callee = self.text(c.func);
                let runs = (self.scopes[top].parent == Some(MODULE_SCOPE)
                    && self.scopes[top].kind != ScopeKind::MainBlock
                    && set.contains(caller))
                    || (methods && self.is_method(top));
                if runs && !set.contains(callee) {
                    added.push(callee);
                }
            }
            if added.is_empty() {
                return set;
            }
            set.extend(added);
        }
    }

    /// Whether this looks like a packaging script: it imports setuptools or
    /// distutils, or calls a `setup()`.
    fn is_setup_script(&self) -> bool {
        self.imports("setuptools")
            || self.imports("distutils")
            || self.calls.iter().any(|c| {
                // `setup(...)` from a star import; a local `def setup` is not it
                self.text(c.func) == "setup" && self.lookup("setup", c.scope).is_none()
            })
            || self.calls.iter().any(|c| {
                // Top-level code it hides (an exec'd blob, a PyArmor body)
                // may hold the `setup(...)` call: pip runs it all the same.
                c.scope == MODULE_SCOPE
                    && matches!(
                        self.text(c.func),
                        "exec" | "eval" | "__pyarmor__" | "pyarmor_runtime" | "__armor_enter__"
                    )
            })
    }

    /// Iterative pre-order walk: deep nesting cannot overflow the stack.
    fn walk(&mut self, root: Node<'t>) {
        // Each node with its parent, at hand for the arms that ask.
        let mut stack: Vec<(Node<'t>, ScopeId, Option<Node<'t>>)> =
            vec![(root, MODULE_SCOPE, None)];
        let mut visited: usize = 0;
        while let Some((node, scope, parent)) = stack.pop() {
            visited += 1;
            // A model cut short is never read: the rules check the same
            // deadline before they start.
            if visited.is_multiple_of(1 << 16) && crate::budget::expired("building the model") {
                break;
            }
            let parent_kind = parent.map_or("", |p| p.kind_name());
            let mut inner = scope;
            match node.kind_name() {
                "function_definition" | "class_definition" => {
                    let kind = if node.kind_name() == "class_definition" {
                        ScopeKind::Class
                    } else {
                        ScopeKind::Function
                    };
                    let name_node = node.field("name");
                    let name = name_node.map(|n| self.text(n)).unwrap_or("");
                    if !name.is_empty() {
                        self.bind(scope, name, Binding::Def(node));
                    }
                    inner = self.open_scope(node, scope, kind, name);
                    if let Some(params) = node.field("parameters") {
                        self.bind_params(params, inner);
                    }
                }
                "lambda" => {
                    inner = self.open_scope(node, scope, ScopeKind::Lambda, "lambda");
                    if let Some(params) = node.field("parameters") {
                        self.bind_params(params, inner);
                    }
                }
                "import_statement" => {
                    self.import_statements.push((node, scope));
                    self.bind_import(node, scope, None)
                }
                "import_from_statement" => {
                    self.import_statements.push((node, scope));
                    let module = node
                        .field("module_name")
                        .map(|n| self.text(n))
                        .unwrap_or("");
                    self.bind_import(node, scope, Some(module));
                }
                "assignment" | "augmented_assignment" => {
                    if let (Some(left), Some(right)) = (node.field("left"), node.field("right")) {
                        self.bind_targets(left, right, scope);
                    }
                }
                "named_expression" => {
                    if let (Some(name), Some(value)) = (node.field("name"), node.field("value")) {
                        self.bind_targets(name, value, scope);
                    }
                }
                "as_pattern" => {
                    // `with open(p) as f`, `except E as e`
                    if let (Some(value), Some(alias)) = (node.named_child(0), node.field("alias")) {
                        self.bind_targets(alias, value, scope);
                    }
                }
                "for_statement" | "for_in_clause" => {
                    if let (Some(left), Some(right)) = (node.field("left"), node.field("right")) {
                        self.bind_targets(left, right, scope);
                    }
                }
                "call" => {
                    if let Some(func) = node.field("function") {
                        let (args, kwargs) = self.arguments(node);
                        self.bind_container_add(func, &args, scope);
                        if func.kind_name() == "identifier" {
                            if scope == MODULE_SCOPE {
                                self.called_at_top.insert(self.text(func));
                            } else if self.scopes[scope].kind == ScopeKind::MainBlock {
                                self.called_from_main.insert(self.text(func));
                            }
                        }
                        self.calls.push(Call {
                            node,
                            func,
                            args,
                            kwargs,
                            qname: None,
                            scope,
                        });
                    }
                }
                "string" | "concatenated_string" => self.strings.push(node),
                "binary_operator"
                    if parent_kind != "binary_operator"
                        && node.field("operator").is_some_and(|o| o.kind_name() == "+") =>
                {
                    self.concatenations.push(node);
                }
                _ => {}
            }
            // Most named nodes are leaves (names, numbers, string pieces).
            if node.child_count() == 0 {
                continue;
            }
            // The script part of a module runs only as `python file.py`.
            let main_body =
                (scope == MODULE_SCOPE && parent_kind == "module" && self.is_main_guard(node))
                    .then(|| node.field("consequence"))
                    .flatten()
                    .map(|body| {
                        let id = self.open_scope(body, scope, ScopeKind::MainBlock, "__main__");
                        (body.id(), id)
                    });
            // Children in reverse so that the stack pops them in source order.
            // Only named ones: a keyword or a bracket is a leaf no arm reads
            // (the `lambda` keyword would even open a scope of its own).
            let start = stack.len();
            for child in node.named_children() {
                let child_scope = match main_body {
                    Some((body, id)) if child.id() == body => id,
                    _ => inner,
                };
                stack.push((child, child_scope, Some(node)));
            }
            stack[start..].reverse();
        }
    }

    /// `if __name__ == "__main__":` (either way round, any quotes), for an
    /// `if` at the top level of the module.
    fn is_main_guard(&self, node: Node<'_>) -> bool {
        if node.kind_name() != "if_statement" {
            return false;
        }
        let Some(cond) = node.field("condition") else {
            return false;
        };
        let text: String = self
            .text(cond)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '"' && *c != '(' && *c != ')')
            .collect();
        text == "__name__==__main__" || text == "__main__==__name__"
    }

    fn open_scope(
        &mut self,
        node: Node<'t>,
        parent: ScopeId,
        kind: ScopeKind,
        name: &str,
    ) -> ScopeId {
        let id = self.scopes.len();
        self.scopes.push(Scope {
            node,
            parent: Some(parent),
            kind,
            name: name.to_string(),
        });
        self.scope_of_node.insert(node.id(), id);
        id
    }

    fn bind(&mut self, mut scope: ScopeId, name: &'t str, binding: Binding<'t>) {
        if self.scopes[scope].kind == ScopeKind::MainBlock {
            scope = MODULE_SCOPE;
        }
        self.bindings
            .entry(name)
            .or_default()
            .push((scope, binding));
    }

    /// `parts.append(v)` and friends put `v` into `parts`.
    fn bind_container_add(&mut self, func: Node<'t>, args: &[Node<'t>], scope: ScopeId) {
        if func.kind_name() != "attribute" {
            return;
        }
        let (Some(object), Some(method)) = (func.field("object"), func.field("attribute")) else {
            return;
        };
        if object.kind_name() != "identifier" {
            return;
        }
        let value = match self.text(method) {
            "append" | "extend" | "add" | "update" => args.first(),
            "insert" => args.get(1),
            _ => None,
        };
        if let Some(v) = value {
            let name = self.text(object);
            self.bind(scope, name, Binding::Element(*v));
        }
    }

    fn bind_params(&mut self, params: Node<'t>, scope: ScopeId) {
        for p in params.named_children() {
            let name = match p.kind_name() {
                "identifier" => Some(p),
                "default_parameter" | "typed_default_parameter" => p.field("name"),
                "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                    p.named_child(0)
                }
                _ => None,
            };
            if let Some(n) = name.filter(|n| n.kind_name() == "identifier") {
                let text = self.text(n);
                self.bind(scope, text, Binding::Param);
            }
        }
    }

    fn bind_targets(&mut self, target: Node<'t>, value: Node<'t>, scope: ScopeId) {
        match target.kind_name() {
            "identifier" => {
                let name = self.text(target);
                self.bind(scope, name, Binding::Value(value));
            }
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "expression_list"
            | "tuple"
            | "as_pattern_target"
            | "parenthesized_expression" => {
                let targets: Vec<Node<'t>> = target.named_children().collect();
                let values: Vec<Node<'t>> =
                    if matches!(value.kind_name(), "expression_list" | "tuple") {
                        value.named_children().collect()
                    } else {
                        Vec::new()
                    };
                for (i, t) in targets.into_iter().enumerate() {
                    let v = if values.len() > i { values[i] } else { value };
                    self.bind_targets(t, v, scope);
                }
            }
            _ => {}
        }
    }

    fn bind_import(&mut self, node: Node<'t>, scope: ScopeId, from: Option<&'t str>) {
        for name in node.children_by_field_name("name") {
            let (dotted, alias) = if name.kind_name() == "aliased_import" {
                (
                    name.field("name").map(|n| self.text(n)),
                    name.field("alias").map(|n| self.text(n)),
                )
            } else {
                (Some(self.text(name)), None)
            };
            let Some(dotted) = dotted else { continue };
            match from {
                None => {
                    self.imported.insert(dotted);
                    match alias {
                        // `import a.b as c`: c is a.b
                        Some(alias) => self.bind(
                            scope,
                            alias,
                            Binding::Import {
                                module: dotted,
                                member: None,
                            },
                        ),
                        // `import a.b`: binds a
                        None => {
                            let top = dotted.split('.').next().unwrap_or(dotted);
                            self.bind(
                                scope,
                                top,
                                Binding::Import {
                                    module: top,
                                    member: None,
                                },
                            );
                        }
                    }
                }
                Some(module) => {
                    self.imported.insert(module);
                    let local = alias.unwrap_or(dotted);
                    self.bind(
                        scope,
                        local,
                        Binding::Import {
                            module,
                            member: Some(dotted),
                        },
                    );
                }
            }
        }
    }

    fn arguments(&self, call: Node<'t>) -> (Vec<Node<'t>>, Vec<(&'t str, Node<'t>)>) {
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        let Some(list) = call.field("arguments") else {
            return (args, kwargs);
        };
        if list.kind_name() == "generator_expression" {
            // `f(x for x in y)`: one argument, the generator
            args.push(list);
            return (args, kwargs);
        }
        for a in list.named_children() {
            match a.kind_name() {
                "keyword_argument" => {
                    if let (Some(k), Some(v)) = (a.field("name"), a.field("value")) {
                        kwargs.push((self.text(k), v));
                    }
                }
                "comment" => {}
                _ => args.push(a),
            }
        }
        (args, kwargs)
    }

    fn resolve_calls(&mut self) {
        let qnames: Vec<Option<String>> = self
            .calls
            .iter()
            .map(|c| names::resolve(self, c.func, c.scope))
            .collect();
        for (call, q) in self.calls.iter_mut().zip(qnames) {
            call.qname = q;
        }
    }

    /// The names of a `parameters` node, in order (`""` where a pattern
    /// binds none).
    pub fn param_names(&self, params: Node<'t>) -> Vec<&'t str> {
        params
            .named_children()
            .map(|p| {
                let n = match p.kind_name() {
                    "identifier" => Some(p),
                    _ => p.field("name").or_else(|| p.named_child(0)),
                };
                n.map(|n| self.text(n)).unwrap_or("")
            })
            .collect()
    }

    /// The bindings of `name` visible from `scope`: those of the innermost
    /// scope that binds it, with that scope.
    pub fn lookup(&self, name: &str, scope: ScopeId) -> Option<(ScopeId, Vec<Binding<'t>>)> {
        let all = self.bindings.get(name)?;
        let mut s = Some(scope);
        let mut first = true;
        while let Some(id) = s {
            let sc = &self.scopes[id];
            // Class bodies are not visible from the methods inside them.
            if first || sc.kind != ScopeKind::Class {
                let here: Vec<Binding<'t>> = all
                    .iter()
                    .filter(|(b, _)| *b == id)
                    .map(|(_, b)| *b)
                    .collect();
                if !here.is_empty() {
                    return Some((id, here));
                }
            }
            first = false;
            s = sc.parent;
        }
        None
    }

    /// The value a name read at `ident` stands for, seen from where it is
    /// read: in the same scope, the last assignment before the read (or the
    /// only one); from an enclosing scope, its only assignment. `None` when
    /// the name is a parameter, an import, a definition, or a container that
    /// is added to. A local `command = "ls"` in a helper no longer hides the
    /// module's own `command`.
    pub fn value_at(&self, ident: Node<'t>) -> Option<Node<'t>> {
        let scope = self.scope_at(ident);
        let (holder, bindings) = self.lookup(self.text(ident), scope)?;
        let mut values = Vec::with_capacity(bindings.len());
        for b in &bindings {
            match b {
                Binding::Value(v) => values.push(*v),
                _ => return None,
            }
        }
        let value = if holder == scope {
            values
                .iter()
                .rev()
                .find(|v| v.end_byte() <= ident.start_byte())
                .copied()
                .or_else(|| (values.len() == 1).then(|| values[0]))?
        } else if values.len() == 1 {
            values[0]
        } else {
            return None;
        };
        (!value.byte_range().contains(&ident.start_byte())).then_some(value)
    }

    /// The value of a module-level name bound exactly once, by assignment.
    pub fn single_module_binding(&self, name: &str) -> Option<Node<'t>> {
        match self.bindings.get(name)?.as_slice() {
            [(MODULE_SCOPE, Binding::Value(v))] => Some(*v),
            _ => None,
        }
    }

    /// The value of a name assigned exactly once in the whole file (any scope).
    pub fn single_binding_anywhere(&self, name: &str) -> Option<Node<'t>> {
        match self.bindings.get(name)?.as_slice() {
            [(_, Binding::Value(v))] => Some(*v),
            _ => None,
        }
    }

    /// The innermost scope that contains `node`.
    /// Sorts the scopes by where they start and links each to the scope
    /// around it in the text.
    fn index_scopes(&mut self) {
        let mut starts: Vec<(usize, std::cmp::Reverse<usize>, ScopeId)> = (1..self.scopes.len())
            .map(|id| {
                let r = self.scopes[id].node.byte_range();
                (r.start, std::cmp::Reverse(r.end), id)
            })
            .collect();
        starts.sort_unstable();
        self.lexical_parent = vec![MODULE_SCOPE; self.scopes.len()];
        let mut open: Vec<(usize, ScopeId)> = Vec::new();
        for &(_, std::cmp::Reverse(end), id) in &starts {
            while open.last().is_some_and(|(e, _)| *e < end) {
                open.pop();
            }
            if let Some(&(_, outer)) = open.last() {
                self.lexical_parent[id] = outer;
            }
            open.push((end, id));
        }
        self.scope_starts = starts.into_iter().map(|(s, _, id)| (s, id)).collect();
    }

    pub fn scope_at(&self, node: Node<'_>) -> ScopeId {
        self.scope_at_fast(node)
    }

    fn scope_at_fast(&self, node: Node<'_>) -> ScopeId {
        // Scopes nest, so the innermost one around `node` is the last one
        // to start before it or one of that one's enclosing scopes.
        let (start, end) = (node.start_byte(), node.end_byte());
        let last = self.scope_starts.partition_point(|(s, _)| *s <= start);
        let mut candidate = last.checked_sub(1).map(|i| self.scope_starts[i].1);
        while let Some(id) = candidate {
            let scope = &self.scopes[id];
            let range = scope.node.byte_range();
            if id == MODULE_SCOPE {
                break;
            }
            if range.start <= start && end <= range.end {
                if scope.node.id() != node.id() && range != (start..end) {
                    return id;
                }
                // The scope's own node, or a node spanning exactly what it
                // does (an ancestor or a descendant): only the tree knows.
                return self.scope_at_by_parents(node);
            }
            candidate = Some(self.lexical_parent[id]);
        }
        MODULE_SCOPE
    }

    fn scope_at_by_parents(&self, node: Node<'_>) -> ScopeId {
        let mut n = node.parent();
        while let Some(p) = n {
            if let Some(&id) = self.scope_of_node.get(&p.id()) {
                return id;
            }
            n = p.parent();
        }
        MODULE_SCOPE
    }

    /// The outermost function scope enclosing `scope`, or the module.
    fn top_function(&self, mut scope: ScopeId) -> ScopeId {
        while let Some(parent) = self.scopes[scope].parent {
            if parent == MODULE_SCOPE || self.scopes[parent].kind == ScopeKind::Class {
                return scope;
            }
            scope = parent;
        }
        scope
    }

    /// Whether `scope` is a function defined directly in a class.
    fn is_method(&self, scope: ScopeId) -> bool {
        self.scopes[scope]
            .parent
            .is_some_and(|p| self.scopes[p].kind == ScopeKind::Class)
    }

    /// When the code in `scope` runs.
    pub fn context(&self, scope: ScopeId) -> Context {
        match self.role {
            FileRole::Setup => return Context::Install,
            FileRole::Pth | FileRole::Startup => return Context::Startup,
            _ => {}
        }
        // What runs when a build reaches the file, or on import.
        let top_level = if self.role == FileRole::Module {
            Context::Import
        } else {
            Context::Install
        };
        // The script part runs when the file is run as a script: during the
        // install for a script setup.py runs, otherwise by hand.
        let as_script = if self.role == FileRole::InstallScript {
            Context::Install
        } else {
            Context::Run
        };
        if scope == MODULE_SCOPE || self.scopes[scope].kind == ScopeKind::Class {
            return top_level;
        }
        let top = self.top_function(scope);
        if self.scopes[top].kind == ScopeKind::MainBlock {
            return as_script;
        }
        // The build calls the methods of command classes and backends.
        if self.role == FileRole::InstallHook && self.is_method(top) {
            return Context::Install;
        }
        let name = self.scopes[top].name.as_str();
        let at_module = self.scopes[top].parent == Some(MODULE_SCOPE);
        if at_module && self.called_at_top.contains(name) {
            top_level
        } else if at_module && self.called_from_main.contains(name) {
            as_script
        } else {
            Context::Run
        }
    }

    /// Whether `scope` is `inner` or one of its enclosing scopes.
    pub fn encloses(&self, scope: ScopeId, inner: ScopeId) -> bool {
        let mut s = Some(inner);
        while let Some(id) = s {
            if id == scope {
                return true;
            }
            s = self.scopes[id].parent;
        }
        false
    }

    /// The function scope a rule treats as one unit of behaviour: the
    /// outermost function around `scope` (or the module).
    pub fn unit(&self, scope: ScopeId) -> ScopeId {
        self.top_function(scope)
    }

    /// Every unit that holds a call, in order.
    pub fn units(&self) -> Vec<ScopeId> {
        let mut units: Vec<ScopeId> = self.calls.iter().map(|c| self.unit(c.scope)).collect();
        units.sort_unstable();
        units.dedup();
        units
    }

    /// Calls inside one unit (see [`Module::unit`]).
    pub fn calls_in_unit(&self, unit: ScopeId) -> impl Iterator<Item = &Call<'t>> {
        self.calls
            .iter()
            .filter(move |c| self.top_function(c.scope) == unit)
    }

    /// Whether the file imports `module` (or something below it).
    pub fn imports(&self, module: &str) -> bool {
        self.imported.iter().any(|m| {
            *m == module || (m.starts_with(module) && m.as_bytes().get(module.len()) == Some(&b'.'))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::python::{Syntax, with_module};

    /// The range index answers what walking up the tree answers, for every
    /// node of a file with the awkward cases: lambdas in defaults and
    /// decorators, nested defs, a class, a `__main__` block, one-line
    /// bodies that span exactly what their statement does.
    #[test]
    fn scope_at_agrees_with_the_tree() {
        let src = "\
import os
def outer(a, f=lambda x: x + 1, *, g=lambda: 0):
    def inner(b=lambda: 2):
        return lambda c: (a, b, c)
    return inner
@decorate(lambda d: d)
class K:
    attr = [lambda: 3]
    def method(self, h=lambda: 4): return h
lambda: 5
if __name__ == '__main__':
    outer(1)
    def late(): pass
";
        with_module(src, |m| {
            let mut stack = vec![m.tree.root_node()];
            let mut checked = 0;
            while let Some(n) = stack.pop() {
                assert_eq!(
                    m.scope_at(n),
                    m.scope_at_by_parents(n),
                    "{} at {:?}",
                    n.kind_name(),
                    n.byte_range()
                );
                checked += 1;
                stack.extend(n.children());
            }
            assert!(checked > 150);
        });
    }
}
