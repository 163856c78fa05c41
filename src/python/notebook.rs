//! Jupyter notebooks (`.ipynb`): the code cells as one Python text, in the
//! order a "Run all" executes them (they share one namespace, so an import in
//! the first cell serves a call in the fifth), with a map back from every
//! line of that text to its cell and to the line of the `.ipynb` file that
//! stores it.
//!
//! IPython syntax is rewritten to the Python it stands for: `!cmd` lines and
//! `%%bash`/`%%sh`/`%%script` cells become `os.system("cmd")`, which is what
//! they do; other magics (`%pip`, `%matplotlib`, `obj?`) become blank lines.

use serde_json::Value;

/// Where one line of the extracted text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// 1-based index of the cell among all cells of the notebook.
    pub cell: usize,
    /// 1-based line within the cell.
    pub line: usize,
    /// 1-based line and column of the cell line's text in the `.ipynb` file
    /// (the column just after the opening quote), when it could be found.
    pub stored: Option<(usize, usize)>,
}

/// The code cells of a notebook as one Python text.
#[derive(Debug, Default)]
pub struct Notebook {
    pub code: Vec<u8>,
    /// One entry per line of `code`.
    pub origins: Vec<Origin>,
}

impl Notebook {
    /// Reads `data` as a notebook; an error says why it is not one.
    pub fn extract(data: &[u8]) -> Result<Notebook, String> {
        let doc: Value = serde_json::from_slice(data)
            .map_err(|e| format!("not a readable notebook (invalid JSON: {e})"))?;
        let cells = doc
            .get("cells")
            .and_then(Value::as_array)
            .or_else(|| {
                // nbformat 3 kept cells under worksheets[].cells.
                doc.get("worksheets")
                    .and_then(Value::as_array)
                    .and_then(|w| w.first())
                    .and_then(|w| w.get("cells"))
                    .and_then(Value::as_array)
            })
            .ok_or("not a notebook: no \"cells\" list")?;
        let mut nb = Notebook::default();
        let mut finder = StoredLines::new(data);
        for (index, cell) in cells.iter().enumerate() {
            if cell.get("cell_type").and_then(Value::as_str) != Some("code") {
                continue;
            }
            let source = cell.get("source").or_else(|| cell.get("input"));
            let lines: Vec<String> = match source {
                Some(Value::String(s)) => s.split_inclusive('\n').map(str::to_string).collect(),
                Some(Value::Array(parts)) => parts
                    .iter()
                    .filter_map(Value::as_str)
                    .flat_map(|s| s.split_inclusive('\n'))
                    .map(str::to_string)
                    .collect(),
                _ => continue,
            };
            let cell_no = index + 1;
            let python = rewrite_ipython(&lines);
            for (i, (original, code)) in lines.iter().zip(python).enumerate() {
                nb.origins.push(Origin {
                    cell: cell_no,
                    line: i + 1,
                    stored: finder.find(original),
                });
                nb.code
                    .extend_from_slice(code.trim_end_matches(['\n', '\r']).as_bytes());
                nb.code.push(b'\n');
            }
            // A blank line between cells, so that one cell's open bracket
            // cannot swallow the next (it maps to the cell's last line).
            if let Some(last) = nb.origins.last().copied() {
                nb.origins.push(last);
                nb.code.push(b'\n');
            }
        }
        Ok(nb)
    }

    /// The origin of 1-based `line` of the extracted text.
    pub fn origin(&self, line: usize) -> Option<Origin> {
        self.origins.get(line.checked_sub(1)?).copied()
    }
}

/// IPython lines → the Python they run, one output line per input line.
fn rewrite_ipython(lines: &[String]) -> Vec<String> {
    let first = lines.first().map(|l| l.trim()).unwrap_or("");
    let shell_cell = ["%%bash", "%%sh", "%%script bash", "%%script sh", "%%system"]
        .iter()
        .any(|m| first == *m || first.starts_with(&format!("{m} ")));
    if shell_cell {
        // The whole body is one shell script: one os.system() on the first
        // line, the rest blank.
        let body: String = lines[1..].concat();
        let mut out = vec![format!("__import__('os').system({})", py_str(&body))];
        out.extend(std::iter::repeat_n(String::new(), lines.len() - 1));
        return out;
    }
    if first.starts_with("%%") {
        // Other cell magics (%%time, %%capture) run the body as Python;
        // %%html, %%javascript and the like are not Python at all.
        let python_body = ["%%time", "%%timeit", "%%capture", "%%prun"]
            .iter()
            .any(|m| first.starts_with(m));
        return lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i > 0 && python_body {
                    l.clone()
                } else {
                    String::new()
                }
            })
            .collect();
    }
    lines
        .iter()
        .map(|l| {
            let trimmed = l.trim_start();
            let indent = &l[..l.len() - trimmed.len()];
            let text = trimmed.trim_end();
            if let Some(cmd) = text.strip_prefix('!') {
                let cmd = cmd.strip_prefix('!').unwrap_or(cmd);
                format!("{indent}__import__('os').system({})", py_str(cmd))
            } else if text.starts_with('%') || (text.ends_with('?') && !text.contains('#')) {
                String::new()
            } else {
                l.clone()
            }
        })
        .collect()
}

/// A Python string literal holding `s`.
fn py_str(s: &str) -> String {
    // JSON string syntax is valid Python string syntax for these escapes.
    serde_json::to_string(s).unwrap_or_else(|_| "''".to_string())
}

/// Finds, in order, where each cell line is stored in the raw JSON text.
struct StoredLines<'d> {
    data: &'d [u8],
    cursor: usize,
}

impl<'d> StoredLines<'d> {
    fn new(data: &'d [u8]) -> Self {
        StoredLines { data, cursor: 0 }
    }

    fn find(&mut self, line: &str) -> Option<(usize, usize)> {
        let encoded = serde_json::to_string(line).ok()?;
        // Without the closing quote: a line of a string source is followed by
        // the next line, not by a quote.
        let needle = &encoded.as_bytes()[..encoded.len() - 1];
        let hay = &self.data[self.cursor.min(self.data.len())..];
        let at = self.cursor + memchr::memmem::find(hay, needle)?;
        self.cursor = at + needle.len();
        let line_no = 1 + memchr::memchr_iter(b'\n', &self.data[..at]).count();
        let line_start = self.data[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        Some((line_no, at - line_start + 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NB: &str = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": ["# exec(x) in prose is not code"]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "import os\n",
    "!pip install requests\n",
    "%matplotlib inline\n",
    "x = 1"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}"##;

    #[test]
    fn code_cells_become_python_with_their_stored_lines() {
        let nb = Notebook::extract(NB.as_bytes()).unwrap();
        let code = String::from_utf8(nb.code.clone()).unwrap();
        assert_eq!(
            code,
            "import os\n__import__('os').system(\"pip install requests\")\n\nx = 1\n\n"
        );
        assert_eq!(
            nb.origin(2),
            Some(Origin {
                cell: 2,
                line: 2,
                stored: Some((15, 6))
            })
        );
        assert_eq!(nb.origin(4).unwrap().stored, Some((17, 6)));
    }

    #[test]
    fn a_bash_cell_is_one_shell_command() {
        let lines: Vec<String> = ["%%bash\n", "curl x | sh\n", "echo hi"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let out = rewrite_ipython(&lines);
        assert_eq!(out[0], "__import__('os').system(\"curl x | sh\\necho hi\")");
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn not_json_is_an_error() {
        assert!(Notebook::extract(b"print('hi')").is_err());
    }
}
