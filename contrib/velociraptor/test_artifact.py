#!/usr/bin/env python3
"""Checks Custom.Hiss.Sweep.yaml against the shape Velociraptor expects,
then runs the command line it builds with the real binary and reads the
output the way its `parse_jsonl` and WHERE clause do.

    test_artifact.py PATH/TO/hiss        (needs PyYAML)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ARTIFACT = HERE / "Custom.Hiss.Sweep.yaml"
# Fields of Velociraptor's Artifact message (artifacts/proto/artifact.proto).
TOP_LEVEL = {"name", "description", "author", "reference", "type", "tools", "precondition",
             "parameters", "sources", "required_permissions", "implied_permissions",
             "column_types", "export", "imports", "reports", "aliases", "resources"}
PARAM_FIELDS = {"name", "description", "type", "default", "choices", "friendly_name", "validating_regex"}
PARAM_TYPES = {"string", "int", "int64", "bool", "choices", "json", "json_array", "csv", "regex",
               "regex_array", "timestamp", "yara", "upload", "upload_file", "hidden", "multichoice"}
TOOL_FIELDS = {"name", "url", "github_project", "github_asset_regex", "serve_locally",
               "expected_hash", "version", "filename"}
SEVERITY = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def check_shape(a):
    assert set(a) <= TOP_LEVEL, set(a) - TOP_LEVEL
    assert re.fullmatch(r"[A-Za-z0-9]+(\.[A-Za-z0-9]+)+", a["name"]), a["name"]
    assert a["type"] == "CLIENT"
    assert a["description"].strip()
    assert "SELECT" in a["precondition"] and "info()" in a["precondition"]
    tools = {t["name"] for t in a["tools"]}
    for t in a["tools"]:
        assert set(t) <= TOOL_FIELDS, t
    query = "\n".join(s["query"] for s in a["sources"])
    used_tools = set(re.findall(r'FetchBinary\(ToolName="([^"]+)"', query))
    assert used_tools and used_tools <= tools, (used_tools, tools)
    assert "execve(" in query and "parse_jsonl(" in query
    assert "EXECVE" in a["required_permissions"], "execve needs the EXECVE permission"
    params = {}
    for p in a["parameters"]:
        assert set(p) <= PARAM_FIELDS, p
        assert p["description"].strip(), p
        kind = p.get("type", "string")
        assert kind in PARAM_TYPES, kind
        d = p.get("default")
        if kind == "bool":
            assert d in ("Y", "N"), p
        elif kind == "int":
            assert isinstance(d, int), p
        elif kind == "choices":
            assert d in p["choices"], p
        elif kind == "json_array":
            assert isinstance(json.loads(d), list), p
        assert re.search(r"\b%s\b" % p["name"], query), f"{p['name']} is never used"
        params[p["name"]] = p
    assert set(params["MinimumSeverity"]["choices"]) == set(SEVERITY)
    return query, params


def check_flags(query, hiss):
    help_text = subprocess.run([hiss, "sweep", "--help"], capture_output=True, text=True, check=True).stdout
    flags = set(re.findall(r'"(--[a-z-]+)', query))
    assert flags, query
    for flag in flags:
        assert flag in help_text, f"hiss sweep has no {flag}"


def simulate(params, hiss):
    """The argv the query builds with the defaults (ExtraPaths set), run on a
    fake home; rows filtered as the WHERE clause filters them."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        home = tmp / "home"
        (home / ".cache").mkdir(parents=True)
        extra = tmp / "opt" / "venv" / "lib" / "python3.11" / "site-packages" / "evil"
        extra.mkdir(parents=True)
        (extra / "__init__.py").write_text(
            "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n")
        results = tmp / "results.jsonl"
        d = {k: p.get("default") for k, p in params.items()}
        argv = [hiss, "sweep", "--format", "jsonl", "--fail-on", "never", "--output", str(results),
                f"--max-time={d['MaxTimeSeconds']}", f"--max-file-size={d['MaxFileSize']}"]
        argv += ["--nice"] if d["Nice"] == "Y" else []
        # The fake home only (the test machine's own interpreters are not
        # the point here).
        argv += ["--user-only", f"--extra={extra.parent}"]
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
        run = subprocess.run(argv, env=env, capture_output=True, text=True)
        assert run.returncode in (0, 2), run
        assert run.stdout == "", "the report goes to --output"
        rows = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
        kinds = [r["type"] for r in rows]
        assert kinds[0] == "host" and kinds[-1] == "summary", kinds
        minimum = SEVERITY[d["MinimumSeverity"]]
        kept = [r for r in rows if r["type"] != "finding" or SEVERITY[r["severity"]] >= minimum]
        found = [r for r in kept if r["type"] == "finding"]
        assert any(r["rule"] == "HS101" and r["severity"] == "critical" and r["sha256"]
                   and r["path"].endswith("evil/__init__.py") for r in found), found
        host = rows[0]
        assert {"hostname", "os", "user", "started", "hiss_version", "rules_version"} <= set(host), host
        return len(rows), len(found)


def main():
    hiss = sys.argv[1]
    artifact = yaml.safe_load(ARTIFACT.read_text())
    query, params = check_shape(artifact)
    check_flags(query, hiss)
    rows, found = simulate(params, hiss)
    print(f"Custom.Hiss.Sweep: shape ok, flags exist in hiss sweep, {rows} JSONL rows, {found} findings kept")


if __name__ == "__main__":
    main()
