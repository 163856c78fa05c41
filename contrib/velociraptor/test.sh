#!/usr/bin/env bash
# Run by .ci/run: the Velociraptor artifact's shape, and its command line run
# for real (PyYAML in a throwaway venv when the system has none).
set -euo pipefail
cd "$(dirname "$0")"
hiss="${HISS_BIN:-$(cd ../.. && pwd)/target/release/hiss}"
py=python3
if ! python3 -c 'import yaml' 2>/dev/null; then
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check pyyaml
  py="$work/venv/bin/python"
fi
"$py" test_artifact.py "$hiss"
