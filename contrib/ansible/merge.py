#!/usr/bin/env python3
"""Merge the JSONL of `hiss sweep` from many hosts into one report.

    merge.py RESULTS_DIR [--fail-on high] [--out report.json]

RESULTS_DIR holds one `<host>.jsonl` per host (the inventory name is the
host's name in the report; the host line inside gives its hostname, OS and
the rules version that ran). The report lists, per host, its findings and
errors, and groups findings by the sha256 of the file they are in, so the
same malicious wheel or module on forty laptops is one row with forty hosts.

Prints a summary, the hosts at or above --fail-on on the last line, and
exits 1 when there is any (0 otherwise; 2 for unreadable input). Standard
library only: it runs on the Ansible controller's Python.
"""
import argparse
import json
import sys
from pathlib import Path

SEVERITIES = ["info", "low", "medium", "high", "critical"]


def rank(severity):
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def read_host(path):
    host = {"host": path.stem, "host_line": None, "findings": [], "errors": [], "summary": None}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{number}: not JSON: {e}") from None
        kind = record.pop("type", None)
        if kind == "host":
            host["host_line"] = record
        elif kind == "finding":
            host["findings"].append(record)
        elif kind == "error":
            host["errors"].append(record)
        elif kind == "summary":
            host["summary"] = record
    if host["summary"] is None:
        # A sweep cut short (killed, out of disk) has no summary line.
        host["errors"].append({"path": str(path), "message": "no summary line: the sweep did not finish"})
    return host


def merge(hosts, fail_on):
    threshold = rank(fail_on) if fail_on != "never" else len(SEVERITIES)
    groups = {}
    report_hosts = []
    for h in hosts:
        worst = max((f["severity"] for f in h["findings"]), key=rank, default=None)
        report_hosts.append({
            "host": h["host"],
            "hostname": (h["host_line"] or {}).get("hostname"),
            "os": (h["host_line"] or {}).get("os"),
            "rules_version": (h["host_line"] or {}).get("rules_version"),
            "findings": len(h["findings"]),
            "worst": worst,
            "errors": len(h["errors"]),
            "files": (h["summary"] or {}).get("files"),
            "failed": worst is not None and rank(worst) >= threshold,
        })
        for f in h["findings"]:
            key = f.get("sha256") or f["path"]
            g = groups.setdefault(key, {
                "sha256": f.get("sha256"),
                "severity": f["severity"],
                "rules": set(),
                "packages": set(),
                "hosts": {},
            })
            if rank(f["severity"]) > rank(g["severity"]):
                g["severity"] = f["severity"]
            g["rules"].add(f["rule"])
            pkg = f.get("package")
            if pkg:
                g["packages"].add(f"{pkg.get('name')} {pkg.get('version')}")
            g["hosts"].setdefault(h["host"], set()).add(f["path"])
    by_sha256 = sorted(
        (
            {
                "sha256": g["sha256"],
                "severity": g["severity"],
                "rules": sorted(g["rules"]),
                "packages": sorted(g["packages"]),
                "hosts": sorted(g["hosts"]),
                "paths": {host: sorted(paths) for host, paths in sorted(g["hosts"].items())},
            }
            for g in groups.values()
        ),
        key=lambda g: (-rank(g["severity"]), -len(g["hosts"]), g["sha256"] or ""),
    )
    failed = sorted(h["host"] for h in report_hosts if h["failed"])
    return {
        "fail_on": fail_on,
        "hosts": sorted(report_hosts, key=lambda h: h["host"]),
        "by_sha256": by_sha256,
        "failed_hosts": failed,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", type=Path)
    ap.add_argument("--fail-on", default="high", choices=SEVERITIES[1:] + ["never"])
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    files = sorted(args.results.glob("*.jsonl"))
    if not files:
        print(f"merge.py: no .jsonl results in {args.results}", file=sys.stderr)
        return 2
    try:
        report = merge([read_host(p) for p in files], args.fail_on)
    except (OSError, ValueError) as e:
        print(f"merge.py: {e}", file=sys.stderr)
        return 2
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for h in report["hosts"]:
        print(f"{h['host']}: {h['findings']} findings (worst {h['worst'] or '-'}), "
              f"{h['errors']} errors, {h['files']} files")
    for g in report["by_sha256"]:
        if rank(g["severity"]) >= rank("high"):
            print(f"{g['severity']} {','.join(g['rules'])} {g['sha256']} "
                  f"{'; '.join(g['packages']) or '-'} on {len(g['hosts'])} hosts: {', '.join(g['hosts'])}")
    print("failed hosts: " + (", ".join(report["failed_hosts"]) or "none"))
    return 1 if report["failed_hosts"] else 0


if __name__ == "__main__":
    sys.exit(main())
