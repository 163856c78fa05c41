//! Node kinds and fields by number.
//!
//! tree-sitter's `Node::kind` measures the C string of the kind's name and
//! checks it is UTF-8 on every call, and `Node::child_by_field_name` compares
//! the name asked for with every field name of the grammar (`strncmp`). The
//! model and the rules ask both for nearly every node they touch: together
//! they took 7% of a scan. The grammar's names are read once here, and a
//! kind is then an index into a table, a field a short search by length.

use super::tree::Node;
use std::sync::LazyLock;
use tree_sitter::Language;

struct Grammar {
    /// Kind names by kind id.
    kinds: Vec<&'static str>,
    /// (name, id) of every field.
    fields: Vec<(&'static str, std::num::NonZeroU16)>,
    /// By kind id: whether a node of the kind can have a child in a field
    /// (the grammar's `node-types.json` lists the fields of each kind).
    has_fields: Vec<bool>,
}

/// The grammar, kept for the whole run: the names it hands out borrow it.
static LANGUAGE: LazyLock<Language> = LazyLock::new(|| tree_sitter_python::LANGUAGE.into());

/// tree-sitter-python's grammar.
pub(crate) fn language() -> &'static Language {
    &LANGUAGE
}

static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let language: &'static Language = &LANGUAGE;
    let kinds: Vec<&'static str> = (0..language.node_kind_count())
        .map(|id| language.node_kind_for_id(id as u16).unwrap_or(""))
        .collect();
    let fields = (1..=language.field_count())
        .filter_map(|id| {
            let id = u16::try_from(id).ok()?;
            Some((language.field_name_for_id(id)?, id.try_into().ok()?))
        })
        .collect();
    let has_fields = fielded_kinds();
    let has_fields = kinds.iter().map(|&k| has_fields.contains(k)).collect();
    Grammar {
        kinds,
        fields,
        has_fields,
    }
});

/// The named kinds that have fields, from the grammar's node types.
fn fielded_kinds() -> std::collections::HashSet<String> {
    #[derive(serde::Deserialize)]
    struct NodeType {
        #[serde(rename = "type")]
        kind: String,
        named: bool,
        #[serde(default)]
        fields: serde_json::Map<String, serde_json::Value>,
    }
    let types: Vec<NodeType> = serde_json::from_str(tree_sitter_python::NODE_TYPES)
        .expect("the bundled grammar's node types are JSON");
    types
        .into_iter()
        .filter(|t| t.named && !t.fields.is_empty())
        .map(|t| t.kind)
        .collect()
}

/// Whether a node of kind `id` can have children in fields (`ERROR` and
/// the like, outside the table, may).
#[inline]
pub(crate) fn kind_has_fields(id: u16) -> bool {
    GRAMMAR
        .has_fields
        .get(usize::from(id))
        .copied()
        .unwrap_or(true)
}

/// The name of kind `id` (`ERROR` and the like live outside the table).
#[inline]
pub(crate) fn kind_name_of(id: u16) -> &'static str {
    match GRAMMAR.kinds.get(usize::from(id)) {
        Some(name) => name,
        None => LANGUAGE.node_kind_for_id(id).unwrap_or(""),
    }
}

/// The name of field `id` (`""` for none).
#[cfg(test)]
pub(crate) fn field_name_of(id: u16) -> &'static str {
    GRAMMAR
        .fields
        .iter()
        .find(|(_, f)| f.get() == id)
        .map_or("", |(name, _)| name)
}

/// The id of field `name`.
#[inline]
pub(crate) fn field_id(name: &str) -> Option<u16> {
    let (_, id) = GRAMMAR.fields.iter().find(|(n, _)| *n == name)?;
    Some(id.get())
}

/// What the rules ask of a syntax node, by name.
pub trait Syntax<'t> {
    /// The node's kind (`"call"`, `"string"`, ...): what `Node::kind` says.
    fn kind_name(&self) -> &'static str;
    /// The child in field `name`: what `Node::child_by_field_name` gives.
    fn field(&self, name: &str) -> Option<Node<'t>>;
}

impl<'t> Syntax<'t> for Node<'t> {
    #[inline]
    fn kind_name(&self) -> &'static str {
        kind_name_of(self.kind_id())
    }

    #[inline]
    fn field(&self, name: &str) -> Option<Node<'t>> {
        self.child_by_field_id(field_id(name)?)
    }
}
