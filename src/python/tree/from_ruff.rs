//! A second builder of [`Tree`]: from ruff's parser, seven times faster
//! than tree-sitter's on Python that has no syntax error.
//!
//! The tree built is the one tree-sitter-python would give, node for node:
//! the same kinds, fields, byte ranges, children and parents, extras
//! (comments, line continuations) under the same parents. ruff's syntax tree
//! gives the named nodes; its token stream gives the keywords, operators,
//! brackets and comments between them, each emitted as a child of the
//! visible node being built when it is met, which is where tree-sitter's
//! parser leaves a token with content of that node on both sides. Where
//! tree-sitter's shapes follow its grammar rather than Python's (types in
//! annotations, `(a) = 1` as a tuple pattern, comments after a block), the
//! builder follows tree-sitter.
//!
//! Anything this builder does not reproduce makes it give up (`Bail`), and
//! the file takes tree-sitter's path: files with syntax errors (tree-sitter
//! recovers from them in its own way), `match` statements, type parameters,
//! and rarer shapes. `HISS_TREE_CHECK` runs both builders over a corpus and
//! compares every node.

use super::{Data, EXTRA, INHERITS, NAMED, NO_PARENT, Tree};
use crate::python::syntax::language;
use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::{self as ast, Expr, Stmt, StringFlags};
use ruff_text_size::Ranged;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Why a file is left to tree-sitter: something this builder does not
/// reproduce.
#[derive(Debug)]
pub(crate) struct Bail(#[allow(dead_code)] u32, #[allow(dead_code)] u32);

type Built = Result<(), Bail>;

/// Nesting beyond this leaves the file to tree-sitter, whose copy does not
/// recurse (the builder does, and so does dropping ruff's tree).
const MAX_DEPTH: u32 = 200;

/// Builds `source`'s tree from ruff's parse, or `None` where ruff finds a
/// syntax error or the file holds what this builder leaves to tree-sitter.
pub(crate) fn build(source: &[u8]) -> Option<Tree> {
    build_or_bail(source).ok()
}

/// As [`build`], saying where the builder gave up (a line of this file, 0
/// for a syntax error).
pub(crate) fn build_or_bail(source: &[u8]) -> Result<Tree, Bail> {
    let text = std::str::from_utf8(source).map_err(|_| Bail(line!(), 0))?;
    // tree-sitter reads a byte-order mark as a character of the first
    // token; ruff skips it.
    if text.starts_with('\u{feff}') || source.len() >= u32::MAX as usize {
        return Err(Bail(line!(), 0));
    }
    let parsed = ruff_python_parser::parse_module(text).map_err(|_| Bail(0, 0))?;
    let mut builder = Builder::new(text, parsed.tokens());
    let built = builder.module(parsed.syntax());
    let deep = builder.too_deep;
    let at = builder.last_end;
    let tree = built
        .map(|()| builder.finish())
        .map_err(|Bail(line, _)| Bail(line, at));
    if deep {
        // ruff's tree is dropped by recursion: give it a stack as deep as
        // the file could nest.
        let stack = (source.len() * 64).clamp(1 << 20, 1 << 30);
        stacker::grow(stack, move || drop(parsed));
    }
    tree
}

struct Builder<'a> {
    src: &'a str,
    tokens: &'a [Token],
    /// The next token not yet placed in the tree.
    next: usize,
    /// Where the last placed token ends: line continuations are looked for
    /// between it and the next token.
    last_end: u32,
    nodes: Vec<Data>,
    kids: Vec<u32>,
    pending: Vec<u32>,
    open: Vec<(u32, usize)>,
    depth: u32,
    too_deep: bool,
    /// The quote character of the string being built.
    quote: u8,
    k: &'static Kinds,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, tokens: &'a [Token]) -> Self {
        Builder {
            src,
            tokens,
            next: 0,
            last_end: 0,
            nodes: Vec::with_capacity(src.len() / 4),
            kids: Vec::with_capacity(src.len() / 4),
            pending: Vec::new(),
            open: Vec::new(),
            depth: 0,
            too_deep: false,
            quote: b'"',
            k: &KINDS,
        }
    }

    fn finish(self) -> Tree {
        let newlines = memchr::memchr_iter(b'\n', self.src.as_bytes())
            .map(|at| at as u32)
            .collect();
        Tree {
            nodes: self.nodes,
            kids: self.kids,
            newlines,
        }
    }

    // ---- nodes ----

    fn push(&mut self, kind: u16, field: u16, flags: u8, start: u32, end: u32) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(Data {
            start,
            end,
            parent: self.open.last().map_or(NO_PARENT, |&(p, _)| p),
            kids: 0,
            kid_count: 0,
            kind,
            field,
            flags,
        });
        self.pending.push(id);
        id
    }

    /// Opens a named node; its range is its children's. It starts with the
    /// next token: comments before it are its parent's.
    fn open(&mut self, kind: u16, field: u16) -> Built {
        self.open_flags(kind, field, NAMED)
    }

    fn open_flags(&mut self, kind: u16, field: u16, flags: u8) -> Built {
        if let Some(start) = self.next_start() {
            self.gap(start)?;
        }
        let id = self.push(kind, field, flags, 0, 0);
        self.open.push((id, self.pending.len()));
        Ok(())
    }

    /// Closes the open node after placing the tokens left before `end`.
    fn close_at(&mut self, end: u32) -> Built {
        self.gap(end)?;
        self.close()
    }

    fn close(&mut self) -> Built {
        let &(_, from) = self.open.last().ok_or(Bail(line!(), 0))?;
        if self.pending.len() == from {
            return Err(Bail(line!(), 0));
        }
        let first = self.nodes[self.pending[from] as usize].start;
        let last = self.nodes[*self.pending.last().expect("a child") as usize].end;
        self.seal(first, last);
        Ok(())
    }

    /// Closes the open node over `start..end`, its children the run found
    /// since it opened.
    fn seal(&mut self, start: u32, end: u32) {
        let (id, from) = self.open.pop().expect("a node is open");
        let run = self.kids.len() as u32;
        let count = (self.pending.len() - from) as u32;
        self.kids.extend(self.pending.drain(from..));
        let data = &mut self.nodes[id as usize];
        data.start = start;
        data.end = end;
        data.kids = run;
        data.kid_count = count;
    }

    /// A named leaf over `start..end`, after the tokens before it.
    fn leaf(&mut self, kind: u16, field: u16, start: u32, end: u32) -> Built {
        self.gap(start)?;
        self.push(kind, field, NAMED, start, end);
        self.skip_to(end);
        Ok(())
    }

    /// Passes the tokens that start before `end` (the inside of a leaf).
    fn skip_to(&mut self, end: u32) {
        while self
            .tokens
            .get(self.next)
            .is_some_and(|t| t.start().to_u32() < end)
        {
            self.next += 1;
        }
        self.last_end = end;
    }

    // ---- tokens ----

    fn peek(&self) -> Option<&'a Token> {
        self.tokens[self.next..]
            .iter()
            .find(|t| significant(t.kind()))
    }

    /// Places every token that starts before `pos` in the open node:
    /// keywords and punctuation as anonymous children, comments and line
    /// continuations as extras. A named token here means the builder
    /// missed a node: give up.
    fn gap(&mut self, pos: u32) -> Built {
        while let Some(t) = self.tokens.get(self.next) {
            let start = t.start().to_u32();
            if start >= pos {
                break;
            }
            self.continuations(start)?;
            match t.kind() {
                kind if is_trivia(kind) => {}
                TokenKind::Comment => {
                    // tree-sitter's comment runs to the `\n`, over a `\r`.
                    let mut end = t.end().to_u32();
                    let bytes = self.src.as_bytes();
                    if bytes.get(end as usize) == Some(&b'\r') {
                        if bytes.get(end as usize + 1) != Some(&b'\n') {
                            return Err(Bail(line!(), 0));
                        }
                        end += 1;
                    }
                    self.push(self.k.comment, 0, NAMED | EXTRA, start, end);
                }
                _ => self.anonymous(t, 0)?,
            }
            self.last_end = t.end().to_u32();
            self.next += 1;
        }
        self.continuations(pos)
    }

    /// Line continuations (`\` and a newline) between the last token and
    /// `upto`.
    fn continuations(&mut self, upto: u32) -> Built {
        if upto <= self.last_end {
            return Ok(());
        }
        // Before a string, tree-sitter's scanner steps over continuations
        // as it looks for the string's start: no node.
        if self.tokens.get(self.next).is_some_and(|t| {
            t.start().to_u32() == upto
                && matches!(t.kind(), TokenKind::String | TokenKind::FStringStart)
        }) {
            self.last_end = upto;
            return Ok(());
        }
        let between = &self.src.as_bytes()[self.last_end as usize..upto as usize];
        let mut from = 0;
        while let Some(at) = memchr::memchr(b'\\', &between[from..]) {
            let at = from + at;
            let mut end = at + 1;
            if between.get(end) == Some(&b'\r') {
                end += 1;
            }
            if between.get(end) == Some(&b'\n') {
                end += 1;
            } else {
                return Err(Bail(line!(), 0));
            }
            let base = self.last_end;
            self.push(
                self.k.line_continuation,
                0,
                NAMED | EXTRA,
                base + at as u32,
                base + end as u32,
            );
            from = end;
        }
        self.last_end = upto;
        Ok(())
    }

    /// Places the next token (after any before it) as an anonymous child
    /// in `field`.
    fn token(&mut self, field: u16) -> Built {
        let t = self.peek().ok_or(Bail(line!(), 0))?;
        self.gap(t.start().to_u32())?;
        while is_trivia(self.tokens[self.next].kind()) {
            self.next += 1;
        }
        let t = &self.tokens[self.next];
        self.anonymous(t, field)?;
        self.last_end = t.end().to_u32();
        self.next += 1;
        Ok(())
    }

    /// Places the next token, which must be `kind`.
    #[track_caller]
    fn expect(&mut self, kind: TokenKind, field: u16) -> Built {
        if self.peek().map(Token::kind) != Some(kind) {
            return Err(Bail(std::panic::Location::caller().line(), 0));
        }
        self.token(field)
    }

    fn anonymous(&mut self, t: &Token, field: u16) -> Built {
        let range = t.range();
        let text = &self.src[range];
        let kind = *ANONYMOUS.get(text).ok_or(Bail(line!(), 0))?;
        match t.kind() {
            TokenKind::Name
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::String
            | TokenKind::FStringStart
            | TokenKind::FStringMiddle
            | TokenKind::FStringEnd
            | TokenKind::TStringStart
            | TokenKind::TStringMiddle
            | TokenKind::TStringEnd
            | TokenKind::IpyEscapeCommand => return Err(Bail(line!(), 0)),
            _ => {}
        }
        self.push(kind, field, 0, range.start().to_u32(), range.end().to_u32());
        Ok(())
    }

    /// The position of the next significant token.
    fn next_start(&self) -> Option<u32> {
        self.peek().map(|t| t.start().to_u32())
    }

    // ---- depth ----

    fn enter(&mut self) -> Built {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.too_deep = true;
            return Err(Bail(line!(), 0));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ---- statements ----

    fn module(&mut self, module: &ast::ModModule) -> Built {
        let id = self.push(self.k.module, 0, NAMED, 0, 0);
        self.open.push((id, self.pending.len()));
        for stmt in &module.body {
            self.statement(stmt)?;
        }
        self.gap(self.src.len() as u32)?;
        let &(_, from) = self.open.last().ok_or(Bail(line!(), 0))?;
        // A module of blanks only is empty at its end.
        let start = self
            .pending
            .get(from)
            .map_or(self.src.len() as u32, |&first| {
                self.nodes[first as usize].start
            });
        self.seal(start, self.src.len() as u32);
        if self.tokens[self.next..]
            .iter()
            .any(|t| !is_trivia(t.kind()) && t.kind() != TokenKind::EndOfFile)
        {
            return Err(Bail(line!(), 0));
        }
        Ok(())
    }

    fn statement(&mut self, stmt: &Stmt) -> Built {
        while self.peek().map(Token::kind) == Some(TokenKind::Semi) {
            self.token(0)?;
        }
        self.enter()?;
        self.statement_inner(stmt)?;
        self.leave();
        // A `;` after a statement belongs to its line, in the parent.
        while self.peek().map(Token::kind) == Some(TokenKind::Semi) {
            self.token(0)?;
        }
        Ok(())
    }

    fn statement_inner(&mut self, stmt: &Stmt) -> Built {
        let k = self.k;
        // `type(x).y = z` is a type alias statement to tree-sitter.
        if matches!(
            stmt,
            Stmt::Assign(_) | Stmt::AugAssign(_) | Stmt::AnnAssign(_)
        ) {
            let mut next = self.tokens[self.next..]
                .iter()
                .filter(|t| significant(t.kind()));
            if let (Some(first), Some(second)) = (next.next(), next.next())
                && first.kind() == TokenKind::Name
                && &self.src[first.range()] == "type"
                && matches!(second.kind(), TokenKind::Lpar | TokenKind::Lsqb)
            {
                return Err(Bail(line!(), 0));
            }
        }
        let end = stmt.end().to_u32();
        match stmt {
            Stmt::Expr(s) => {
                self.py2_statement(s.start().to_u32())?;
                self.open(k.expression_statement, 0)?;
                match &*s.value {
                    Expr::Tuple(t) if !t.parenthesized => {
                        bare_tuple(t)?;
                        self.elements(&t.elts, 0)?
                    }
                    value => self.expression(value, 0)?,
                }
                self.close_at(end)
            }
            Stmt::Assign(s) => {
                self.open(k.expression_statement, 0)?;
                for target in &s.targets {
                    self.open(k.assignment, self.field_if_nested(F.right))?;
                    self.left_hand_side(target, F.left)?;
                    self.expect(TokenKind::Equal, 0)?;
                }
                self.expressions(&s.value, F.right)?;
                for _ in &s.targets {
                    self.close()?;
                }
                self.close_at(end)
            }
            Stmt::AugAssign(s) => {
                self.open(k.expression_statement, 0)?;
                self.open(k.augmented_assignment, 0)?;
                self.left_hand_side(&s.target, F.left)?;
                self.token(F.operator)?;
                self.expressions(&s.value, F.right)?;
                self.close()?;
                self.close_at(end)
            }
            Stmt::AnnAssign(s) => {
                self.open(k.expression_statement, 0)?;
                self.open(k.assignment, 0)?;
                self.left_hand_side(&s.target, F.left)?;
                self.expect(TokenKind::Colon, 0)?;
                self.type_(&s.annotation, F.type_)?;
                if let Some(value) = &s.value {
                    self.expect(TokenKind::Equal, 0)?;
                    self.expressions(value, F.right)?;
                }
                self.close()?;
                self.close_at(end)
            }
            Stmt::Pass(_) => self.keyword_statement(k.pass_statement, end),
            Stmt::Break(_) => self.keyword_statement(k.break_statement, end),
            Stmt::Continue(_) => self.keyword_statement(k.continue_statement, end),
            Stmt::Return(s) => {
                self.open(k.return_statement, 0)?;
                self.token(0)?;
                if let Some(value) = &s.value {
                    self.expressions(value, 0)?;
                }
                self.close_at(end)
            }
            Stmt::Delete(s) => {
                self.open(k.delete_statement, 0)?;
                self.token(0)?;
                let trailing_comma = self.tokens[self.next..]
                    .iter()
                    .rfind(|t| t.end().to_u32() <= end && !is_trivia(t.kind()))
                    .is_some_and(|t| t.kind() == TokenKind::Comma);
                if let [one] = s.targets.as_slice()
                    && !trailing_comma
                {
                    self.expression(one, 0)?;
                } else {
                    self.open(k.expression_list, 0)?;
                    self.elements(&s.targets, 0)?;
                    self.close_at(end)?;
                }
                self.close_at(end)
            }
            Stmt::Global(s) => self.names_statement(k.global_statement, &s.names, end),
            Stmt::Nonlocal(s) => self.names_statement(k.nonlocal_statement, &s.names, end),
            Stmt::Raise(s) => {
                self.open(k.raise_statement, 0)?;
                self.token(0)?;
                if let Some(exc) = &s.exc {
                    self.expressions(exc, 0)?;
                }
                if let Some(cause) = &s.cause {
                    self.expect(TokenKind::From, 0)?;
                    self.expression(cause, F.cause)?;
                }
                self.close_at(end)
            }
            Stmt::Assert(s) => {
                self.open(k.assert_statement, 0)?;
                self.token(0)?;
                self.expression(&s.test, 0)?;
                if let Some(msg) = &s.msg {
                    self.expect(TokenKind::Comma, 0)?;
                    self.expression(msg, 0)?;
                }
                self.close_at(end)
            }
            Stmt::Import(s) => {
                if s.is_lazy {
                    return Err(Bail(line!(), 0));
                }
                self.open(k.import_statement, 0)?;
                self.token(0)?;
                for alias in &s.names {
                    self.import_alias(alias)?;
                }
                self.close_at(end)
            }
            Stmt::ImportFrom(s) => self.import_from(s, end),
            Stmt::If(s) => {
                self.open(k.if_statement, 0)?;
                self.token(0)?;
                self.expression(&s.test, F.condition)?;
                self.suite(&s.body, F.consequence)?;
                for clause in &s.elif_else_clauses {
                    match &clause.test {
                        Some(test) => {
                            self.open(k.elif_clause, F.alternative)?;
                            self.token(0)?;
                            self.expression(test, F.condition)?;
                            self.suite(&clause.body, F.consequence)?;
                        }
                        None => {
                            self.open(k.else_clause, F.alternative)?;
                            self.token(0)?;
                            self.suite(&clause.body, F.body)?;
                        }
                    }
                    self.close()?;
                }
                self.close()
            }
            Stmt::While(s) => {
                self.open(k.while_statement, 0)?;
                self.token(0)?;
                self.expression(&s.test, F.condition)?;
                self.suite(&s.body, F.body)?;
                self.else_clause(&s.orelse, F.alternative)?;
                self.close()
            }
            Stmt::For(s) => {
                self.open(k.for_statement, 0)?;
                if s.is_async {
                    self.token(0)?;
                }
                self.token(0)?;
                self.left_hand_side(&s.target, F.left)?;
                self.expect(TokenKind::In, 0)?;
                self.expressions(&s.iter, F.right)?;
                self.suite(&s.body, F.body)?;
                self.else_clause(&s.orelse, F.alternative)?;
                self.close()
            }
            Stmt::Try(s) => {
                self.open(k.try_statement, 0)?;
                self.token(0)?;
                self.suite(&s.body, F.body)?;
                for handler in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    self.open(k.except_clause, 0)?;
                    self.token(0)?;
                    if s.is_star {
                        self.expect(TokenKind::Star, 0)?;
                        // tree-sitter shows `except*`'s star as an alias.
                        let id = *self.pending.last().ok_or(Bail(line!(), 0))?;
                        self.nodes[id as usize].flags |= INHERITS;
                    }
                    if let Some(type_) = &h.type_ {
                        match &h.name {
                            Some(name) => {
                                self.open(k.as_pattern, F.value)?;
                                self.expression(type_, 0)?;
                                self.expect(TokenKind::As, 0)?;
                                self.open(k.as_pattern_target, F.alias)?;
                                self.identifier(name, 0)?;
                                self.close()?;
                                self.close()?;
                            }
                            // `except A, B:` (Python 3.14): each a value.
                            None => match &**type_ {
                                Expr::Tuple(t) if !t.parenthesized && !self.wrapped(type_) => {
                                    self.elements(&t.elts, F.value)?
                                }
                                _ => self.expression(type_, F.value)?,
                            },
                        }
                    }
                    self.suite(&h.body, 0)?;
                    self.close()?;
                }
                self.else_clause(&s.orelse, 0)?;
                if !s.finalbody.is_empty() {
                    self.open(k.finally_clause, 0)?;
                    self.token(0)?;
                    self.suite(&s.finalbody, 0)?;
                    self.close()?;
                }
                self.close()
            }
            Stmt::With(s) => {
                self.open(k.with_statement, 0)?;
                if s.is_async {
                    self.token(0)?;
                }
                self.token(0)?;
                self.open(k.with_clause, 0)?;
                let body_colon = s.body.first().map_or(end, |b| b.start().to_u32());
                let parenthesized = self.peek().map(Token::kind) == Some(TokenKind::Lpar)
                    && self.with_items_parenthesized(s, body_colon);
                if parenthesized {
                    self.token(0)?;
                } else if let [item] = s.items.as_slice()
                    && item.optional_vars.is_some()
                    && self.peek().map(Token::kind) == Some(TokenKind::Lpar)
                    && self.next_start() != Some(self.outer_start(&item.context_expr))
                {
                    // `with (a as b):` is read its own way by tree-sitter.
                    return Err(Bail(line!(), 0));
                }
                for item in &s.items {
                    self.commas()?;
                    self.open(k.with_item, 0)?;
                    match &item.optional_vars {
                        Some(vars) => {
                            // `a if b else c as d`: tree-sitter puts the
                            // `as` inside the conditional.
                            if matches!(&item.context_expr, Expr::If(_) | Expr::Lambda(_))
                                && !self.wrapped(&item.context_expr)
                            {
                                return Err(Bail(line!(), 0));
                            }
                            self.open(k.as_pattern, F.value)?;
                            self.expression(&item.context_expr, 0)?;
                            self.expect(TokenKind::As, 0)?;
                            self.open(k.as_pattern_target, F.alias)?;
                            self.expression(vars, 0)?;
                            self.close()?;
                            self.close()?;
                        }
                        None => self.expression(&item.context_expr, F.value)?,
                    }
                    self.close()?;
                }
                if parenthesized {
                    self.commas()?;
                    self.expect(TokenKind::Rpar, 0)?;
                }
                self.close()?;
                self.suite(&s.body, F.body)?;
                self.close()
            }
            Stmt::FunctionDef(s) => {
                if s.decorator_list.is_empty() {
                    self.function(s)
                } else {
                    self.open(k.decorated_definition, 0)?;
                    self.decorators(&s.decorator_list)?;
                    self.function(s)?;
                    self.close()
                }
            }
            Stmt::ClassDef(s) => {
                if s.decorator_list.is_empty() {
                    self.class(s)
                } else {
                    self.open(k.decorated_definition, 0)?;
                    self.decorators(&s.decorator_list)?;
                    self.class(s)?;
                    self.close()
                }
            }
            Stmt::Match(_) | Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => {
                Err(Bail(line!(), 0))
            }
        }
    }

    /// The field of a chained assignment's inner `assignment` (its parent's
    /// right side); the outermost has none.
    fn field_if_nested(&self, field: u16) -> u16 {
        match self.open.last() {
            Some(&(id, _)) if self.nodes[id as usize].kind == self.k.assignment => field,
            _ => 0,
        }
    }

    /// `print x` and `exec code` are statements to tree-sitter (Python 2's
    /// grammar), where ruff may read an expression.
    fn py2_statement(&self, start: u32) -> Built {
        let Some(at) = self.tokens[self.next..]
            .iter()
            .position(|t| t.start().to_u32() >= start)
        else {
            return Ok(());
        };
        let first = &self.tokens[self.next + at];
        if first.kind() == TokenKind::Name && matches!(&self.src[first.range()], "print" | "exec") {
            let second = self.tokens[self.next + at + 1..]
                .iter()
                .find(|t| significant(t.kind()));
            if second.is_none_or(|t| t.kind() != TokenKind::Lpar) {
                return Err(Bail(line!(), 0));
            }
        }
        Ok(())
    }

    fn keyword_statement(&mut self, kind: u16, end: u32) -> Built {
        self.open(kind, 0)?;
        self.token(0)?;
        self.close_at(end)
    }

    fn names_statement(&mut self, kind: u16, names: &[ast::Identifier], end: u32) -> Built {
        self.open(kind, 0)?;
        self.token(0)?;
        for name in names {
            self.identifier(name, 0)?;
        }
        self.close_at(end)
    }

    fn else_clause(&mut self, body: &[Stmt], field: u16) -> Built {
        if body.is_empty() {
            return Ok(());
        }
        self.open(self.k.else_clause, field)?;
        self.token(0)?;
        self.suite(body, F.body)?;
        self.close()
    }

    fn decorators(&mut self, decorators: &[ast::Decorator]) -> Built {
        for decorator in decorators {
            self.open(self.k.decorator, 0)?;
            self.expect(TokenKind::At, 0)?;
            self.expression(&decorator.expression, 0)?;
            self.gap(decorator.end().to_u32())?;
            // A comment on the decorator's line is inside it, before its
            // newline.
            self.trailing_same_line()?;
            self.close()?;
        }
        Ok(())
    }

    fn function(&mut self, s: &ast::StmtFunctionDef) -> Built {
        if s.type_params.is_some() {
            return Err(Bail(line!(), 0));
        }
        let field = if s.decorator_list.is_empty() {
            0
        } else {
            F.definition
        };
        self.open(self.k.function_definition, field)?;
        if s.is_async {
            self.token(0)?;
        }
        self.expect(TokenKind::Def, 0)?;
        self.identifier(&s.name, F.name)?;
        self.open(self.k.parameters, F.parameters)?;
        self.expect(TokenKind::Lpar, 0)?;
        self.parameters(&s.parameters)?;
        self.expect(TokenKind::Rpar, 0)?;
        self.close()?;
        if let Some(returns) = &s.returns {
            self.expect(TokenKind::Rarrow, 0)?;
            self.type_(returns, F.return_type)?;
        }
        self.suite(&s.body, F.body)?;
        self.close()
    }

    fn class(&mut self, s: &ast::StmtClassDef) -> Built {
        if s.type_params.is_some() {
            return Err(Bail(line!(), 0));
        }
        let field = if s.decorator_list.is_empty() {
            0
        } else {
            F.definition
        };
        self.open(self.k.class_definition, field)?;
        self.expect(TokenKind::Class, 0)?;
        self.identifier(&s.name, F.name)?;
        if let Some(arguments) = &s.arguments {
            self.arguments(arguments, F.superclasses)?;
        }
        self.suite(&s.body, F.body)?;
        self.close()
    }

    /// `:` and a body: a block of its own lines, or of statements on the
    /// colon's line (tree-sitter's `_simple_statements` shown as a block).
    fn suite(&mut self, body: &[Stmt], field: u16) -> Built {
        self.expect(TokenKind::Colon, 0)?;
        let first = body.first().ok_or(Bail(line!(), 0))?;
        let first_start = first.start().to_u32();
        let inline = !self.tokens[self.next..]
            .iter()
            .take_while(|t| t.start().to_u32() < first_start)
            .any(|t| t.kind() == TokenKind::Indent);
        // Comments before the first statement's line belong to the parent.
        self.gap(first_start)?;
        if inline {
            self.open_flags(self.k.block, field, NAMED | INHERITS)?;
            for stmt in body {
                self.statement(stmt)?;
            }
            // A comment on the same line is inside, before the newline.
            self.trailing_same_line()?;
            return self.close();
        }
        let indent = self.indent_of(first_start);
        self.open(self.k.block, field)?;
        for stmt in body {
            self.statement(stmt)?;
        }
        self.trailing_same_line()?;
        // Comments on later lines stay in the block while they are
        // indented at least as deep as it (tree-sitter's scanner waits for
        // them before it closes the block).
        while let Some(t) = self.tokens.get(self.next) {
            match t.kind() {
                kind if is_trivia(kind) => self.next += 1,
                TokenKind::Comment if self.indent_of(t.start().to_u32()) >= indent => {
                    let end = t.end().to_u32();
                    self.gap(end)?;
                }
                _ => break,
            }
        }
        self.close()
    }

    /// Places the comment that follows on the same line, if any.
    fn trailing_same_line(&mut self) -> Built {
        let Some(t) = self.tokens.get(self.next) else {
            return Ok(());
        };
        if t.kind() == TokenKind::Comment
            && !self.src.as_bytes()[self.last_end as usize..t.start().to_usize()].contains(&b'\n')
        {
            self.gap(t.end().to_u32())?;
        }
        Ok(())
    }

    /// The indentation of the line `at` is on, counted as tree-sitter's
    /// scanner counts it (a tab is 8, a form feed starts again).
    fn indent_of(&self, at: u32) -> u32 {
        let bytes = self.src.as_bytes();
        let line = bytes[..at as usize]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |nl| nl + 1);
        let mut indent = 0;
        for &b in &bytes[line..at as usize] {
            match b {
                b' ' => indent += 1,
                b'\t' => indent += 8,
                b'\x0c' | b'\r' => indent = 0,
                _ => return u32::MAX,
            }
        }
        indent
    }

    fn import_alias(&mut self, alias: &ast::Alias) -> Built {
        self.commas()?;
        match &alias.asname {
            Some(asname) => {
                self.open(self.k.aliased_import, F.name)?;
                self.dotted_name(&alias.name, F.name)?;
                self.expect(TokenKind::As, 0)?;
                self.identifier(asname, F.alias)?;
                self.close()
            }
            None => self.dotted_name(&alias.name, F.name),
        }
    }

    fn dotted_name(&mut self, name: &ast::Identifier, field: u16) -> Built {
        let end = name.end().to_u32();
        self.open(self.k.dotted_name, field)?;
        while let Some(t) = self.peek() {
            if t.start().to_u32() >= end {
                break;
            }
            match t.kind() {
                TokenKind::Dot => self.token(0)?,
                kind if kind == TokenKind::Name || kind.is_keyword() => {
                    self.leaf(self.k.identifier, 0, t.start().to_u32(), t.end().to_u32())?
                }
                _ => return Err(Bail(line!(), 0)),
            }
        }
        self.close()
    }

    fn import_from(&mut self, s: &ast::StmtImportFrom, end: u32) -> Built {
        let k = self.k;
        if s.is_lazy {
            return Err(Bail(line!(), 0));
        }
        let future = s.level == 0
            && s.module
                .as_ref()
                .is_some_and(|m| m.as_str() == "__future__");
        if future {
            self.open(k.future_import_statement, 0)?;
            self.token(0)?;
            // `__future__` is a keyword to tree-sitter.
            let module = s.module.as_ref().ok_or(Bail(line!(), 0))?;
            let (start, end) = (module.start().to_u32(), module.end().to_u32());
            self.gap(start)?;
            self.push(k.anonymous.future, 0, 0, start, end);
            self.skip_to(end);
        } else {
            self.open(k.import_from_statement, 0)?;
            self.token(0)?;
            if s.level > 0 {
                self.open(k.relative_import, F.module_name)?;
                self.open(k.import_prefix, 0)?;
                let mut dots = 0;
                while dots < s.level {
                    match self.peek().map(Token::kind) {
                        Some(TokenKind::Dot) => {
                            dots += 1;
                            self.token(0)?;
                        }
                        // `...` is one token to ruff, three dots to
                        // tree-sitter here.
                        Some(TokenKind::Ellipsis) => {
                            let at = self.next_start().ok_or(Bail(line!(), 0))?;
                            self.gap(at)?;
                            for i in 0..3 {
                                self.push(self.k.anonymous.dot, 0, 0, at + i, at + i + 1);
                            }
                            self.skip_to(at + 3);
                            dots += 3;
                        }
                        _ => return Err(Bail(line!(), 0)),
                    }
                }
                self.close()?;
                if let Some(module) = &s.module {
                    self.dotted_name(module, 0)?;
                }
                self.close()?;
            } else {
                self.dotted_name(s.module.as_ref().ok_or(Bail(line!(), 0))?, F.module_name)?;
            }
        }
        self.expect(TokenKind::Import, 0)?;
        if let [alias] = s.names.as_slice()
            && alias.name.as_str() == "*"
        {
            self.open(k.wildcard_import, 0)?;
            self.token(0)?;
            self.close()?;
        } else {
            if self.peek().map(Token::kind) == Some(TokenKind::Lpar) {
                self.token(0)?;
            }
            for alias in &s.names {
                self.import_alias(alias)?;
            }
        }
        self.close_at(end)
    }

    fn with_items_parenthesized(&self, s: &ast::StmtWith, body: u32) -> bool {
        // The bracket is the clause's own when it closes right before the
        // colon and no item starts before it.
        let Some(first) = s.items.first() else {
            return false;
        };
        // One item in brackets: tree-sitter reads them its own way.
        if s.items.len() == 1 {
            return false;
        }
        let open = self.peek().expect("peeked").start().to_u32();
        if first.context_expr.start().to_u32() == open {
            return false;
        }
        let colon = self.tokens[self.next..]
            .iter()
            .filter(|t| t.start().to_u32() < body)
            .rev()
            .find(|t| t.kind() == TokenKind::Colon);
        let close = colon.and_then(|c| {
            self.tokens[self.next..]
                .iter()
                .filter(|t| t.end() <= c.start() && !is_trivia(t.kind()))
                .rev()
                .find(|t| t.kind() != TokenKind::Comment)
        });
        close.is_some_and(|t| t.kind() == TokenKind::Rpar)
    }

    // ---- parameters and arguments ----

    fn parameters(&mut self, p: &ast::Parameters) -> Built {
        let k = self.k;
        for param in p.posonlyargs.iter().chain(&p.args) {
            self.separators(param.start().to_u32())?;
            self.parameter_with_default(param)?;
        }
        if let Some(vararg) = &p.vararg {
            self.separators(vararg.start().to_u32())?;
            self.splat_parameter(vararg, k.list_splat_pattern)?;
        }
        for param in &p.kwonlyargs {
            self.separators(param.start().to_u32())?;
            self.parameter_with_default(param)?;
        }
        if let Some(kwarg) = &p.kwarg {
            self.separators(kwarg.start().to_u32())?;
            self.splat_parameter(kwarg, k.dictionary_splat_pattern)?;
        }
        self.separators(p.end().to_u32())
    }

    /// Commas, and the bare `/` and `*` between parameters, before `pos`.
    fn separators(&mut self, pos: u32) -> Built {
        while let Some(t) = self.peek() {
            if t.start().to_u32() >= pos {
                break;
            }
            let kind = match t.kind() {
                TokenKind::Slash => self.k.positional_separator,
                TokenKind::Star => self.k.keyword_separator,
                TokenKind::Comma => {
                    self.token(0)?;
                    continue;
                }
                _ => break,
            };
            self.open(kind, 0)?;
            self.token(0)?;
            self.close()?;
        }
        Ok(())
    }

    fn parameter_with_default(&mut self, p: &ast::ParameterWithDefault) -> Built {
        let k = self.k;
        let param = &p.parameter;
        match (&param.annotation, &p.default) {
            (None, None) => self.identifier(&param.name, 0),
            (None, Some(default)) => {
                self.open(k.default_parameter, 0)?;
                self.identifier(&param.name, F.name)?;
                self.expect(TokenKind::Equal, 0)?;
                self.expression(default, F.value)?;
                self.close()
            }
            (Some(annotation), None) => {
                self.open(k.typed_parameter, 0)?;
                self.identifier(&param.name, 0)?;
                self.expect(TokenKind::Colon, 0)?;
                self.type_(annotation, F.type_)?;
                self.close()
            }
            (Some(annotation), Some(default)) => {
                self.open(k.typed_default_parameter, 0)?;
                self.identifier(&param.name, F.name)?;
                self.expect(TokenKind::Colon, 0)?;
                self.type_(annotation, F.type_)?;
                self.expect(TokenKind::Equal, 0)?;
                self.expression(default, F.value)?;
                self.close()
            }
        }
    }

    fn splat_parameter(&mut self, param: &ast::Parameter, kind: u16) -> Built {
        let splat = |b: &mut Self| -> Built {
            b.open(kind, 0)?;
            b.token(0)?;
            b.identifier(&param.name, 0)?;
            b.close()
        };
        match &param.annotation {
            None => splat(self),
            Some(annotation) => {
                self.open(self.k.typed_parameter, 0)?;
                splat(self)?;
                self.expect(TokenKind::Colon, 0)?;
                self.type_(annotation, F.type_)?;
                self.close()
            }
        }
    }

    fn lambda_parameters(&mut self, p: &ast::Parameters) -> Built {
        self.open(self.k.lambda_parameters, F.parameters)?;
        self.parameters(p)?;
        self.close()
    }

    fn arguments(&mut self, a: &ast::Arguments, field: u16) -> Built {
        let k = self.k;
        // `f(x for x in y)`: the generator's brackets are the call's.
        if let ([Expr::Generator(g)], []) = (&*a.args, &*a.keywords)
            && !g.parenthesized
        {
            self.open(k.generator_expression, field)?;
            self.expect(TokenKind::Lpar, 0)?;
            self.comprehension_body(&g.elt, &g.generators)?;
            self.expect(TokenKind::Rpar, 0)?;
            return self.close();
        }
        self.open(k.argument_list, field)?;
        self.expect(TokenKind::Lpar, 0)?;
        for arg in a.iter_source_order() {
            self.commas()?;
            match arg {
                ast::ArgOrKeyword::Arg(e) => self.expression(e, 0)?,
                ast::ArgOrKeyword::Keyword(kw) => match &kw.arg {
                    Some(name) => {
                        self.open(k.keyword_argument, 0)?;
                        self.identifier(name, F.name)?;
                        self.expect(TokenKind::Equal, 0)?;
                        self.expression(&kw.value, F.value)?;
                        self.close()?;
                    }
                    None => self.dictionary_splat(&kw.value)?,
                },
            }
        }
        self.close_at(a.end().to_u32())
    }

    /// `**value`, in a call's arguments or a dictionary.
    fn dictionary_splat(&mut self, value: &Expr) -> Built {
        self.open(self.k.dictionary_splat, 0)?;
        self.expect(TokenKind::DoubleStar, 0)?;
        self.expression(value, 0)?;
        self.close()
    }

    // ---- expressions ----

    fn identifier(&mut self, name: &ast::Identifier, field: u16) -> Built {
        self.leaf(
            self.k.identifier,
            field,
            name.start().to_u32(),
            name.end().to_u32(),
        )
    }

    /// Elements with the commas between them, in the open node.
    fn elements(&mut self, elements: &[Expr], field: u16) -> Built {
        for e in elements {
            self.expression(e, field)?;
        }
        Ok(())
    }

    /// tree-sitter's `_expressions`: a bare tuple is an `expression_list`.
    fn expressions(&mut self, e: &Expr, field: u16) -> Built {
        match e {
            Expr::Tuple(t) if !t.parenthesized && !self.wrapped(e) => {
                bare_tuple(t)?;
                self.open(self.k.expression_list, field)?;
                self.elements(&t.elts, 0)?;
                self.close_at(t.end().to_u32())
            }
            _ => self.expression(e, field),
        }
    }

    /// How many pairs of brackets, not yet placed, wrap `e`.
    fn parentheses(&self, e: &Expr) -> usize {
        let start = e.start().to_u32();
        let end = e.end().to_u32();
        let mut left = 0;
        let mut at = self.next;
        while let Some(t) = self.tokens.get(at) {
            if t.start().to_u32() >= start {
                break;
            }
            match t.kind() {
                TokenKind::Lpar => left += 1,
                kind if !significant(kind) => {}
                _ => left = 0,
            }
            at += 1;
        }
        if left == 0 {
            return 0;
        }
        // The tokens after `e`.
        let after = self.tokens[at..].partition_point(|t| t.start().to_u32() < end);
        let right = self.tokens[at + after..]
            .iter()
            .filter(|t| significant(t.kind()))
            .take_while(|t| t.kind() == TokenKind::Rpar)
            .count();
        left.min(right)
    }

    /// Where `e` starts with the brackets that wrap it.
    fn outer_start(&self, e: &Expr) -> u32 {
        let wraps = self.parentheses(e);
        if wraps == 0 {
            return e.start().to_u32();
        }
        let start = e.start().to_u32();
        let before = self.tokens[self.next..].partition_point(|t| t.start().to_u32() < start);
        self.tokens[self.next..self.next + before]
            .iter()
            .rev()
            .filter(|t| t.kind() == TokenKind::Lpar)
            .nth(wraps - 1)
            .map_or(start, |t| t.start().to_u32())
    }

    /// Places the commas (and what else comes) before the next item.
    fn commas(&mut self) -> Built {
        while self.peek().map(Token::kind) == Some(TokenKind::Comma) {
            self.token(0)?;
        }
        Ok(())
    }

    fn wrapped(&self, e: &Expr) -> bool {
        self.parentheses(e) > 0
    }

    fn expression(&mut self, e: &Expr, field: u16) -> Built {
        self.gap(self.outer_start(e))?;
        self.enter()?;
        let built = self.expression_wrapped(e, field);
        self.leave();
        built
    }

    fn expression_wrapped(&mut self, e: &Expr, field: u16) -> Built {
        let wraps = self.parentheses(e);
        if wraps == 0 {
            return self.expression_inner(e, field);
        }
        for i in 0..wraps {
            self.open(
                self.k.parenthesized_expression,
                if i == 0 { field } else { 0 },
            )?;
            self.expect(TokenKind::Lpar, 0)?;
        }
        match e {
            // A bare tuple or yield's list inside brackets.
            Expr::Tuple(t) if !t.parenthesized => {
                self.open(self.k.expression_list, 0)?;
                self.elements(&t.elts, 0)?;
                self.close_at(t.end().to_u32())?;
            }
            _ => self.expression_inner(e, 0)?,
        }
        for _ in 0..wraps {
            self.expect(TokenKind::Rpar, 0)?;
            self.close()?;
        }
        Ok(())
    }

    fn expression_inner(&mut self, e: &Expr, field: u16) -> Built {
        let k = self.k;
        let end = e.end().to_u32();
        match e {
            Expr::Name(n) => self.leaf(k.identifier, field, n.start().to_u32(), end),
            Expr::NumberLiteral(n) => {
                let text = &self.src[n.range()];
                let kind = if is_float(text) { k.float } else { k.integer };
                self.leaf(kind, field, n.start().to_u32(), end)
            }
            Expr::BooleanLiteral(b) => {
                let kind = if b.value { k.true_ } else { k.false_ };
                self.leaf(kind, field, b.start().to_u32(), end)
            }
            Expr::NoneLiteral(n) => self.leaf(k.none, field, n.start().to_u32(), end),
            Expr::EllipsisLiteral(n) => self.leaf(k.ellipsis, field, n.start().to_u32(), end),
            Expr::StringLiteral(s) => {
                let parts: Vec<Part<'_>> = s.value.iter().map(Part::Plain).collect();
                self.strings(&parts, field, end)
            }
            Expr::BytesLiteral(s) => {
                let parts: Vec<Part<'_>> = s.value.iter().map(Part::Bytes).collect();
                self.strings(&parts, field, end)
            }
            Expr::FString(s) => {
                let parts: Vec<Part<'_>> = s
                    .value
                    .iter()
                    .map(|p| match p {
                        ast::FStringPart::Literal(l) => Part::Plain(l),
                        ast::FStringPart::FString(f) => Part::Format(f),
                    })
                    .collect();
                self.strings(&parts, field, end)
            }
            Expr::TString(_) | Expr::IpyEscapeCommand(_) => Err(Bail(line!(), 0)),
            Expr::Attribute(a) => {
                self.open(k.attribute, field)?;
                self.expression(&a.value, F.object)?;
                self.expect(TokenKind::Dot, 0)?;
                self.identifier(&a.attr, F.attribute)?;
                self.close()
            }
            Expr::Call(c) => {
                self.open(k.call, field)?;
                self.expression(&c.func, F.function)?;
                self.arguments(&c.arguments, F.arguments)?;
                self.close()
            }
            Expr::Subscript(s) => {
                self.open(k.subscript, field)?;
                self.expression(&s.value, F.value)?;
                self.expect(TokenKind::Lsqb, 0)?;
                match &*s.slice {
                    Expr::Tuple(t) if !t.parenthesized && !self.wrapped(&s.slice) => {
                        bare_tuple(t)?;
                        self.elements(&t.elts, F.subscript)?
                    }
                    slice => self.expression(slice, F.subscript)?,
                }
                self.close_at(end)
            }
            Expr::Slice(s) => {
                self.open(k.slice, field)?;
                // The colons are placed between the parts there are.
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.expression(part, 0)?;
                }
                self.close_at(end)
            }
            Expr::Starred(s) => {
                self.open(k.list_splat, field)?;
                self.expect(TokenKind::Star, 0)?;
                self.expression(&s.value, 0)?;
                self.close()
            }
            Expr::BinOp(b) => {
                // `&` binds tighter than `^` in Python, looser in
                // tree-sitter-python.
                if b.op == ast::Operator::BitXor
                    && [&b.left, &b.right].iter().any(|o| {
                        matches!(&***o, Expr::BinOp(i) if i.op == ast::Operator::BitAnd)
                            && !self.wrapped(o)
                    })
                {
                    return Err(Bail(line!(), 0));
                }
                self.open(k.binary_operator, field)?;
                self.expression(&b.left, F.left)?;
                self.token(F.operator)?;
                self.expression(&b.right, F.right)?;
                self.close()
            }
            Expr::UnaryOp(u) => {
                if u.op == ast::UnaryOp::Not {
                    self.open(k.not_operator, field)?;
                    self.token(0)?;
                } else {
                    self.open(k.unary_operator, field)?;
                    self.token(F.operator)?;
                }
                self.expression(&u.operand, F.argument)?;
                self.close()
            }
            Expr::BoolOp(b) => {
                let (first, rest) = b.values.split_first().ok_or(Bail(line!(), 0))?;
                for _ in rest {
                    self.open(k.boolean_operator, 0)?;
                }
                self.expression(first, F.left)?;
                let count = rest.len();
                for (i, value) in rest.iter().enumerate() {
                    self.token(F.operator)?;
                    self.expression(value, F.right)?;
                    // The outermost operator holds the field asked for.
                    if i + 1 == count {
                        let (id, _) = *self.open.last().ok_or(Bail(line!(), 0))?;
                        self.nodes[id as usize].field = field;
                    } else {
                        let (id, _) = *self.open.last().ok_or(Bail(line!(), 0))?;
                        self.nodes[id as usize].field = F.left;
                    }
                    self.close()?;
                }
                Ok(())
            }
            Expr::Compare(c) => {
                self.open(k.comparison_operator, field)?;
                self.expression(&c.left, 0)?;
                for (op, right) in c.ops.iter().zip(&c.comparators) {
                    match op {
                        ast::CmpOp::NotIn | ast::CmpOp::IsNot => {
                            let kind = if *op == ast::CmpOp::NotIn {
                                k.anonymous.not_in
                            } else {
                                k.anonymous.is_not
                            };
                            self.open_flags(kind, F.operators, 0)?;
                            self.token(0)?;
                            self.token(0)?;
                            self.close()?;
                        }
                        _ => self.token(F.operators)?,
                    }
                    self.expression(right, 0)?;
                }
                self.close()
            }
            Expr::Named(n) => {
                // tree-sitter reads `a := b if c else d` as `(a := b) if ...`.
                if matches!(&*n.value, Expr::If(_) | Expr::Lambda(_)) && !self.wrapped(&n.value) {
                    return Err(Bail(line!(), 0));
                }
                self.open(k.named_expression, field)?;
                self.expression(&n.target, F.name)?;
                self.expect(TokenKind::ColonEqual, 0)?;
                self.expression(&n.value, F.value)?;
                self.close()
            }
            Expr::Lambda(l) => {
                self.open(k.lambda, field)?;
                self.expect(TokenKind::Lambda, 0)?;
                if let Some(p) = &l.parameters {
                    self.lambda_parameters(p)?;
                }
                self.expect(TokenKind::Colon, 0)?;
                self.expression(&l.body, F.body)?;
                self.close()
            }
            Expr::If(i) => {
                self.open(k.conditional_expression, field)?;
                self.expression(&i.body, 0)?;
                self.expect(TokenKind::If, 0)?;
                self.expression(&i.test, 0)?;
                self.expect(TokenKind::Else, 0)?;
                self.expression(&i.orelse, 0)?;
                self.close()
            }
            Expr::Await(a) => {
                self.open(k.await_, field)?;
                self.token(0)?;
                self.expression(&a.value, 0)?;
                self.close()
            }
            Expr::Yield(y) => {
                self.open(k.yield_, field)?;
                self.token(0)?;
                if let Some(value) = &y.value {
                    self.expressions(value, 0)?;
                }
                self.close_at(end)
            }
            Expr::YieldFrom(y) => {
                self.open(k.yield_, field)?;
                self.token(0)?;
                self.expect(TokenKind::From, 0)?;
                self.expression(&y.value, 0)?;
                self.close()
            }
            Expr::Tuple(t) => {
                self.open(k.tuple, field)?;
                if t.parenthesized {
                    self.expect(TokenKind::Lpar, 0)?;
                }
                self.elements(&t.elts, 0)?;
                self.close_at(end)
            }
            Expr::List(l) => {
                lone_splat(&l.elts)?;
                self.open(k.list, field)?;
                self.expect(TokenKind::Lsqb, 0)?;
                self.elements(&l.elts, 0)?;
                self.close_at(end)
            }
            Expr::Set(s) => {
                lone_splat(&s.elts)?;
                self.open(k.set, field)?;
                self.expect(TokenKind::Lbrace, 0)?;
                self.elements(&s.elts, 0)?;
                self.close_at(end)
            }
            Expr::Dict(d) => {
                self.open(k.dictionary, field)?;
                self.expect(TokenKind::Lbrace, 0)?;
                for item in &d.items {
                    self.commas()?;
                    match &item.key {
                        Some(key) => {
                            self.open(k.pair, 0)?;
                            self.expression(key, F.key)?;
                            self.expect(TokenKind::Colon, 0)?;
                            self.expression(&item.value, F.value)?;
                            self.close()?;
                        }
                        None => self.dictionary_splat(&item.value)?,
                    }
                }
                self.close_at(end)
            }
            Expr::ListComp(c) => {
                self.open(k.list_comprehension, field)?;
                self.expect(TokenKind::Lsqb, 0)?;
                self.comprehension_body(&c.elt, &c.generators)?;
                self.close_at(end)
            }
            Expr::SetComp(c) => {
                self.open(k.set_comprehension, field)?;
                self.expect(TokenKind::Lbrace, 0)?;
                self.comprehension_body(&c.elt, &c.generators)?;
                self.close_at(end)
            }
            Expr::Generator(g) => {
                if !g.parenthesized {
                    return Err(Bail(line!(), 0));
                }
                self.open(k.generator_expression, field)?;
                self.expect(TokenKind::Lpar, 0)?;
                self.comprehension_body(&g.elt, &g.generators)?;
                self.close_at(end)
            }
            Expr::DictComp(c) => {
                self.open(k.dictionary_comprehension, field)?;
                self.expect(TokenKind::Lbrace, 0)?;
                self.open(k.pair, F.body)?;
                self.expression(c.key.as_deref().ok_or(Bail(line!(), 0))?, F.key)?;
                self.expect(TokenKind::Colon, 0)?;
                self.expression(&c.value, F.value)?;
                self.close()?;
                self.comprehension_clauses(&c.generators)?;
                self.close_at(end)
            }
        }
    }

    fn comprehension_body(&mut self, elt: &Expr, generators: &[ast::Comprehension]) -> Built {
        self.expression(elt, F.body)?;
        self.comprehension_clauses(generators)
    }

    fn comprehension_clauses(&mut self, generators: &[ast::Comprehension]) -> Built {
        for g in generators {
            self.open(self.k.for_in_clause, 0)?;
            if g.is_async {
                self.token(0)?;
            }
            self.expect(TokenKind::For, 0)?;
            self.left_hand_side(&g.target, F.left)?;
            self.expect(TokenKind::In, 0)?;
            self.expression(&g.iter, F.right)?;
            self.close()?;
            for cond in &g.ifs {
                self.open(self.k.if_clause, 0)?;
                self.expect(TokenKind::If, 0)?;
                self.expression(cond, 0)?;
                self.close()?;
            }
        }
        Ok(())
    }

    // ---- targets ----

    /// An assignment's or a loop's target, as tree-sitter's patterns.
    fn left_hand_side(&mut self, e: &Expr, field: u16) -> Built {
        match e {
            Expr::Tuple(t) if !t.parenthesized && !self.wrapped(e) => {
                self.open(self.k.pattern_list, field)?;
                for elt in &t.elts {
                    self.pattern(elt, 0)?;
                }
                self.close_at(t.end().to_u32())
            }
            _ => self.pattern(e, field),
        }
    }

    fn pattern(&mut self, e: &Expr, field: u16) -> Built {
        self.gap(self.outer_start(e))?;
        self.enter()?;
        let built = self.pattern_inner(e, field);
        self.leave();
        built
    }

    fn pattern_inner(&mut self, e: &Expr, field: u16) -> Built {
        let k = self.k;
        let wraps = self.parentheses(e);
        // `(a) = 1`: brackets around a target make a tuple pattern.
        if wraps > 0 {
            if wraps > 1 || matches!(e, Expr::Tuple(_)) {
                return Err(Bail(line!(), 0));
            }
            self.open(k.tuple_pattern, field)?;
            self.expect(TokenKind::Lpar, 0)?;
            self.pattern_unwrapped(e, 0)?;
            self.expect(TokenKind::Rpar, 0)?;
            return self.close();
        }
        self.pattern_unwrapped(e, field)
    }

    fn pattern_unwrapped(&mut self, e: &Expr, field: u16) -> Built {
        let k = self.k;
        match e {
            Expr::Tuple(t) => {
                let kind = if t.parenthesized {
                    k.tuple_pattern
                } else {
                    k.pattern_list
                };
                self.open(kind, field)?;
                if t.parenthesized {
                    self.expect(TokenKind::Lpar, 0)?;
                }
                for elt in &t.elts {
                    self.pattern(elt, 0)?;
                }
                self.close_at(t.end().to_u32())
            }
            Expr::List(l) => {
                self.open(k.list_pattern, field)?;
                self.expect(TokenKind::Lsqb, 0)?;
                for elt in &l.elts {
                    self.pattern(elt, 0)?;
                }
                self.close_at(l.end().to_u32())
            }
            Expr::Starred(s) => {
                // `*a.b` is `(*a).b` to tree-sitter here too.
                if !matches!(&*s.value, Expr::Name(_)) {
                    return Err(Bail(line!(), 0));
                }
                self.open(k.list_splat_pattern, field)?;
                self.expect(TokenKind::Star, 0)?;
                self.pattern(&s.value, 0)?;
                self.close()
            }
            Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) => {
                self.expression_inner(e, field)
            }
            _ => Err(Bail(line!(), 0)),
        }
    }

    // ---- types ----

    /// An annotation: tree-sitter's `type`, where `Name[...]` is a
    /// `generic_type` whose parameters are types again.
    fn type_(&mut self, e: &Expr, field: u16) -> Built {
        self.gap(self.outer_start(e))?;
        self.open(self.k.type_, field)?;
        self.type_inner(e)?;
        self.close()
    }

    fn type_inner(&mut self, e: &Expr) -> Built {
        let k = self.k;
        match e {
            Expr::Subscript(s)
                if matches!(&*s.value, Expr::Name(_))
                    && !self.wrapped(e)
                    && !self.wrapped(&s.value) =>
            {
                self.enter()?;
                self.open(k.generic_type, 0)?;
                self.expression(&s.value, 0)?;
                self.open(k.type_parameter, 0)?;
                self.expect(TokenKind::Lsqb, 0)?;
                match &*s.slice {
                    Expr::Tuple(t) if !t.parenthesized && !self.wrapped(&s.slice) => {
                        for elt in &t.elts {
                            self.type_(elt, 0)?;
                        }
                    }
                    Expr::Slice(_) | Expr::Starred(_) => return Err(Bail(line!(), 0)),
                    slice => self.type_(slice, 0)?,
                }
                self.close_at(s.end().to_u32())?;
                self.close()?;
                self.leave();
                Ok(())
            }
            // Not types to tree-sitter: syntax errors there.
            Expr::Starred(_) | Expr::Slice(_) | Expr::If(_) | Expr::Lambda(_) => {
                Err(Bail(line!(), 0))
            }
            Expr::BinOp(b) if b.op == ast::Operator::BitOr && !self.wrapped(e) => {
                let operands = self.union_operands(e);
                if self.is_generic(operands[0]) {
                    self.union(&operands)
                } else {
                    self.expression(e, 0)
                }
            }
            _ => self.expression(e, 0),
        }
    }

    /// `a | b | c` in order (ruff nests it to the left).
    fn union_operands<'e>(&self, e: &'e Expr) -> Vec<&'e Expr> {
        let mut operands = Vec::new();
        let mut at = e;
        loop {
            match at {
                Expr::BinOp(b) if b.op == ast::Operator::BitOr && !self.wrapped(at) => {
                    operands.push(&*b.right);
                    at = &b.left;
                }
                _ => {
                    operands.push(at);
                    break;
                }
            }
        }
        operands.reverse();
        operands
    }

    /// `Name[...]`, which tree-sitter reads as a `generic_type` in a type.
    fn is_generic(&self, e: &Expr) -> bool {
        matches!(e, Expr::Subscript(s) if matches!(&*s.value, Expr::Name(_)) && !self.wrapped(e) && !self.wrapped(&s.value))
    }

    /// A union whose first member is a generic type: tree-sitter's
    /// `union_type`, nested to the left while members are generic types;
    /// from the first member that is not, the rest is one expression.
    fn union(&mut self, operands: &[&Expr]) -> Built {
        let k = self.k;
        let n = operands.len();
        let generic = 1 + operands[1..]
            .iter()
            .take_while(|o| self.is_generic(o))
            .count();
        let unions = (generic - 1) + usize::from(generic < n);
        if unions == 0 {
            return self.type_inner(operands[0]);
        }
        self.enter()?;
        for u in 0..unions {
            if u > 0 {
                self.open(k.type_, 0)?;
            }
            self.open(k.union_type, 0)?;
        }
        self.type_(operands[0], 0)?;
        let mut open = unions;
        for operand in &operands[1..generic] {
            self.expect(TokenKind::Vbar, 0)?;
            self.type_(operand, 0)?;
            self.close()?;
            open -= 1;
            if open > 0 {
                self.close()?;
            }
        }
        if generic < n {
            let rest = &operands[generic..];
            self.expect(TokenKind::Vbar, 0)?;
            self.gap(self.outer_start(rest[0]))?;
            self.open(k.type_, 0)?;
            // `|` nested to the left, as an expression.
            for i in 1..rest.len() {
                let field = if i == 1 { 0 } else { F.left };
                self.open(k.binary_operator, field)?;
            }
            let first_field = if rest.len() > 1 { F.left } else { 0 };
            self.expression(rest[0], first_field)?;
            for operand in &rest[1..] {
                self.token(F.operator)?;
                self.expression(operand, F.right)?;
                self.close()?;
            }
            self.close()?;
            self.close()?;
        }
        self.leave();
        Ok(())
    }

    // ---- strings ----

    fn strings(&mut self, parts: &[Part<'_>], field: u16, end: u32) -> Built {
        match parts {
            [one] => self.string(one, field),
            _ => {
                self.open(self.k.concatenated_string, field)?;
                for part in parts {
                    self.string(part, 0)?;
                }
                self.close_at(end)
            }
        }
    }

    fn string(&mut self, part: &Part<'_>, field: u16) -> Built {
        let k = self.k;
        let (range, flags) = match part {
            Part::Plain(s) => (s.range(), s.flags.as_any_string_flags()),
            Part::Bytes(s) => (s.range(), s.flags.as_any_string_flags()),
            Part::Format(s) => (s.range(), s.flags.as_any_string_flags()),
        };
        let start = range.start().to_u32();
        let end = range.end().to_u32();
        let opener = flags.opener_len().to_u32();
        let closer = flags.closer_len().to_u32();
        let raw = flags.prefix().is_raw();
        let bytes = matches!(part, Part::Bytes(_));
        let outer_quote = self.quote;
        self.quote = flags.quote_str().as_bytes()[0];
        self.gap(start)?;
        self.open(k.string, field)?;
        self.push(k.string_start, 0, NAMED, start, start + opener);
        self.last_end = start + opener;
        let mut end_start = end - closer;
        match part {
            Part::Plain(_) | Part::Bytes(_) => {
                let content = start + opener;
                if raw && self.only_raw_escapes(content, end_start) {
                    // tree-sitter's scanner counts no content until a
                    // character other than a backslash's: the string's end
                    // takes them.
                    end_start = content;
                } else {
                    self.string_content(content, end_start, raw, bytes, false)?;
                }
            }
            Part::Format(f) => {
                // Skip the FStringStart token.
                self.next += 1;
                self.format_elements(&f.elements, raw)?;
            }
        }
        self.push(k.string_end, 0, NAMED, end_start, end);
        self.skip_to(end);
        self.quote = outer_quote;
        self.close()
    }

    fn format_elements(&mut self, elements: &ast::InterpolatedStringElements, raw: bool) -> Built {
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(l) => {
                    let (start, end) = (l.start().to_u32(), l.end().to_u32());
                    if raw {
                        // A run of backslashes alone before a brace or the
                        // end: tree-sitter's scanner gives up there.
                        let text = &self.src.as_bytes()[start as usize..end as usize];
                        let mut run = start;
                        for (i, pair) in text.windows(2).enumerate() {
                            if matches!(pair, b"{{" | b"}}") {
                                if self.only_raw_escapes(run, start + i as u32) {
                                    return Err(Bail(line!(), 0));
                                }
                                run = start + i as u32 + 2;
                            }
                        }
                        if self.only_raw_escapes(run, end) {
                            return Err(Bail(line!(), 0));
                        }
                    }
                    self.string_content(start, end, raw, false, true)?;
                    self.skip_to(end);
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    self.interpolation(i, self.k.interpolation, 0)?;
                }
            }
        }
        Ok(())
    }

    fn interpolation(&mut self, i: &ast::InterpolatedElement, kind: u16, field: u16) -> Built {
        self.enter()?;
        self.open(kind, field)?;
        self.expect(TokenKind::Lbrace, 0)?;
        match &*i.expression {
            Expr::Tuple(t) if !t.parenthesized && !self.wrapped(&i.expression) => {
                self.open(self.k.expression_list, F.expression)?;
                self.elements(&t.elts, 0)?;
                self.close_at(t.end().to_u32())?;
            }
            e => self.expression(e, F.expression)?,
        }
        if i.debug_text.is_some() {
            self.expect(TokenKind::Equal, 0)?;
        }
        if self.peek().map(Token::kind) == Some(TokenKind::Exclamation) {
            let bang = self.peek().expect("peeked").start().to_u32();
            self.gap(bang)?;
            self.next += 1;
            let name = self.peek().ok_or(Bail(line!(), 0))?;
            if name.kind() != TokenKind::Name || name.start().to_u32() != bang + 1 {
                return Err(Bail(line!(), 0));
            }
            let name_end = name.end().to_u32();
            if name_end != bang + 2 {
                return Err(Bail(line!(), 0));
            }
            self.push(
                self.k.type_conversion,
                F.type_conversion,
                NAMED,
                bang,
                name_end,
            );
            self.skip_to(name_end);
        }
        if let Some(spec) = &i.format_spec {
            // `{a:=b}` is a walrus to tree-sitter.
            if self.src.as_bytes().get(spec.start().to_usize()) == Some(&b'=') {
                return Err(Bail(line!(), 0));
            }
            self.open(self.k.format_specifier, F.format_specifier)?;
            self.expect(TokenKind::Colon, 0)?;
            for element in spec.elements.iter() {
                match element {
                    ast::InterpolatedStringElement::Literal(l) => {
                        // The specifier's text is a hidden token.
                        if self.src[l.range()].contains('\n') {
                            return Err(Bail(line!(), 0));
                        }
                        self.skip_to(l.end().to_u32());
                    }
                    ast::InterpolatedStringElement::Interpolation(inner) => {
                        self.interpolation(inner, self.k.format_expression, 0)?;
                    }
                }
            }
            self.close()?;
            // The specifier's text, a hidden token, still counts in its
            // range.
            let id = *self.pending.last().ok_or(Bail(line!(), 0))?;
            let data = &mut self.nodes[id as usize];
            data.end = data.end.max(spec.end().to_u32());
        }
        self.expect(TokenKind::Rbrace, 0)?;
        self.close()?;
        self.leave();
        Ok(())
    }

    /// Whether `start..end` of a raw string holds backslash pairs and
    /// nothing else (and something).
    fn only_raw_escapes(&self, start: u32, end: u32) -> bool {
        let text = &self.src.as_bytes()[start as usize..end as usize];
        let mut at = 0;
        while at < text.len() {
            if text[at] != b'\\' {
                return false;
            }
            at += 1 + escaped_by_raw(&text[at + 1..], self.quote);
        }
        !text.is_empty()
    }

    /// `string_content` over `start..end` (if not empty), with its escape
    /// sequences, as tree-sitter's scanner and lexer split it.
    fn string_content(
        &mut self,
        start: u32,
        end: u32,
        raw: bool,
        bytes: bool,
        format: bool,
    ) -> Built {
        if start >= end {
            return Ok(());
        }
        let k = self.k;
        let id = self.push(k.string_content, 0, NAMED, start, end);
        self.open.push((id, self.pending.len()));
        let text = &self.src.as_bytes()[..end as usize];
        let mut at = start as usize;
        while at < end as usize {
            match text[at] {
                b'\\' if raw => {
                    at += 1;
                    at += escaped_by_raw(&text[at..], self.quote);
                }
                b'\\' => {
                    if bytes && matches!(text.get(at + 1), Some(b'N' | b'u' | b'U')) {
                        // tree-sitter's scanner reads these its own way.
                        return Err(Bail(line!(), 0));
                    }
                    match escape_len(&text[at..]) {
                        Some(len) => {
                            self.push(k.escape_sequence, 0, NAMED, at as u32, (at + len) as u32);
                            at += len;
                        }
                        None => {
                            // tree-sitter shows the lone backslash.
                            self.push(k.anonymous.backslash, 0, 0, at as u32, at as u32 + 1);
                            at += 1;
                        }
                    }
                }
                b @ (b'{' | b'}') if format && text.get(at + 1) == Some(&b) => {
                    self.push(k.escape_interpolation, 0, NAMED, at as u32, at as u32 + 2);
                    at += 2;
                }
                _ => at += 1,
            }
        }
        // A string_content is a node of its own range whatever its
        // children: close it over `start..end`.
        self.seal(start, end);
        self.last_end = end;
        Ok(())
    }
}

enum Part<'a> {
    Plain(&'a ast::StringLiteral),
    Bytes(&'a ast::BytesLiteral),
    Format(&'a ast::FString),
}

/// tree-sitter reads `*f(x)` in a tuple without brackets as a call of
/// `*f`, and `[*a.b], c` as a pattern list: left to it.
fn bare_tuple(t: &ast::ExprTuple) -> Built {
    let odd_splat = |e: &Expr| matches!(e, Expr::Starred(s) if !matches!(&*s.value, Expr::Name(_)));
    if t.elts.iter().any(|e| {
        odd_splat(e)
            || match e {
                Expr::List(l) => l.elts.iter().any(odd_splat),
                Expr::Tuple(t) => t.elts.iter().any(odd_splat),
                _ => false,
            }
    }) {
        return Err(Bail(line!(), 0));
    }
    Ok(())
}

/// tree-sitter reads `[*a.b]` and `{*f()}`, a lone element, as `(*a).b`
/// and `(*f)()`: left to it.
fn lone_splat(elements: &[Expr]) -> Built {
    match elements {
        [Expr::Starred(s)] if !matches!(&*s.value, Expr::Name(_)) => Err(Bail(line!(), 0)),
        _ => Ok(()),
    }
}

/// Tokens that are neither trivia nor comments.
fn significant(kind: TokenKind) -> bool {
    !is_trivia(kind) && kind != TokenKind::Comment
}

/// Tokens tree-sitter does not show: newlines, indents, dedents.
fn is_trivia(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Newline
            | TokenKind::NonLogicalNewline
            | TokenKind::Indent
            | TokenKind::Dedent
            | TokenKind::EndOfFile
    )
}

/// How tree-sitter's lexer tells a float from an integer (`2j` is an
/// integer to it).
fn is_float(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() > 1 && b[0] == b'0' && matches!(b[1], b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
        return false;
    }
    b.iter().any(|&c| matches!(c, b'.' | b'e' | b'E'))
}

/// The length of the escape sequence at the start of `s` (a backslash),
/// by tree-sitter-python's `escape_sequence` pattern.
fn escape_len(s: &[u8]) -> Option<usize> {
    let hex = |n: usize| s.len() > 1 + n && s[2..2 + n].iter().all(u8::is_ascii_hexdigit);
    match *s.get(1)? {
        b'u' if hex(4) => Some(6),
        b'U' if hex(8) => Some(10),
        b'x' if hex(2) => Some(4),
        b'0'..=b'9' => Some(
            1 + s[1..]
                .iter()
                .take(3)
                .take_while(|c| c.is_ascii_digit())
                .count(),
        ),
        b'\r' if s.get(2) == Some(&b'\n') => Some(3),
        b'\n' => Some(2),
        b'\'' | b'"' | b'a' | b'b' | b'f' | b'r' | b'n' | b't' | b'v' | b'\\' => Some(2),
        b'N' if s.get(2) == Some(&b'{') => {
            let close = s[3..].iter().position(|&c| c == b'}')?;
            (close > 0).then_some(3 + close + 1)
        }
        _ => None,
    }
}

/// What a raw string's scanner steps over after a backslash: a backslash
/// or the string's quote, then a newline.
fn escaped_by_raw(s: &[u8], quote: u8) -> usize {
    let mut n = 0;
    if s.first().is_some_and(|&c| c == b'\\' || c == quote) {
        n += 1;
    }
    match s.get(n) {
        Some(b'\r') if s.get(n + 1) == Some(&b'\n') => n + 2,
        Some(b'\r' | b'\n') => n + 1,
        _ => n,
    }
}

/// Anonymous kinds by their text.
static ANONYMOUS: LazyLock<FxHashMap<&'static str, u16>> = LazyLock::new(|| {
    let language = language();
    let mut map = FxHashMap::default();
    for id in 0..language.node_kind_count() as u16 {
        if language.node_kind_is_named(id) || !language.node_kind_is_visible(id) {
            continue;
        }
        if let Some(name) = language.node_kind_for_id(id) {
            map.entry(name)
                .or_insert_with(|| language.id_for_node_kind(name, false));
        }
    }
    map
});

macro_rules! grammar_names {
    ($table:ident, $builder:ident, $lookup:ident, { $($field:ident = $name:literal),* $(,)? }) => {
        struct $table {
            $($field: u16,)*
        }
        fn $builder() -> $table {
            $table {
                $($field: $lookup($name),)*
            }
        }
    };
}

fn named_kind(name: &str) -> u16 {
    let id = language().id_for_node_kind(name, true);
    assert!(id != 0, "tree-sitter-python has a kind {name}");
    id
}

fn anonymous_kind(name: &str) -> u16 {
    let id = language().id_for_node_kind(name, false);
    assert!(id != 0, "tree-sitter-python has a token {name}");
    id
}

fn field(name: &str) -> u16 {
    language()
        .field_id_for_name(name)
        .unwrap_or_else(|| panic!("tree-sitter-python has a field {name}"))
        .get()
}

grammar_names!(NamedKinds, named_kinds, named_kind, {
    module = "module", expression_statement = "expression_statement",
    assignment = "assignment", augmented_assignment = "augmented_assignment",
    pass_statement = "pass_statement", break_statement = "break_statement",
    continue_statement = "continue_statement", return_statement = "return_statement",
    delete_statement = "delete_statement", global_statement = "global_statement",
    nonlocal_statement = "nonlocal_statement", raise_statement = "raise_statement",
    assert_statement = "assert_statement", import_statement = "import_statement",
    import_from_statement = "import_from_statement",
    future_import_statement = "future_import_statement", aliased_import = "aliased_import",
    dotted_name = "dotted_name", relative_import = "relative_import",
    import_prefix = "import_prefix", wildcard_import = "wildcard_import",
    if_statement = "if_statement", elif_clause = "elif_clause", else_clause = "else_clause",
    while_statement = "while_statement", for_statement = "for_statement",
    try_statement = "try_statement", except_clause = "except_clause",
    finally_clause = "finally_clause", with_statement = "with_statement",
    with_clause = "with_clause", with_item = "with_item", as_pattern = "as_pattern",
    as_pattern_target = "as_pattern_target", decorated_definition = "decorated_definition",
    decorator = "decorator", function_definition = "function_definition",
    class_definition = "class_definition", parameters = "parameters",
    lambda_parameters = "lambda_parameters", default_parameter = "default_parameter",
    typed_parameter = "typed_parameter", typed_default_parameter = "typed_default_parameter",
    list_splat_pattern = "list_splat_pattern",
    dictionary_splat_pattern = "dictionary_splat_pattern",
    positional_separator = "positional_separator", keyword_separator = "keyword_separator",
    block = "block", comment = "comment", line_continuation = "line_continuation",
    identifier = "identifier", integer = "integer", float = "float", true_ = "true",
    false_ = "false", none = "none", ellipsis = "ellipsis", string = "string",
    concatenated_string = "concatenated_string", string_start = "string_start",
    string_content = "string_content", string_end = "string_end",
    escape_sequence = "escape_sequence", escape_interpolation = "escape_interpolation",
    interpolation = "interpolation", format_specifier = "format_specifier",
    format_expression = "format_expression", type_conversion = "type_conversion",
    attribute = "attribute", call = "call", argument_list = "argument_list",
    keyword_argument = "keyword_argument", dictionary_splat = "dictionary_splat",
    list_splat = "list_splat", generator_expression = "generator_expression",
    subscript = "subscript", slice = "slice", binary_operator = "binary_operator",
    unary_operator = "unary_operator", not_operator = "not_operator",
    boolean_operator = "boolean_operator", comparison_operator = "comparison_operator",
    named_expression = "named_expression", lambda = "lambda",
    conditional_expression = "conditional_expression", await_ = "await", yield_ = "yield",
    tuple = "tuple", list = "list", set = "set", dictionary = "dictionary", pair = "pair",
    list_comprehension = "list_comprehension", set_comprehension = "set_comprehension",
    dictionary_comprehension = "dictionary_comprehension", for_in_clause = "for_in_clause",
    if_clause = "if_clause", expression_list = "expression_list",
    parenthesized_expression = "parenthesized_expression", pattern_list = "pattern_list",
    tuple_pattern = "tuple_pattern", list_pattern = "list_pattern", type_ = "type",
    generic_type = "generic_type", union_type = "union_type", type_parameter = "type_parameter",
});

grammar_names!(AnonymousKinds, anonymous_kinds, anonymous_kind, {
    not_in = "not in", is_not = "is not", dot = ".", future = "__future__", backslash = "\\",
});

struct Kinds {
    named: NamedKinds,
    anonymous: AnonymousKinds,
}

impl std::ops::Deref for Kinds {
    type Target = NamedKinds;
    fn deref(&self) -> &NamedKinds {
        &self.named
    }
}

static KINDS: LazyLock<Kinds> = LazyLock::new(|| Kinds {
    named: named_kinds(),
    anonymous: anonymous_kinds(),
});

grammar_names!(Fields, fields, field, {
    left = "left", right = "right", type_ = "type", operator = "operator",
    cause = "cause", condition = "condition", consequence = "consequence",
    alternative = "alternative", body = "body", value = "value", alias = "alias",
    name = "name", definition = "definition", parameters = "parameters",
    return_type = "return_type", superclasses = "superclasses",
    module_name = "module_name", arguments = "arguments", function = "function",
    object = "object", attribute = "attribute", subscript = "subscript",
    argument = "argument", operators = "operators", key = "key",
    expression = "expression", type_conversion = "type_conversion",
    format_specifier = "format_specifier",
});

static FIELDS: LazyLock<Fields> = LazyLock::new(fields);

/// Field ids, read once.
struct FieldIds;

impl std::ops::Deref for FieldIds {
    type Target = Fields;
    fn deref(&self) -> &Fields {
        &FIELDS
    }
}

const F: FieldIds = FieldIds;

#[cfg(test)]
#[allow(clippy::disallowed_types)]
mod tests {
    use super::super::{Tree, tests::first_difference};

    /// The tree built from ruff's parse, checked node by node against the
    /// copy of tree-sitter's.
    fn same_as_tree_sitter(src: &str) {
        let ruff = super::build_or_bail(src.as_bytes())
            .unwrap_or_else(|bail| panic!("left to tree-sitter: {bail:?}\n{src}"));
        let mut parser = crate::python::parser();
        let ts = parser
            .parse(src, None)
            .expect("tree-sitter parses any text");
        assert!(!ts.root_node().has_error(), "{src}");
        let ts = Tree::from_tree_sitter(&ts, src.as_bytes());
        if let Some(diff) = first_difference(&ts, &ruff, src.as_bytes()) {
            panic!("{diff}\nin\n{src}");
        }
    }

    #[test]
    fn statements_and_expressions_as_tree_sitter_builds_them() {
        same_as_tree_sitter(
            "import os.path as p, sys\nfrom . import a\nfrom ..x.y import (b as c, d,)\n\
             from m import *\nfrom __future__ import annotations\nfrom ... import z\n\
             @dec.x(1)  # why\nasync def f(a, /, b: int = 2, *args: str, c, d=3, **kw) -> str:\n\
             \x20   \"\"\"doc\"\"\"\n    global g\n    del a[1:2, ::3], b\n    return\n\
             class C(B, metaclass=M):\n    pass\nfor i, (j, *k) in x: break\nelse: continue\n\
             while not x: pass\ntry:\n    pass\nexcept (A, B) as e:\n    raise X from e\n\
             except C:\n    pass\nelse:\n    pass\nfinally:\n    pass\n\
             with open(f) as g, h: pass\nwith (a as b, c): pass\nwith (a): pass\n\
             x += 1; y: int = 2;\nassert x, \"m\"\nlambda x, *y: x\na if b else c\n\
             [x for x in y if z for w in v]\n{k: v for k, v in d.items()}\n{1, 2}\n\
             (x for x in y)\nf(*a, **b, c=1)\nf(x for x in y)\nx[1]\na.b.c\n-a ** ~b\n\
             a and b or not c\na < b <= c != d is not e not in f\n(a := 1)\n\
             (a) = [b, *c] = d = 1, 2\nx = (1,), (), [*a], {**d, 'k': 1}\n\
             x = 1.5 + 2j + 0x10 + True + None + ...\nx = a \\\n  + b\n",
        );
    }

    #[test]
    fn comments_sit_where_tree_sitter_puts_them() {
        same_as_tree_sitter(
            "# head\nif x:\n    a  # same line\n    # in the block\n# out of it\n\
             else:  # after the colon\n    # before the body\n    b = 1, 2\n\n  # dedented\n\
             c = f(1,\n  # between arguments\n  y=2)\ndef g():\n    if h:\n        i\n\
             \x20       # inner\n    # outer\n    j\n#!/bin/sh\r\nk = 1\r\n",
        );
    }

    #[test]
    fn strings_as_tree_sitter_splits_them() {
        same_as_tree_sitter(
            "s = rb'\\x00' b'\\t'\ns = 'a\\nb' \"c\" f'x{y!r:>{w}} {{z}}' f\"{a=}\" \"\"\"m\nl\\\n\"\"\" r'\\n'\n\
             t = f'{x:%H}' + f'{x}{y}' + b'\\'' + 'q\\\nw' + '\\d' + r'\\'' + r'\\\"' + f'\\d{x}'\n\
             u = (\"a\"  # c\n     \"b\")\nv = f'{a, b}' + f'{x!s}'\nw = \\\n    'str'\n",
        );
    }

    #[test]
    fn annotations_as_tree_sitter_reads_types() {
        same_as_tree_sitter(
            "def f(a: List[int], b: a.b.C, c: int | None, d: Dict[str, a.b] = 1) -> Tuple[int, ...]: pass\n\
             x: Callable[[int], str] = g\ny: A[int] | None\nz: None | A[int]\n\
             w: A[int] | B | C[d]\nv: A[x] | B[y] | C\nu: B | C | A[int]\n",
        );
    }

    /// What only tree-sitter reproduces goes to tree-sitter.
    #[test]
    fn leaves_to_tree_sitter_what_it_would_read_differently() {
        for src in [
            "def f(:\n",   // a syntax error
            "print 'x'\n", // Python 2
            "match x:\n    case 1: pass\n",
            "type(x).y = 1\n", // a type alias to tree-sitter
            "x = [*a.b]\n",    // `(*a).b` to tree-sitter
            "x = a & b ^ c\n", // `^` binds tighter in its grammar
            "x = rf'\\{y}'\n", // its scanner gives up on the brace
            "\u{feff}x = 1\n", // a byte-order mark
            "x = b'\\N'\n",    // its scanner's own reading
        ] {
            assert!(super::build(src.as_bytes()).is_none(), "{src}");
        }
        assert!(super::build(b"x = '\xff'\n").is_none(), "not UTF-8");
    }

    /// Deep nesting is left to tree-sitter, and ruff's tree is dropped on a
    /// stack deep enough, in a thread with a worker's small stack.
    #[test]
    fn deep_nesting_is_left_to_tree_sitter_without_overflow() {
        let chain = format!("x = {}a\n", "a + ".repeat(100_000));
        let brackets = format!("x = {}1{}\n", "[".repeat(20_000), "]".repeat(20_000));
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                assert!(super::build(chain.as_bytes()).is_none());
                assert!(super::build(brackets.as_bytes()).is_none());
            })
            .expect("a thread")
            .join()
            .expect("no overflow");
    }
}
