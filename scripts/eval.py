#!/usr/bin/env python3
"""Per-rule precision on labelled corpora: which rules carry the recall, and
which ones touch benign packages.

    scripts/eval.py --malicious DIR [--malicious DIR ...] --benign DIR [--benign DIR ...]
                    [--scanner target/release/hiss] [--threshold high]
                    [--exclude-file FILE] [--markdown docs/precision.md]
                    [--reports DIR] [--misses FILE]

A corpus is a folder whose direct children are packages (the layout of
../shared/eval/score.py, which this agrees with package for package). Every
miss and every benign package flagged is printed in full, with the rules that
touched it below the threshold, so each can be reviewed.

The table counts packages, not findings: a rule that fires 40 times in one
package counts once. "benign (any)" counts benign packages the rule touched
at any severity, the noise a user sees with `--fail-on low`.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict

SEVERITIES = ["info", "low", "medium", "high", "critical"]


def packages(corpus, excluded):
    return sorted(n for n in os.listdir(corpus) if not n.startswith(".") and n not in excluded)


def package_of(path, corpus):
    path = path.split("!/", 1)[0]
    rel = os.path.relpath(path if os.path.isabs(path) else os.path.join(os.getcwd(), path), os.path.abspath(corpus))
    return None if rel.startswith("..") else rel.split(os.sep, 1)[0]


def scan(scanner, corpus, reports):
    cache = None
    if reports:
        os.makedirs(reports, exist_ok=True)
        cache = os.path.join(reports, os.path.abspath(corpus).strip("/").replace("/", "_") + ".json")
        if os.path.exists(cache):
            return json.load(open(cache)), 0.0
    start = time.monotonic()
    proc = subprocess.run(scanner.split() + ["scan", "--format", "json", corpus], capture_output=True)
    wall = time.monotonic() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"scanner exited {proc.returncode} on {corpus}: {proc.stderr.decode(errors='replace')[-2000:]}")
    report = json.loads(proc.stdout)
    if cache:
        json.dump(report, open(cache, "w"))
    return report, wall


def per_package(report, corpus):
    """package -> {rule: highest severity index}"""
    hits = defaultdict(dict)
    for f in report.get("findings", []):
        pkg = package_of(f["path"], corpus)
        if pkg is None:
            continue
        sev = SEVERITIES.index(f["severity"])
        hits[pkg][f["rule"]] = max(sev, hits[pkg].get(f["rule"], -1))
    return hits


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scanner", default="target/release/hiss")
    ap.add_argument("--malicious", action="append", default=[])
    ap.add_argument("--benign", action="append", default=[])
    ap.add_argument("--threshold", default="high", choices=SEVERITIES)
    ap.add_argument("--exclude-file", help="malicious packages reviewed to carry no code that could be malicious")
    ap.add_argument("--markdown", help="write the table to this file")
    ap.add_argument("--reports", help="keep (and reuse) each corpus's JSON report in this folder")
    ap.add_argument("--misses", help="write the missed package names to this file")
    args = ap.parse_args()
    floor = SEVERITIES.index(args.threshold)
    excluded = set()
    if args.exclude_file:
        for line in open(args.exclude_file):
            name = line.split("#", 1)[0].strip()
            if name:
                excluded.add(name)

    rule_mal, rule_ben, rule_ben_any = Counter(), Counter(), Counter()
    totals = {"malicious": [0, 0], "benign": [0, 0]}
    lines, missed = [], []
    for kind, corpora in (("malicious", args.malicious), ("benign", args.benign)):
        for corpus in corpora:
            report, wall = scan(args.scanner, corpus, args.reports)
            hits = per_package(report, corpus)
            pkgs = packages(corpus, excluded if kind == "malicious" else set())
            flagged = [p for p in pkgs if any(s >= floor for s in hits.get(p, {}).values())]
            totals[kind][0] += len(flagged)
            totals[kind][1] += len(pkgs)
            for p in pkgs:
                for rule, sev in hits.get(p, {}).items():
                    if kind == "malicious" and sev >= floor:
                        rule_mal[rule] += 1
                    if kind == "benign":
                        rule_ben_any[rule] += 1
                        if sev >= floor:
                            rule_ben[rule] += 1
            lines.append(f"{kind:9} {corpus}: {len(flagged)}/{len(pkgs)} flagged"
                         + (f" in {wall:.1f}s" if wall else " (report reused)")
                         + f", {len(report.get('errors', []))} errors")
            if kind == "malicious":
                for p in pkgs:
                    if p not in flagged:
                        missed.append(p)
                        below = ", ".join(f"{r}:{SEVERITIES[s]}" for r, s in sorted(hits.get(p, {}).items()))
                        lines.append(f"  missed  {p}" + (f"  ({below})" if below else ""))
            else:
                for p in flagged:
                    top = ", ".join(f"{r}:{SEVERITIES[s]}" for r, s in sorted(hits[p].items()) if s >= floor)
                    lines.append(f"  flagged {p}  ({top})")

    rules = json.loads(subprocess.run(args.scanner.split() + ["rules", "--json"], capture_output=True, check=True).stdout)
    version = subprocess.run(args.scanner.split() + ["--version"], capture_output=True, text=True).stdout.strip()
    mal_n, ben_n = totals["malicious"][1], totals["benign"][1]
    table = [f"| rule | name | malicious packages ≥ {args.threshold} (of {mal_n}) | benign packages ≥ {args.threshold} (of {ben_n}) "
             f"| benign packages, any severity | precision |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for r in rules:
        rid = r["id"]
        m, b = rule_mal[rid], rule_ben[rid]
        precision = f"{m / (m + b):.3f}" if m + b else "–"
        table.append(f"| {rid} | `{r['name']}` | {m} | {b} | {rule_ben_any[rid]} | {precision} |")
    rec = totals["malicious"][0] / max(1, mal_n)
    fpr = totals["benign"][0] / max(1, ben_n)
    summary = (f"recall={rec:.4f} ({totals['malicious'][0]}/{mal_n}) "
               f"fpr={fpr:.4f} ({totals['benign'][0]}/{ben_n}) threshold={args.threshold}"
               + (f" excluded={len(excluded)}" if excluded else ""))
    print("\n".join(lines))
    print()
    print("\n".join(table))
    print()
    print(summary)
    if args.misses:
        open(args.misses, "w").write("".join(p + "\n" for p in missed))
    if args.markdown:
        corpora = "\n".join(f"- {k}: `{c}`" for k, cs in (("malicious", args.malicious), ("benign", args.benign)) for c in cs)
        with open(args.markdown, "w") as out:
            out.write(f"# Per-rule precision\n\n"
                      f"Generated by `scripts/eval.py` on {datetime.date.today().isoformat()} with {version}.\n\n"
                      f"Corpora (packages are the direct children of each folder):\n\n{corpora}\n\n"
                      f"{summary}\n\n"
                      "A package counts once per rule however many findings it has. Precision is "
                      "malicious / (malicious + benign) at the threshold; rules that no package "
                      "reached show –.\n\n" + "\n".join(table) + "\n")


if __name__ == "__main__":
    main()
