#!/usr/bin/env bash
# End-to-end test of the Ansible route, run by .ci/run: three hosts, a
# malicious package planted on one, `ansible-playbook sweep.yml` (ansible-core
# from PyPI), and the merged report must name exactly that host.
#
# Hosts: with sshd and `ip netns` available (root), each host would be its
# own network namespace; where they are not, as here by default, the hosts
# are `ansible_connection=local` with separate fake roots (a HOME each, and
# `--user-only` so only that home is swept). The reason is printed.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
root=$(cd ../.. && pwd)
hiss="${HISS_BIN:-$root/target/release/hiss}"
[ -x "$hiss" ] || { echo "no hiss binary at $hiss (cargo build --release)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if command -v sshd >/dev/null && command -v ip >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "note: sshd and ip netns are available, but the namespace variant is not built yet; running the local-connection variant"
else
  echo "note: no sshd (or no ip netns / root) here: running the local-connection variant (three fake roots)"
fi

echo "-- ansible-core in $work/venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "ansible-core>=2.15,<2.19"

# Three homes; host2 gets a malicious package in its user site-packages
# (defanged: the payload decodes to print('hi')), the others a benign one.
for h in host1 host2 host3; do
  site="$work/$h/home/.local/lib/python3.11/site-packages"
  mkdir -p "$site/tidy" "$site/tidy-2.0.dist-info"
  printf 'def tidy(s):\n    return s.strip()\n' > "$site/tidy/__init__.py"
  printf 'Metadata-Version: 2.1\nName: tidy\nVersion: 2.0\n' > "$site/tidy-2.0.dist-info/METADATA"
done
evil="$work/host2/home/.local/lib/python3.11/site-packages"
mkdir -p "$evil/colorsx" "$evil/colorsx-0.3.dist-info"
printf "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n" > "$evil/colorsx/__init__.py"
printf 'Metadata-Version: 2.1\nName: colorsx\nVersion: 0.3\n' > "$evil/colorsx-0.3.dist-info/METADATA"

cat > "$work/inventory.ini" <<INI
[sweep]
host1 hiss_environment='{"HOME": "$work/host1/home"}'
host2 hiss_environment='{"HOME": "$work/host2/home"}'
host3 hiss_environment='{"HOME": "$work/host3/home"}'

[sweep:vars]
ansible_connection=local
ansible_python_interpreter=$work/venv/bin/python
INI

echo "-- ansible-playbook"
set +e
# A clean environment: nothing of this machine's Python setup (PYENV_ROOT,
# XDG_*, WORKON_HOME) leaks into the fake hosts' sweeps.
env -i PATH="$work/venv/bin:/usr/bin:/bin" HOME="$work/controller" LANG=C.UTF-8 \
  ANSIBLE_LOCAL_TEMP="$work/controller/tmp" ANSIBLE_REMOTE_TEMP="$work/controller/rtmp" \
  ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_NOCOLOR=1 \
  "$work/venv/bin/ansible-playbook" -i "$work/inventory.ini" "$here/sweep.yml" \
  -e "hiss_local_binary=$hiss" -e "hiss_results_dir=$work/results" \
  -e "hiss_sweep_args='--user-only --no-cache --nice'" > "$work/play.log" 2>&1
rc=$?
set -e
echo "ansible-playbook exit=$rc (want 2: the merge fails the play)"
report="$work/results/report.json"
if [ "$rc" -ne 2 ] || [ ! -f "$report" ]; then
  cat "$work/play.log"; exit 1
fi
python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["failed_hosts"] == ["host2"], r["failed_hosts"]
hosts = {h["host"]: h for h in r["hosts"]}
assert sorted(hosts) == ["host1", "host2", "host3"], sorted(hosts)
assert hosts["host1"]["findings"] == 0 and hosts["host3"]["findings"] == 0, hosts
assert all(h["files"] and h["files"] >= 2 for h in hosts.values()), hosts
top = r["by_sha256"][0]
assert top["hosts"] == ["host2"] and top["severity"] == "critical", top
assert top["packages"] == ["colorsx 0.3"], top
assert top["paths"]["host2"][0].endswith("colorsx/__init__.py"), top
print("merged report: only host2 flagged (colorsx 0.3, critical), 3 hosts swept")
PY
