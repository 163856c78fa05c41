//! Python analysis: parse once, then build the facts every rule reads.
//!
//! The model ([`Module`]) is built in one iterative walk of the syntax tree:
//! every call with its callee resolved to a qualified name, every binding
//! (`x = ...`, imports, `with ... as x`, `def`), every string literal, and the
//! scope each of them sits in. Rules never walk the tree themselves for calls;
//! they query the model, so a file is walked once whatever the number of rules.

pub mod decode;
pub mod flow;
pub mod fold;
pub mod interp;
pub mod memory;
pub mod model;
pub mod names;
pub mod nfkc;
pub mod notebook;
pub mod paths;
pub mod syntax;
pub mod taint;
pub mod tree;

pub use model::{Binding, Call, FileRole, Module, ScopeId};
pub use syntax::Syntax;
pub use taint::{Taint, TaintSet};

use tree::{Node, Tree};
use tree_sitter::Parser;

/// A parser for Python, one per worker thread.
pub fn parser() -> Parser {
    memory::install();
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("the bundled tree-sitter-python grammar matches the tree-sitter runtime");
    parser
}

/// The memory ruff's parse and the tree built from it may take per byte of
/// source: a whole one-thread scan of 2 MB of dense code (`a=b+c(d,[e]);`,
/// `x=-~-~-~-~-~1`) peaked 113 to 150 bytes per byte above an empty scan's,
/// parse, model and rules together.
const RUFF_BYTES_PER_BYTE: usize = 160;

/// Parses `source`; `None` when tree-sitter gave up or the file's time ran
/// out (it recovers from syntax errors, so a file with errors still yields
/// a tree to analyse).
pub fn parse(parser: &mut Parser, source: &[u8]) -> Option<Tree> {
    // ruff's parser is seven times as fast and builds the same tree; what
    // it rejects or the builder leaves (syntax errors first) goes to
    // tree-sitter, whose error recovery only it reproduces.
    // A file whose worst case could pass the cap on trees goes to
    // tree-sitter, whose parse stops at the cap.
    if crate::budget::parse_may_hold(source.len().saturating_mul(RUFF_BYTES_PER_BYTE))
        && let Some(tree) = Tree::from_ruff(source)
    {
        return Some(tree);
    }
    let tree = parse_tree_sitter(parser, source)?;
    Some(Tree::from_tree_sitter(&tree, source))
}

/// tree-sitter's own tree of `source`.
pub fn parse_tree_sitter(parser: &mut Parser, source: &[u8]) -> Option<tree_sitter::Tree> {
    parser.reset();
    let mut read = |at: usize, _| source.get(at..).unwrap_or_default();
    // tree-sitter asks every hundred or so parse steps; `Break` cancels.
    let mut stop = |_: &tree_sitter::ParseState| {
        if crate::budget::parse_over(memory::held()) {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    };
    let options = tree_sitter::ParseOptions::new().progress_callback(&mut stop);
    parser.parse_with_options(&mut read, None, Some(options))
}

/// The source text of a node, lossily decoded.
pub fn text<'s>(node: Node<'_>, source: &'s [u8]) -> std::borrow::Cow<'s, str> {
    String::from_utf8_lossy(&source[node.byte_range()])
}

/// Parses `src` as a module and hands its model to `f` (for unit tests).
#[cfg(test)]
pub(crate) fn with_module<R>(src: &str, f: impl FnOnce(&Module<'_>) -> R) -> R {
    let mut p = parser();
    let tree = parse(&mut p, src.as_bytes()).expect("tree-sitter parses any text");
    f(&Module::build(src.as_bytes(), &tree, FileRole::Module))
}

/// 1-based line and column of a node's start, as editors count them.
pub fn position(node: Node<'_>) -> (usize, usize) {
    let p = node.start_position();
    (p.row + 1, p.column + 1)
}
