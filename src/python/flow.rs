//! Where a value comes from, one step back: the default of an environment
//! setting, what a local function returns, what the callers in the file pass
//! for a parameter, or the parameter's own default. Rules that judge a
//! literal (a destination, a command line) follow a name handed in this way
//! as far as they need, with their own budget.

use super::Syntax;
use crate::python::model::{Binding, ScopeKind};
use crate::python::tree::Node;
use crate::python::{Module, ScopeId, names};

/// Where a value that does not fold comes from, when that can be read: the
/// arguments callers in this file pass for a parameter, or the default of
/// `os.environ.get(name, default)` / `os.getenv(name, default)`.
pub fn origins<'t>(m: &Module<'t>, node: Node<'t>, scope: ScopeId) -> Vec<(Node<'t>, ScopeId)> {
    let mut out = Vec::new();
    let value = match node.kind_name() {
        "identifier" => m.value_at(node).unwrap_or(node),
        _ => node,
    };
    if value.kind_name() == "call"
        && let Some(func) = value.field("function")
        && names::resolve(m, func, scope)
            .is_some_and(|q| matches!(q.as_str(), "os.environ.get" | "os.getenv"))
        && let Some(default) = value.field("arguments").and_then(|a| a.named_child(1))
    {
        out.push((default, scope));
        return out;
    }
    // What a local function returns: `requests.get(payload_url())`.
    if value.kind_name() == "call"
        && let Some(func) = value.field("function")
        && func.kind_name() == "identifier"
        && let Some((_, bindings)) = m.lookup(m.text(func), scope)
    {
        for b in bindings {
            if let Binding::Def(def) = b
                && def.kind_name() == "function_definition"
                && let Some(body) = def.field("body")
            {
                let inner = m.scope_at(body.named_child(0).unwrap_or(body));
                out.extend(returns(body).into_iter().map(|r| (r, inner)));
            }
        }
        return out;
    }
    if node.kind_name() != "identifier" {
        return out;
    }
    let name = m.text(node);
    let Some((holder, bindings)) = m.lookup(name, scope) else {
        return out;
    };
    if !bindings.iter().any(|b| matches!(b, Binding::Param)) {
        return out;
    }
    let function = &m.scopes[holder];
    if function.kind != ScopeKind::Function || function.name.is_empty() {
        return out;
    }
    let Some(params) = function.node.field("parameters") else {
        return out;
    };
    let param_names = m.param_names(params);
    let Some(index) = param_names.iter().position(|n| *n == name) else {
        return out;
    };
    let method = param_names
        .first()
        .is_some_and(|n| *n == "self" || *n == "cls");
    for call in &m.calls {
        // A local function or method; `requests.get(…)` is not a call of
        // a local `def get`.
        if call.callee_name(m) != Some(function.name.as_str()) || call.qname.is_some() {
            continue;
        }
        if let Some(arg) = call.argument_for(name, index, method) {
            out.push((arg, call.scope));
        }
        if out.len() >= 16 {
            break;
        }
    }
    // A default written into the signature: `def f(url="https://…")`.
    if let Some(p) = params
        .named_children()
        .find(|p| p.field("name").is_some_and(|n| m.text(n) == name))
        && let Some(default) = p.field("value")
    {
        out.push((default, holder));
    }
    out
}

/// The values a function body returns (not those of nested functions).
pub fn returns(body: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if out.len() >= 8 {
            break;
        }
        for child in n.named_children() {
            match child.kind_name() {
                "function_definition" | "class_definition" | "lambda" => {}
                "return_statement" => out.extend(child.named_child(0)),
                _ => stack.push(child),
            }
        }
    }
    out
}
