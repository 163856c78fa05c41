//! Node kinds and fields by number.
//!
//! tree-sitter's `Node::kind` measures the C string of the kind's name and
//! checks it is UTF-8 on every call, and `Node::child_by_field_name` compares
//! the name asked for with every field name of the grammar (`strncmp`). The
//! model and the rules ask both for nearly every node they touch: together
//! they took 7% of a scan. The grammar's names are read once here, and a
//! kind is then an index into a table, a field a short search by length.

use std::sync::LazyLock;
use tree_sitter::{Language, Node};

struct Grammar {
    /// Kind names by kind id.
    kinds: Vec<&'static str>,
    /// (name, id) of every field.
    fields: Vec<(&'static str, std::num::NonZeroU16)>,
}

/// The grammar, kept for the whole run: the names it hands out borrow it.
static LANGUAGE: LazyLock<Language> = LazyLock::new(|| tree_sitter_python::LANGUAGE.into());

static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let language: &'static Language = &LANGUAGE;
    let kinds = (0..language.node_kind_count())
        .map(|id| language.node_kind_for_id(id as u16).unwrap_or(""))
        .collect();
    let fields = (1..=language.field_count())
        .filter_map(|id| {
            let id = u16::try_from(id).ok()?;
            Some((language.field_name_for_id(id)?, id.try_into().ok()?))
        })
        .collect();
    Grammar { kinds, fields }
});

/// What the rules ask of a syntax node, without tree-sitter's name lookups.
pub trait Syntax<'t> {
    /// The node's kind (`"call"`, `"string"`, ...): what `Node::kind` says.
    fn kind_name(&self) -> &'static str;
    /// The child in field `name`: what `Node::child_by_field_name` gives.
    fn field(&self, name: &str) -> Option<Node<'t>>;
}

impl<'t> Syntax<'t> for Node<'t> {
    #[inline]
    fn kind_name(&self) -> &'static str {
        match GRAMMAR.kinds.get(usize::from(self.kind_id())) {
            Some(name) => name,
            // ERROR (65535) and the like live outside the table.
            None => LANGUAGE.node_kind_for_id(self.kind_id()).unwrap_or(""),
        }
    }

    #[inline]
    fn field(&self, name: &str) -> Option<Node<'t>> {
        let (_, id) = GRAMMAR.fields.iter().find(|(n, _)| *n == name)?;
        self.child_by_field_id(id.get())
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::Syntax;

    /// Every node of a file that uses most of the grammar, errors included,
    /// has the same kind and the same fields either way.
    #[test]
    fn kinds_and_fields_match_tree_sitter() {
        let src = r#"
import os, sys as system
from . import x
@decorator(1)
class A(B, metaclass=M):
    def f(self, a: int = 1, *args, b=2, **kw) -> str:
        global g
        nonlocal_ = lambda q: q ** 2
        with open(a) as fh, other():
            return f"{a!r:>{b}}" + 'x' 'y' + b"\x00"[::-1]
    async def g(self):
        async for i in aiter():
            await i
        try:
            pass
        except (E, F) as e:
            raise X from e
        finally:
            del self.x[1:2, ...]
match command:
    case [1, *rest] if rest: print(rest)
    case {"k": v}: pass
x = [i for i in range(3) if i] or {k: v for k, v in d.items()} and {1, 2}
y = not a < b <= c is not d in e
z = (yield) if a else -b @ c
def broken(:
    print("unclosed
"#;
        let mut parser = crate::python::parser();
        let tree = crate::python::parse(&mut parser, src.as_bytes()).unwrap();
        let fields = [
            "alias",
            "argument",
            "arguments",
            "attribute",
            "body",
            "condition",
            "consequence",
            "alternative",
            "function",
            "key",
            "left",
            "module_name",
            "name",
            "object",
            "operator",
            "parameters",
            "right",
            "subscript",
            "value",
            "definition",
            "expression",
        ];
        let mut cursor = tree.walk();
        let mut seen = 0;
        let mut errors = 0;
        loop {
            let node = cursor.node();
            assert_eq!(node.kind_name(), node.kind());
            errors += usize::from(node.is_error());
            for f in fields {
                assert_eq!(node.field(f), node.child_by_field_name(f), "{f}");
            }
            seen += 1;
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    assert!(seen > 300, "{seen} nodes");
                    assert!(errors > 0, "the broken def gives an ERROR node");
                    return;
                }
            }
        }
    }
}
