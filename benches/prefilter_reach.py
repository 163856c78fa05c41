#!/usr/bin/env python3
"""How much of a tree an exact literal-atom prefilter could leave unparsed.

    python3 benches/prefilter_reach.py [TREE]

TREE defaults to the benchmark tree of compare.py. For every `.py` file,
the script asks which constructs its bytes contain (identifiers matched on
word boundaries, as a prefilter's Aho-Corasick pass would) and prints the
share of the tree's Python bytes in files that hold each:

- sink: a name some rule fires on (exec/eval/compile, a spawn, a network
  call, a decoder or `marshal.loads`), taken from the tables of
  src/python/names.rs, all parts of one qualified name spelled;
- dynamic: a construct through which hiss resolves a name spelled as a
  string (`getattr`, `__import__`, `import_module`, `eval`, `globals`,
  `vars`, `locals`, `__dict__`, `__builtins__`): where one appears, any rule
  can fire whatever other names the file spells;
- string building: what the constant folder and the decoder interpreter
  turn into strings the file never spells whole (`+`, `%`, `*`, escapes,
  f-strings and `format`, `join`, `chr`, `bytes`, `def`/`lambda`, ...). The
  joined-string signatures scan every such string, so a file holding one
  must be parsed to be scanned exactly;
- non-ASCII: any byte above 127 (counted whole, not read as identifiers:
  an identifier's non-ASCII letters can NFKC-normalise into a sink's name).

A file can be skipped exactly only if it holds none of these. This is the
measurement behind the README's "Why there is no prefilter".
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = Path.home() / ".cache" / "hiss-eval" / "bench" / "tree"


def words(names):
    alt = b"|".join(re.escape(n.encode()) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rb"(?<![A-Za-z0-9_])(?:" + alt + rb")(?![A-Za-z0-9_])")


# normalize() in names.rs: other spellings of the same module.
ALIASES = {"os": {"posix", "nt"}, "subprocess": {"commands"}, "pickle": {"cPickle", "_pickle"},
           "urllib": {"urllib2"}, "request": {"urllib2"}, "http": {"httplib"}, "client": {"httplib"},
           "socket": {"wrap_socket"}}


def sinks() -> list:
    """The qualified names of names.rs's sink and decoder tables, each as the
    identifiers a file must spell to call it without a dynamic lookup (one
    of each set): `os.system` needs `system` and one of `os`, `posix`, `nt`."""
    text = (ROOT / "src" / "python" / "names.rs").read_text()
    tables = ""
    for fn in ("is_code_exec", "is_spawn", "is_network_read", "is_network_send", "is_network", "decoder"):
        start = text.index(f"pub fn {fn}(")
        end = text.find("\npub fn ", start + 1)
        tables += text[start:end if end > 0 else len(text)]
    out = [[{"sendall"}]]
    for literal in re.findall(r'"([A-Za-z_][A-Za-z0-9_.()]*)"', tables):
        parts = [p for p in literal.replace("()", "").split(".") if p and p != "builtins"]
        if "." in literal and parts:
            out.append([{p} | ALIASES.get(p, set()) for p in parts])
    return out


IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")


def spells_a_sink(data: bytes, table: list) -> bool:
    present = {w.decode() for w in IDENTIFIER.findall(data)}
    return any(all(part & present for part in q) for q in table)


DYNAMIC = words(["getattr", "__import__", "import_module", "eval", "globals", "vars", "locals",
                 "__dict__", "__builtins__", "__builtin__", "builtins"])
BUILDING = re.compile(
    rb"[+%*\\{]|(?<![A-Za-z0-9_])(?:join|format|chr|bytes|bytearray|str|def|lambda|fromhex|decode|"
    rb"encode|replace|reversed|translate)(?![A-Za-z0-9_])"
)


def main():
    tree = Path(sys.argv[1]) if len(sys.argv) > 1 else TREE
    table = sinks()
    total = 0
    share = {"sink": 0, "dynamic": 0, "sink or dynamic": 0, "string building": 0,
             "non-ASCII": 0, "any of these": 0}
    for dirpath, _, names in os.walk(tree):
        for name in names:
            if not name.endswith(".py"):
                continue
            try:
                data = (Path(dirpath) / name).read_bytes()
            except OSError:
                continue
            n = len(data)
            total += n
            has = {
                "sink": spells_a_sink(data, table),
                "dynamic": bool(DYNAMIC.search(data)),
                "string building": bool(BUILDING.search(data)),
                "non-ASCII": any(b > 127 for b in data),
            }
            has["sink or dynamic"] = has["sink"] or has["dynamic"]
            has["any of these"] = any(has.values())
            for k, v in has.items():
                share[k] += n * v
    if not total:
        sys.exit(f"no Python files under {tree}")
    print(f"{total / 1e6:.0f} MB of Python under {tree}\n")
    print("| files holding | share of bytes |")
    print("| --- | ---: |")
    for k, v in share.items():
        print(f"| {k} | {100 * v / total:.1f}% |")
    print(f"\nskippable by an exact literal prefilter: at most {100 - 100 * share['any of these'] / total:.1f}% of the bytes")


if __name__ == "__main__":
    main()
