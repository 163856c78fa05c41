//! Identifiers as Python reads them.
//!
//! CPython NFKC-normalises every identifier while it parses (PEP 3131), so
//! `𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀.get(𝘂𝗿𝗹)`, written in mathematical letters, *is*
//! `requests.get(url)`. Droppers use that to hide module names from
//! scanners that compare text. Before the rules run, a layer whose
//! identifiers change under NFKC is rewritten with the normalised names;
//! what is reported is mapped back to the text as written.

use super::Syntax;
use crate::python::tree::Tree;
use unicode_normalization::UnicodeNormalization;

/// A rewritten source and where its pieces came from.
pub struct Normalized {
    pub source: Vec<u8>,
    /// (start in the original, end in the original, length now), in order.
    edits: Vec<(usize, usize, usize)>,
}

/// The source with its identifiers NFKC-normalised, when that changes any.
pub fn normalize_identifiers(source: &[u8], tree: &Tree) -> Option<Normalized> {
    if source.is_ascii() {
        return None;
    }
    // Only the nodes holding a non-ASCII byte are looked at: most such
    // files have them in strings and comments only, and a walk of the whole
    // tree to find that out took 2% of a scan.
    let root = tree.root_node();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut at = 0;
    while let Some(found) = source[at..].iter().position(|b| !b.is_ascii()) {
        let byte = at + found;
        let Some(node) = root.descendant_for_byte_range(byte, byte + 1) else {
            break;
        };
        // A leaf holds no other name: go past it; elsewhere (between a
        // node's children) go on from the next byte.
        at = if node.child_count() == 0 {
            node.end_byte().max(byte + 1)
        } else {
            byte + 1
        };
        // Identifiers are leaves. Those in an f-string's fields are code
        // too: Python normalises them as well.
        if node.kind_name() != "identifier" {
            continue;
        }
        let bytes = &source[node.byte_range()];
        if let Ok(text) = std::str::from_utf8(bytes) {
            let normal: String = text.nfkc().collect();
            if normal != text {
                edits.push((node.start_byte(), node.end_byte(), normal));
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(source.len());
    let mut at = 0;
    let mut spans = Vec::with_capacity(edits.len());
    for (start, end, text) in edits {
        out.extend_from_slice(&source[at..start]);
        out.extend_from_slice(text.as_bytes());
        spans.push((start, end, text.len()));
        at = end;
    }
    out.extend_from_slice(&source[at..]);
    Some(Normalized {
        source: out,
        edits: spans,
    })
}

impl Normalized {
    /// The offset in the original source of `offset` in the rewritten one
    /// (inside a rewritten name: its start, or its end for `end`).
    pub fn original(&self, offset: usize, end: bool) -> usize {
        let mut shift: isize = 0;
        for &(start, stop, len) in &self.edits {
            let new_start = (start as isize + shift) as usize;
            if offset < new_start {
                break;
            }
            if offset < new_start + len || (end && offset == new_start + len) {
                return if end && offset > new_start {
                    stop
                } else {
                    start
                };
            }
            shift += len as isize - (stop - start) as isize;
        }
        (offset as isize - shift).max(0) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn math_letters_read_as_ascii_and_map_back() {
        let src = "import 𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀\n𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀.get(u)\n";
        let tree = crate::python::parse(&mut crate::python::parser(), src.as_bytes()).unwrap();
        let n = normalize_identifiers(src.as_bytes(), &tree).expect("names change");
        let text = String::from_utf8(n.source.clone()).unwrap();
        assert_eq!(text, "import requests\nrequests.get(u)\n");
        // `get` on line 2 sits after the rewritten name in both texts.
        let now = text.find(".get").unwrap();
        let was = src.find(".get").unwrap();
        assert_eq!(n.original(now, false), was);
        let name = text.rfind("requests").unwrap();
        assert_eq!(n.original(name, false), src.rfind("𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀").unwrap());
        assert_eq!(n.original(name + 8, true), was);
    }

    #[test]
    fn ascii_and_plain_unicode_names_are_left_alone() {
        let src = "café = 'ｆｕｌｌ'\n";
        let tree = crate::python::parse(&mut crate::python::parser(), src.as_bytes()).unwrap();
        assert!(normalize_identifiers(src.as_bytes(), &tree).is_none());
    }

    #[test]
    fn names_after_unicode_text_and_in_fstring_fields_are_read() {
        // Non-ASCII text in a comment and a string comes first and stays.
        let src = "# ｃｏｍｍｅｎｔ\nx = 'ｓｔｒ'\ny = f'{𝘂𝗿𝗹}'\n𝗼𝘀.system(x)\n";
        let tree = crate::python::parse(&mut crate::python::parser(), src.as_bytes()).unwrap();
        let n = normalize_identifiers(src.as_bytes(), &tree).expect("names change");
        let text = String::from_utf8(n.source.clone()).unwrap();
        assert_eq!(
            text,
            "# ｃｏｍｍｅｎｔ\nx = 'ｓｔｒ'\ny = f'{url}'\nos.system(x)\n"
        );
    }
}
