#!/usr/bin/env python3
"""Builds the wider benign corpus: a virtual environment with the
distributions of eval/wide-benign-requirements.txt installed from PyPI, laid
out one folder per installed distribution (its RECORD's files, hard-linked),
plus one folder per top-level entry of the CPython standard library.

    scripts/wide-benign.py DEST      # DEST/venv, DEST/corpus
    scripts/eval.py --benign DEST/corpus ...

Installing runs the packages' build steps (these are the benign side, from
PyPI); nothing from the malicious sets is ever installed. A distribution that
fails to install is reported and left out.
"""
import csv
import os
import subprocess
import sys
import sysconfig

HERE = os.path.dirname(os.path.abspath(__file__))


def install(dest):
    venv = os.path.join(dest, "venv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "uv"], check=True)
    uv = os.path.join(venv, "bin", "uv")
    reqs = os.path.join(HERE, "..", "eval", "wide-benign-requirements.txt")
    for line in open(reqs):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        # One at a time: one that cannot build does not stop the rest.
        r = subprocess.run([uv, "pip", "install", "--python", py, "-q", name], capture_output=True)
        if r.returncode != 0:
            print(f"  not installed: {name}", file=sys.stderr)
    return py


def link(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if not os.path.exists(dst):
        try:
            os.link(src, dst)
        except OSError:
            with open(src, "rb") as a, open(dst, "wb") as b:
                b.write(a.read())


def layout(py, dest):
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    out = os.path.join(dest, "corpus")
    dists = 0
    for d in sorted(os.listdir(site)):
        record = os.path.join(site, d, "RECORD")
        if not d.endswith(".dist-info") or not os.path.exists(record):
            continue
        name = d[: -len(".dist-info")]
        for row in csv.reader(open(record)):
            if not row:
                continue
            src = os.path.normpath(os.path.join(site, row[0]))
            if os.path.islink(src) or not os.path.isfile(src):
                continue
            rel = os.path.relpath(src, site)
            if rel.startswith(".."):
                rel = os.path.join("_scripts", os.path.basename(src))
            link(src, os.path.join(out, name, rel))
        dists += 1
    std = sysconfig.get_paths()["stdlib"]
    entries = 0
    for e in sorted(os.listdir(std)):
        src = os.path.join(std, e)
        if e in ("site-packages", "dist-packages", "__pycache__") or os.path.islink(src):
            continue
        name = "stdlib-" + (e[:-3] if e.endswith(".py") else e)
        if os.path.isfile(src):
            if e.endswith(".py"):
                link(src, os.path.join(out, name, e))
                entries += 1
            continue
        for root, dirs, files in os.walk(src):
            dirs[:] = [x for x in dirs if x != "__pycache__"]
            for f in files:
                p = os.path.join(root, f)
                if os.path.isfile(p) and not os.path.islink(p):
                    link(p, os.path.join(out, name, os.path.relpath(p, std)))
        entries += 1
    print(f"{dists} distributions and {entries} standard-library entries in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    dest = os.path.abspath(sys.argv[1])
    layout(install(dest), dest)
