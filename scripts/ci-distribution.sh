#!/usr/bin/env bash
# Distribution checks for .ci/run: the wheel maturin builds installs into a
# fresh venv and works, and the pre-commit hook fails a commit that adds a
# dropper and passes a benign one. Needs python3 with venv and pip (maturin
# and pre-commit are installed here, in a throwaway venv) and git.
# CARGO_TARGET_DIR points every build at this clone's target/, so only the
# hiss crate itself is compiled again.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$here/target"

echo "-- tools (maturin, pre-commit) in $work/tools"
python3 -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2" "pre-commit>=3"

echo "-- wheel"
"$work/tools/bin/maturin" build --release --locked --quiet --out "$work/dist"
ls "$work"/dist
python3 -m venv "$work/fresh"
"$work/fresh/bin/pip" install --quiet --disable-pip-version-check "$work"/dist/hiss-*.whl
"$work/fresh/bin/hiss" --version
set +e
"$work/fresh/bin/hiss" scan --quiet --isolated --no-cache corpus/malicious >/dev/null; mal=$?
"$work/fresh/bin/hiss" scan --quiet --isolated --no-cache corpus/benign >/dev/null; ben=$?
set -e
echo "installed hiss: corpus/malicious exit=$mal (want 1), corpus/benign exit=$ben (want 0)"
[ "$mal" -eq 1 ] && [ "$ben" -eq 0 ]

echo "-- pre-commit hook (pre-commit try-repo)"
repo="$work/repo"
mkdir "$repo"
cd "$repo"
git init -q
printf 'def add(a, b):\n    return a + b\n' > ok.py
# A defanged dropper: the payload decodes to print('hi').
printf "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n" > evil.py
git add ok.py evil.py
export PATH="$work/tools/bin:$PATH" PRE_COMMIT_HOME="$work/pre-commit-cache"
set +e
pre-commit try-repo "$here" hiss --files ok.py >"$work/ok.log" 2>&1; ok=$?
pre-commit try-repo "$here" hiss --files evil.py >"$work/evil.log" 2>&1; evil=$?
set -e
echo "pre-commit: benign file exit=$ok (want 0), dropper exit=$evil (want 1)"
if [ "$ok" -ne 0 ] || [ "$evil" -ne 1 ] || ! grep -q HS101 "$work/evil.log"; then
  cat "$work/ok.log" "$work/evil.log"
  exit 1
fi
