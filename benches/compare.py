#!/usr/bin/env python3
"""Times hiss against the anchors of issue 7 on the same tree, in one run.

    python3 benches/compare.py [--runs 3] [--tree DIR] [--hiss BIN]

The tree is the benign development set of ../shared/eval (the top-300 PyPI
packages, laid out by its prepare.py) plus the CPython standard library of
the interpreter running this script, built once under
~/.cache/hiss-eval/bench/tree (hard links where the file system allows).
The anchors are installed here too: ruff, bandit and GuardDog from PyPI
into ~/.cache/hiss-eval/bench/venv, ripgrep from Debian (apt-get) when
`rg` is missing.

Each tool runs once per round, the tools alternating, for --runs rounds;
the table gives the median wall time, CPU time (user + system) and peak
RSS of each (from /usr/bin/time), and hiss's wall time divided by the
tool's; below it, hiss's cold time over each fast tool's within each
round, which the machine's drift between rounds does not move. bandit and
GuardDog are far slower, so they run once (--slow-runs), and GuardDog,
which scans one package per call, is timed on --guarddog-sample packages
and scaled to the tree's package count (marked "scaled").

hiss is timed cold (`--no-cache`) and, when it supports a cache, warm: a
second scan of the unchanged tree with a cache filled by a first one.

    python3 benches/compare.py --scale 10

times only hiss, cold, on the tree and on ten hard-linked copies of it, and
prints the peak RSS of both: memory must stay flat as the tree grows.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "eval"
CACHE = Path.home() / ".cache" / "hiss-eval" / "bench"


def sh(cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def link_tree(src: Path, dst: Path, leave_out=("__pycache__",)):
    """Copies src to dst with hard links (plain copies across devices)."""
    for dirpath, dirnames, filenames in os.walk(src):
        rel = Path(dirpath).relative_to(src)
        (dst / rel).mkdir(parents=True, exist_ok=True)
        dirnames[:] = [d for d in dirnames if d not in leave_out]
        for name in filenames:
            s, d = Path(dirpath) / name, dst / rel / name
            if d.exists() or s.is_symlink() or not s.is_file():
                continue
            try:
                os.link(s, d)
            except OSError:
                shutil.copy2(s, d)


def build_tree(tree: Path, unpacked: Path | None) -> Path:
    if (tree / ".complete").exists():
        return tree
    if unpacked is None:
        benign = CACHE / "benign"
        unpacked = benign / "unpacked"
        if not unpacked.is_dir():
            if not SHARED.is_dir():
                sys.exit(f"{SHARED} is missing: the benign set comes from ../shared/eval")
            sh([sys.executable, str(SHARED / "prepare.py"), "benign", str(benign)])
    link_tree(unpacked, tree / "top300")
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    # The standard library only: not what is installed into it.
    link_tree(stdlib, tree / "stdlib", ("__pycache__", "site-packages"))
    (tree / ".complete").write_text("")
    return tree


def venv_bin(name: str) -> str:
    venv = CACHE / "venv"
    if not (venv / "bin" / "python").exists():
        sh([sys.executable, "-m", "venv", str(venv)])
    exe = venv / "bin" / name
    if not exe.exists():
        sh([str(venv / "bin" / "pip"), "install", "-q", "ruff", "bandit", "guarddog"])
    return str(exe)


def rg_bin() -> str:
    found = shutil.which("rg")
    if found:
        return found
    sh(["apt-get", "install", "-y", "-q", "ripgrep"], stdout=subprocess.DEVNULL)
    return shutil.which("rg") or sys.exit("ripgrep did not install")


def timed(cmd, env=None) -> dict:
    """Wall, CPU and peak RSS of one run of `cmd` (its exit code is ignored:
    finding something is not a failure here)."""
    with tempfile.NamedTemporaryFile("r") as out:
        full = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", out.name] + cmd
        subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        wall, user, system, rss_kb = out.read().split()[-4:]
    return {"wall": float(wall), "cpu": float(user) + float(system), "rss": int(rss_kb) / 1024}


def median(runs: list, key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--slow-runs", type=int, default=1)
    ap.add_argument("--tree", type=Path, default=CACHE / "tree")
    ap.add_argument("--benign", type=Path, help="an unpacked benign set already laid out by prepare.py")
    ap.add_argument("--hiss", default=str(ROOT / "target" / "release" / "hiss"))
    ap.add_argument("--guarddog-sample", type=int, default=10)
    ap.add_argument("--skip", default="", help="comma-separated tools to leave out")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--scale", type=int, default=0,
                    help="instead of the anchors: hiss cold on the tree and on N hard-linked copies of it, "
                         "for peak RSS as the tree grows")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    tree = build_tree(args.tree, args.benign)
    files = sum(len(f) for _, _, f in os.walk(tree))
    size = sum((Path(d) / n).stat().st_size for d, _, fs in os.walk(tree) for n in fs)
    print(f"tree: {tree} ({files} files, {size / 1e6:.0f} MB)", file=sys.stderr)

    hiss = [args.hiss, "scan", "--format", "json"]
    if args.scale > 1:
        return scale(args, tree, files, size, hiss)
    help_text = subprocess.run([args.hiss, "scan", "--help"], capture_output=True, text=True).stdout
    cached = "--no-cache" in help_text
    fast = {"hiss (cold)": hiss + (["--no-cache"] if cached else []) + [str(tree)]}
    if "ruff" not in skip:
        fast["ruff --select S"] = [venv_bin("ruff"), "check", "--select", "S", "--no-cache", "--exit-zero", "-q", str(tree)]
    if "rg" not in skip:
        # Reads every file and finds nothing: the I/O floor.
        fast["rg (read all)"] = [rg_bin(), "-uuu", "-c", "--no-messages", "hiss-bench-no-such-text", str(tree)]
    slow = {}
    if "bandit" not in skip:
        slow["bandit -r"] = [venv_bin("bandit"), "-r", "-q", "-f", "json", "-o", "/dev/null", str(tree)]

    results = {name: [] for name in list(fast) + list(slow)}
    for _ in range(args.runs):
        for name, cmd in fast.items():
            results[name].append(timed(cmd))
    if cached:
        cache_dir = Path(tempfile.mkdtemp(prefix="hiss-bench-cache-"))
        env = dict(os.environ, HISS_CACHE_DIR=str(cache_dir))
        warm_cmd = hiss + [str(tree)]
        timed(warm_cmd, env)  # fill the cache
        results["hiss (warm)"] = [timed(warm_cmd, env) for _ in range(args.runs)]
        shutil.rmtree(cache_dir, ignore_errors=True)
    for _ in range(args.slow_runs):
        for name, cmd in slow.items():
            results[name].append(timed(cmd))
    scaled = set()
    if "guarddog" not in skip:
        packages = sorted(p for p in (tree / "top300").iterdir() if p.is_dir())
        sample = random.Random(7).sample(packages, min(args.guarddog_sample, len(packages)))
        runs = [timed([venv_bin("guarddog"), "pypi", "scan", str(p)]) for p in sample]
        factor = (len(packages) + 1) / len(sample)  # + the standard library
        results["guarddog (per package)"] = [
            {"wall": sum(r["wall"] for r in runs) * factor, "cpu": sum(r["cpu"] for r in runs) * factor,
             "rss": max(r["rss"] for r in runs)}
        ]
        scaled.add("guarddog (per package)")

    base = median(results["hiss (cold)"], "wall")
    print(f"\n{files} files, {size / 1e6:.0f} MB; medians of {args.runs} runs ({args.slow_runs} for bandit)\n")
    print("| tool | wall s | CPU s | peak RSS MB | hiss cold / tool |")
    print("| --- | ---: | ---: | ---: | ---: |")
    table = {}
    for name, runs in results.items():
        wall, cpu, rss = median(runs, "wall"), median(runs, "cpu"), max(r["rss"] for r in runs)
        mark = " (scaled)" if name in scaled else ""
        print(f"| {name}{mark} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {base / wall:.3f} |")
        table[name] = {"wall": wall, "cpu": cpu, "rss_mb": rss, "runs": runs}
    # The machine's speed drifts from round to round (a fifth, on a shared
    # 2-core machine); within a round the tools ran back to back, so the
    # ratio taken round by round is the steadier one.
    cold = [r["wall"] for r in results["hiss (cold)"]]
    for name in fast:
        if name == "hiss (cold)":
            continue
        by_round = [h / r["wall"] for h, r in zip(cold, results[name])]
        table[name]["hiss_cold_ratio_by_round"] = by_round
        print(f"hiss cold / {name}, round by round: " + ", ".join(f"{x:.2f}" for x in by_round)
              + f" (median {statistics.median(by_round):.2f})")
    if args.json:
        args.json.write_text(json.dumps({"files": files, "bytes": size, "tools": table}, indent=2))


def scale(args, tree: Path, files: int, size: int, hiss: list):
    """Peak RSS of a cold scan of the tree and of N copies of it: memory
    must not grow with the tree (results are streamed, files not kept)."""
    big = tree.parent / f"tree-x{args.scale}"
    if not (big / ".complete").exists():
        for i in range(args.scale):
            link_tree(tree, big / f"copy-{i}")
        (big / ".complete").write_text("")
    one = timed(hiss + ["--no-cache", str(tree)])
    many = timed(hiss + ["--no-cache", str(big)])
    print(f"\n| tree | files | MB | wall s | CPU s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, n, r in (("tree", 1, one), (f"{args.scale} copies", args.scale, many)):
        print(f"| {label} | {files * n} | {size * n / 1e6:.0f} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['rss']:.0f} |")
    print(f"\npeak RSS x{args.scale} / x1 = {many['rss'] / one['rss']:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"files": files, "bytes": size, "scale": args.scale,
                                         "one": one, "many": many}, indent=2))


if __name__ == "__main__":
    main()
