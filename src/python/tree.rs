//! The syntax tree the model and the rules read: tree-sitter's tree, copied
//! once into flat arrays.
//!
//! tree-sitter keeps a tree as nested subtrees in which hidden grammar
//! nodes are interleaved with the visible ones, so every step of a cursor
//! and every `Node::child`, `Node::parent` (a walk down from the root) or
//! field lookup re-derives the visible structure: the model and the rules
//! spent a sixth of a scan in those steps. Here each visible node is one
//! record, its children one run of an array, its parent a number, and the
//! tree-sitter tree is dropped as soon as it is copied.
//!
//! The copy shows exactly what tree-sitter's API shows (kinds, fields,
//! children, parents, byte ranges, positions, `descendant_for_byte_range`);
//! a test compares every node of a file using most of the grammar, errors
//! included, against tree-sitter's answers. The methods keep tree-sitter's
//! names, so code reads the same as against tree-sitter.

mod from_ruff;

use super::syntax::{kind_has_fields, kind_name_of};
use std::ops::Range;

/// A parsed file: every visible node, in preorder, the root first.
pub struct Tree {
    nodes: Vec<Data>,
    /// The children of every node, each node's as one run, in order.
    kids: Vec<u32>,
    /// Byte offsets of the source's `\n`s, for rows and columns.
    newlines: Vec<u32>,
}

/// One visible node.
#[derive(Clone, Copy)]
struct Data {
    start: u32,
    end: u32,
    parent: u32,
    /// Where this node's run starts in `kids`.
    kids: u32,
    kid_count: u32,
    kind: u16,
    /// The field this node fills in its parent, 0 for none.
    field: u16,
    flags: u8,
}

const NAMED: u8 = 1;
const MISSING: u8 = 2;
const EXTRA: u8 = 4;
/// A node of a hidden rule shown under an alias (`match`'s `_match_block`,
/// shown as `block`): tree-sitter's field lookups on its parent look inside
/// it for the fields its own rule names, as for any hidden child.
const INHERITS: u8 = 8;
const NO_PARENT: u32 = u32::MAX;

/// A row (0-based, counting `\n`s) and a column (in bytes), as tree-sitter
/// gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub row: usize,
    pub column: usize,
}

impl Tree {
    /// Copies tree-sitter's tree of `source`.
    pub fn from_tree_sitter(tree: &tree_sitter::Tree, source: &[u8]) -> Tree {
        let mut nodes: Vec<Data> = Vec::new();
        let mut kids: Vec<u32> = Vec::new();
        // The children found so far of each open node, one after another,
        // and where each open node's start in that list.
        let mut pending: Vec<u32> = Vec::new();
        let mut open: Vec<(u32, usize)> = Vec::new();
        // Whether the node whose children are being read can have fields:
        // asking the cursor for a field costs a search of the parent's
        // field map, and most children (of blocks, argument lists,
        // strings, ...) sit in kinds that have none.
        let mut fielded: Vec<bool> = Vec::new();
        let mut cursor = tree.walk();
        loop {
            let node = cursor.node();
            let id = nodes.len() as u32;
            let mut flags = 0;
            if node.is_named() {
                flags |= NAMED;
            }
            if node.is_missing() {
                flags |= MISSING;
            }
            if node.is_extra() {
                flags |= EXTRA;
            }
            if node.grammar_id() != node.kind_id() && {
                // A hidden rule, named `_x`, or, when it is always shown
                // under the alias, by the alias's name.
                let rule = node.grammar_name();
                rule.starts_with('_') || rule == kind_name_of(node.kind_id())
            } {
                flags |= INHERITS;
            }
            nodes.push(Data {
                start: node.start_byte() as u32,
                end: node.end_byte() as u32,
                parent: open.last().map_or(NO_PARENT, |&(p, _)| p),
                kids: 0,
                kid_count: 0,
                kind: node.kind_id(),
                field: if fielded.last() == Some(&true) {
                    cursor.field_id().map_or(0, |f| f.get())
                } else {
                    0
                },
                flags,
            });
            pending.push(id);
            if cursor.goto_first_child() {
                open.push((id, pending.len()));
                fielded.push(kind_has_fields(node.kind_id()));
                continue;
            }
            // A leaf: on to the next sibling, closing every node left.
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    let newlines = memchr::memchr_iter(b'\n', source)
                        .map(|at| at as u32)
                        .collect();
                    return Tree {
                        nodes,
                        kids,
                        newlines,
                    };
                }
                let (parent, from) = open.pop().expect("a parent was opened");
                fielded.pop();
                let data = &mut nodes[parent as usize];
                data.kids = kids.len() as u32;
                data.kid_count = (pending.len() - from) as u32;
                kids.extend(pending.drain(from..));
            }
        }
    }

    /// Builds `source`'s tree from ruff's parser, the way tree-sitter would
    /// have; `None` for what only tree-sitter reproduces (syntax errors
    /// first of all).
    pub fn from_ruff(source: &[u8]) -> Option<Tree> {
        from_ruff::build(source)
    }

    pub fn root_node(&self) -> Node<'_> {
        Node { tree: self, id: 0 }
    }

    /// Nodes in the tree.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn point(&self, byte: u32) -> Point {
        let row = self.newlines.partition_point(|&at| at < byte);
        let line_start = if row == 0 {
            0
        } else {
            self.newlines[row - 1] + 1
        };
        Point {
            row,
            column: (byte - line_start) as usize,
        }
    }
}

/// A node of a [`Tree`]: as cheap to copy and compare as tree-sitter's.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t Tree,
    id: u32,
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && std::ptr::eq(self.tree, other.tree)
    }
}

impl Eq for Node<'_> {}

impl std::hash::Hash for Node<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{{Node {} {:?}}}",
            kind_name_of(self.kind_id()),
            self.byte_range()
        )
    }
}

impl<'t> Node<'t> {
    #[inline]
    fn data(&self) -> &'t Data {
        &self.tree.nodes[self.id as usize]
    }

    /// A number unique to this node within its tree.
    #[inline]
    pub fn id(&self) -> usize {
        self.id as usize
    }

    #[inline]
    pub fn kind_id(&self) -> u16 {
        self.data().kind
    }

    #[inline]
    pub fn is_named(&self) -> bool {
        self.data().flags & NAMED != 0
    }

    #[inline]
    pub fn is_missing(&self) -> bool {
        self.data().flags & MISSING != 0
    }

    #[inline]
    pub fn is_extra(&self) -> bool {
        self.data().flags & EXTRA != 0
    }

    /// An `ERROR` node of tree-sitter's error recovery.
    #[inline]
    pub fn is_error(&self) -> bool {
        self.kind_id() == u16::MAX
    }

    #[inline]
    pub fn start_byte(&self) -> usize {
        self.data().start as usize
    }

    #[inline]
    pub fn end_byte(&self) -> usize {
        self.data().end as usize
    }

    #[inline]
    pub fn byte_range(&self) -> Range<usize> {
        self.start_byte()..self.end_byte()
    }

    pub fn start_position(&self) -> Point {
        self.tree.point(self.data().start)
    }

    pub fn end_position(&self) -> Point {
        self.tree.point(self.data().end)
    }

    #[inline]
    pub fn parent(&self) -> Option<Node<'t>> {
        match self.data().parent {
            NO_PARENT => None,
            id => Some(Node {
                tree: self.tree,
                id,
            }),
        }
    }

    #[inline]
    fn kid_ids(&self) -> &'t [u32] {
        let d = self.data();
        &self.tree.kids[d.kids as usize..(d.kids + d.kid_count) as usize]
    }

    #[inline]
    pub fn child_count(&self) -> usize {
        self.data().kid_count as usize
    }

    pub fn child(&self, i: usize) -> Option<Node<'t>> {
        let tree = self.tree;
        self.kid_ids().get(i).map(|&id| Node { tree, id })
    }

    /// Every child, named or not, in order.
    pub fn children(&self) -> impl ExactSizeIterator<Item = Node<'t>> + 't {
        let tree = self.tree;
        self.kid_ids().iter().map(move |&id| Node { tree, id })
    }

    /// The named children, in order.
    pub fn named_children(&self) -> impl Iterator<Item = Node<'t>> + 't {
        let tree = self.tree;
        self.kid_ids()
            .iter()
            .map(move |&id| Node { tree, id })
            .filter(Node::is_named)
    }

    pub fn named_child_count(&self) -> usize {
        self.kid_ids()
            .iter()
            .filter(|&&id| self.tree.nodes[id as usize].flags & NAMED != 0)
            .count()
    }

    pub fn named_child(&self, i: usize) -> Option<Node<'t>> {
        self.named_children().nth(i)
    }

    /// The first child filling field `field`, looking inside a child shown
    /// under an alias as tree-sitter does (the first `case` is a `match`'s
    /// `alternative`, though it is a child of the match's `block`).
    pub fn child_by_field_id(&self, field: u16) -> Option<Node<'t>> {
        let tree = self.tree;
        for &id in self.kid_ids() {
            let data = &tree.nodes[id as usize];
            if data.field == field {
                return Some(Node { tree, id });
            }
            if data.flags & INHERITS != 0 {
                // Aliases do not nest in Python's grammar: one level deep.
                if let Some(found) = (Node { tree, id }).child_by_field_id(field) {
                    return Some(found);
                }
            }
        }
        None
    }

    /// Every child filling field `name`, in order.
    pub fn children_by_field_name(&self, name: &str) -> impl Iterator<Item = Node<'t>> + 't {
        let field = crate::python::syntax::field_id(name).unwrap_or(0);
        let tree = self.tree;
        self.kid_ids()
            .iter()
            .filter(move |&&id| field != 0 && tree.nodes[id as usize].field == field)
            .map(move |&id| Node { tree, id })
    }

    /// The smallest node, named or not, that spans `start..end`, as
    /// tree-sitter's `Node::descendant_for_byte_range` finds it: descend
    /// into the first child that reaches past the range's start (or, for an
    /// empty child, to it) and up to its end.
    pub fn descendant_for_byte_range(&self, start: usize, end: usize) -> Option<Node<'t>> {
        if start > end {
            return None;
        }
        let mut node = *self;
        'descend: loop {
            for child in node.children() {
                let child_end = child.end_byte();
                if child_end < end {
                    continue;
                }
                let empty = child.start_byte() == child_end;
                if if empty {
                    child_end < start
                } else {
                    child_end <= start
                } {
                    continue;
                }
                if start < child.start_byte() {
                    break;
                }
                node = child;
                continue 'descend;
            }
            return Some(node);
        }
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_types)]
mod tests {
    use super::{Node, Tree, from_ruff};
    use crate::python::Syntax;
    use std::collections::HashMap;

    /// Every node of `src` answers every question as tree-sitter's does.
    fn same_as_tree_sitter(src: &str) -> usize {
        same_bytes(src.as_bytes(), 1)
    }

    /// As [`same_as_tree_sitter`], asking for the node at every `step`th
    /// byte.
    fn same_bytes(src: &[u8], step: usize) -> usize {
        let mut parser = crate::python::parser();
        let ts = parser
            .parse(src, None)
            .expect("tree-sitter parses any text");
        let flat = Tree::from_tree_sitter(&ts, src);
        let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
        let fields: Vec<&str> = (1..=language.field_count() as u16)
            .filter_map(|id| language.field_name_for_id(id))
            .collect();
        // tree-sitter's nodes in preorder, as the copy numbers them.
        let mut order: Vec<tree_sitter::Node<'_>> = Vec::new();
        let mut cursor = ts.walk();
        loop {
            order.push(cursor.node());
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break;
                }
            }
            if cursor.node() == ts.root_node() {
                break;
            }
        }
        assert_eq!(order.len(), flat.len());
        let index: HashMap<usize, usize> =
            order.iter().enumerate().map(|(i, n)| (n.id(), i)).collect();
        let same =
            |what: &dyn Fn() -> String, t: Option<tree_sitter::Node<'_>>, f: Option<Node<'_>>| {
                let (t, f) = (t.map(|t| index[&t.id()]), f.map(|f| f.id()));
                assert!(t == f, "{}: {t:?} != {f:?}", what());
            };
        let mut tc = ts.walk();
        for (i, t) in order.iter().enumerate() {
            let f = Node {
                tree: &flat,
                id: i as u32,
            };
            assert_eq!(f.kind_name(), t.kind(), "{t:?}");
            assert_eq!(f.kind_id(), t.kind_id());
            assert_eq!(
                (f.is_named(), f.is_missing(), f.is_extra(), f.is_error()),
                (t.is_named(), t.is_missing(), t.is_extra(), t.is_error()),
                "{t:?}"
            );
            assert_eq!(f.byte_range(), t.byte_range());
            let (fs, ts_) = (f.start_position(), t.start_position());
            assert_eq!((fs.row, fs.column), (ts_.row, ts_.column), "{t:?}");
            let (fe, te) = (f.end_position(), t.end_position());
            assert_eq!((fe.row, fe.column), (te.row, te.column), "{t:?}");
            same(&|| format!("parent of {t:?}"), t.parent(), f.parent());
            assert_eq!(f.child_count(), t.child_count() as usize);
            assert_eq!(f.named_child_count(), t.named_child_count());
            for c in 0..t.child_count() + 1 {
                same(
                    &|| format!("child {c} of {t:?}"),
                    t.child(c),
                    f.child(c as usize),
                );
                same(
                    &|| format!("named child {c} of {t:?}"),
                    t.named_child(c),
                    f.named_child(c as usize),
                );
            }
            for name in &fields {
                same(
                    &|| format!("{name} of {t:?}"),
                    t.child_by_field_name(name),
                    f.field(name),
                );
                let tv: Vec<usize> = t
                    .children_by_field_name(name, &mut tc)
                    .map(|n| index[&n.id()])
                    .collect();
                let fv: Vec<usize> = f.children_by_field_name(name).map(|n| n.id()).collect();
                assert_eq!(tv, fv, "{name} of {t:?}");
            }
        }
        let root = ts.root_node();
        for at in (0..=src.len()).step_by(step) {
            for end in [at, at + 1] {
                same(
                    &|| format!("descendant for {at}..{end}"),
                    root.descendant_for_byte_range(at, end),
                    flat.root_node().descendant_for_byte_range(at, end),
                );
            }
        }
        order.len()
    }

    /// The Python files up to 2 MB under `dir`, read.
    fn python_files(
        dir: std::ffi::OsString,
    ) -> impl Iterator<Item = (std::path::PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "py"))
            .filter_map(|e| Some((e.path().to_path_buf(), std::fs::read(e.path()).ok()?)))
            .filter(|(_, src)| src.len() <= 2 << 20)
    }

    /// Where the tree built from ruff's parse first differs from the copy of
    /// tree-sitter's, node by node in preorder; `None` when the same.
    pub(super) fn first_difference(ts: &Tree, ruff: &Tree, src: &[u8]) -> Option<String> {
        use crate::python::syntax::{field_name_of, kind_name_of};
        let show = |tree: &Tree, id: usize| -> String {
            let Some(d) = tree.nodes.get(id) else {
                return "(none)".into();
            };
            let text = String::from_utf8_lossy(
                &src[d.start as usize..(d.end as usize).min(d.start as usize + 40)],
            );
            let parent = tree
                .nodes
                .get(d.parent as usize)
                .map_or("-", |p| kind_name_of(p.kind));
            format!(
                "{}{} [{}..{}] field {} flags {} kids {} parent {parent} {text:?}",
                if d.flags & super::NAMED != 0 { "" } else { "'" },
                kind_name_of(d.kind),
                d.start,
                d.end,
                field_name_of(d.field),
                d.flags,
                d.kid_count,
            )
        };
        for id in 0..ts.nodes.len().max(ruff.nodes.len()) {
            let (a, b) = (ts.nodes.get(id), ruff.nodes.get(id));
            let same = match (a, b) {
                (Some(a), Some(b)) => {
                    a.start == b.start
                        && a.end == b.end
                        && a.parent == b.parent
                        && a.kind == b.kind
                        && a.field == b.field
                        && a.flags == b.flags
                        && a.kid_count == b.kid_count
                }
                _ => false,
            };
            if !same {
                let kids = |tree: &Tree, id: usize| -> String {
                    let Some(d) = tree.nodes.get(id) else {
                        return String::new();
                    };
                    tree.kids[d.kids as usize..(d.kids + d.kid_count) as usize]
                        .iter()
                        .map(|&k| format!("\n      {}", show(tree, k as usize)))
                        .collect()
                };
                return Some(format!(
                    "node {id}\n  tree-sitter {}{}\n  ruff        {}{}",
                    show(ts, id),
                    kids(ts, id),
                    show(ruff, id),
                    kids(ruff, id)
                ));
            }
        }
        // The same nodes with the same parents, in the same order: the
        // same children.
        for (a, b) in ts.nodes.iter().zip(&ruff.nodes) {
            if ts.kids[a.kids as usize..(a.kids + a.kid_count) as usize]
                != ruff.kids[b.kids as usize..(b.kids + b.kid_count) as usize]
            {
                return Some("children listed differently".into());
            }
        }
        None
    }

    /// Every Python file under `$HISS_RUFF_CHECK` through both builders
    /// (a corpus, run by hand: `HISS_RUFF_CHECK=DIR cargo test --release
    /// --lib tree -- --ignored ruff`): prints each difference and counts.
    #[test]
    #[ignore = "reads a corpus named by HISS_RUFF_CHECK"]
    fn ruff_builds_the_tree_tree_sitter_does_on_a_corpus() {
        let Some(dir) = std::env::var_os("HISS_RUFF_CHECK") else {
            panic!("set HISS_RUFF_CHECK to a folder of Python files");
        };
        let mut parser = crate::python::parser();
        let (mut same, mut differ, mut left, mut ts_errors) = (0usize, 0usize, 0usize, 0usize);
        let (mut same_bytes, mut all_bytes) = (0usize, 0usize);
        let mut why: HashMap<String, usize> = HashMap::new();
        for (path, src) in python_files(dir) {
            let path = path.as_path();
            all_bytes += src.len();
            let ruff = match from_ruff::build_or_bail(&src) {
                Ok(tree) => tree,
                Err(bail) => {
                    left += 1;
                    *why.entry(format!("{bail:?}")).or_insert(0usize) += 1;
                    if std::env::var_os("HISS_RUFF_WHY").is_some() {
                        println!("LEFT {bail:?} {}", path.display());
                    }
                    continue;
                }
            };
            let ts = parser
                .parse(&src, None)
                .expect("tree-sitter parses any text");
            let had_errors = ts.root_node().has_error();
            let ts = Tree::from_tree_sitter(&ts, &src);
            match first_difference(&ts, &ruff, &src) {
                None => {
                    same += 1;
                    same_bytes += src.len();
                }
                Some(diff) => {
                    differ += 1;
                    ts_errors += had_errors as usize;
                    println!(
                        "DIFF {}{}\n{diff}",
                        path.display(),
                        if had_errors {
                            " (tree-sitter: errors)"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        let mut why: Vec<_> = why.into_iter().collect();
        why.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        println!("left to tree-sitter, by where: {why:?}");
        println!(
            "same {same} ({same_bytes} of {all_bytes} bytes), differ {differ} ({ts_errors} with tree-sitter errors), left to tree-sitter {left}"
        );
        assert_eq!(differ, 0);
    }

    /// Every Python file under `$HISS_TREE_CHECK` (a corpus, run by hand:
    /// `HISS_TREE_CHECK=DIR cargo test --release --lib tree -- --ignored`).
    #[test]
    #[ignore = "reads a corpus named by HISS_TREE_CHECK"]
    fn the_copy_answers_as_tree_sitter_does_on_a_corpus() {
        let Some(dir) = std::env::var_os("HISS_TREE_CHECK") else {
            panic!("set HISS_TREE_CHECK to a folder of Python files");
        };
        let (mut files, mut nodes) = (0, 0);
        for (_, src) in python_files(dir) {
            let step = (src.len() / 2000).max(1);
            nodes += same_bytes(&src, step);
            files += 1;
        }
        eprintln!("{files} files, {nodes} nodes: the same");
        assert!(files > 0);
    }

    /// A file using most of the grammar, syntax errors included.
    #[test]
    fn the_copy_answers_as_tree_sitter_does() {
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
        let nodes = same_as_tree_sitter(src);
        assert!(nodes > 300, "{nodes} nodes");
    }

    /// Rows count `\n` only, columns count bytes, as tree-sitter's do.
    #[test]
    fn positions_count_bytes_and_newlines() {
        same_as_tree_sitter("x = 'é'\r\ny = \"\\\n\"\rz = 1\n\n\u{a0}w()");
        same_as_tree_sitter("");
        same_as_tree_sitter("def f(:\n  )))\n\tif\n");
    }

    /// A node's parent is a lookup, not a walk from the root: a 20,000-deep
    /// chain answers at once.
    #[test]
    fn deep_trees_copy_without_recursion() {
        let src = "x = ".to_string() + &"(".repeat(20_000) + &")".repeat(20_000);
        let mut parser = crate::python::parser();
        let ts = parser.parse(&src, None).unwrap();
        let flat = Tree::from_tree_sitter(&ts, src.as_bytes());
        let deepest = flat
            .root_node()
            .descendant_for_byte_range(10_003, 10_004)
            .unwrap();
        let mut depth = 0;
        let mut node = Some(deepest);
        while let Some(n) = node {
            depth += 1;
            node = n.parent();
        }
        assert!(depth > 10_000, "{depth}");
    }
}
