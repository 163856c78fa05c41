#!/usr/bin/env bash
# End-to-end test of the Ansible route, run by .ci/run: three hosts, a
# malicious package planted on one, `ansible-playbook sweep.yml` (ansible-core
# from PyPI), and the merged report must name exactly that host.
#
# Hosts: with root, sshd and `ip netns`, each host is its own network
# namespace running its own sshd, and Ansible copies the binary and sweeps
# over ssh; without them, the hosts are `ansible_connection=local` (the
# reason is printed). Each host has its own home (a fake root: the
# namespaces share the file system), swept with `--user-only`.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
root=$(cd ../.. && pwd)
hiss="${HISS_BIN:-$root/target/release/hiss}"
[ -x "$hiss" ] || { echo "no hiss binary at $hiss (cargo build --release)"; exit 1; }
work=$(mktemp -d)

# Three hosts, each its own network namespace with its own sshd, reached by
# Ansible over ssh, when this machine allows it (root, sshd, ip netns);
# otherwise three ansible_connection=local hosts. Either way each host has
# its own home (a fake root), swept with --user-only.
mode=local
if [ "$(id -u)" = 0 ] && ! command -v sshd >/dev/null && command -v apt-get >/dev/null \
   && [ "${HISS_TEST_HOSTS:-}" != local ]; then
  echo "-- installing openssh-server (Debian package) for the namespace hosts"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    openssh-server openssh-client >/dev/null 2>&1 || echo "note: apt-get could not install openssh-server"
fi
if [ "${HISS_TEST_HOSTS:-}" = local ]; then
  echo "note: HISS_TEST_HOSTS=local: the hosts are ansible_connection=local (three fake roots)"
elif [ "$(id -u)" = 0 ] && command -v sshd >/dev/null && command -v ssh >/dev/null \
   && command -v ip >/dev/null && ip netns add hiss-probe 2>/dev/null; then
  ip netns del hiss-probe
  mode=netns
else
  echo "note: no root, sshd, ssh or ip netns here: the hosts are ansible_connection=local (three fake roots)"
fi

cleanup() {
  if [ "$mode" = netns ]; then
    for i in 1 2 3; do
      [ -f "$work/sshd$i.pid" ] && kill "$(cat "$work/sshd$i.pid")" 2>/dev/null || true
      ip netns del "hiss-host$i" 2>/dev/null || true
      ip link del "hiss-veth$i" 2>/dev/null || true
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$mode" = netns ]; then
  echo "-- three network namespaces, one sshd each"
  mkdir -p /run/sshd
  ssh-keygen -q -t ed25519 -N "" -f "$work/id" && ssh-keygen -q -t ed25519 -N "" -f "$work/hostkey"
  cp "$work/id.pub" "$work/authorized_keys"
  for i in 1 2 3; do
    ip netns add "hiss-host$i"
    ip link add "hiss-veth$i" type veth peer name eth0 netns "hiss-host$i"
    ip addr add "10.231.$i.1/24" dev "hiss-veth$i"
    ip link set "hiss-veth$i" up
    ip netns exec "hiss-host$i" ip addr add "10.231.$i.2/24" dev eth0
    ip netns exec "hiss-host$i" ip link set eth0 up
    ip netns exec "hiss-host$i" ip link set lo up
    cat > "$work/sshd$i.conf" <<CONF
ListenAddress 10.231.$i.2
HostKey $work/hostkey
PidFile $work/sshd$i.pid
AuthorizedKeysFile $work/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
CONF
    ip netns exec "hiss-host$i" /usr/sbin/sshd -f "$work/sshd$i.conf" -E "$work/sshd$i.log"
  done
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

{
  echo "[sweep]"
  for i in 1 2 3; do
    if [ "$mode" = netns ]; then
      echo "host$i ansible_host=10.231.$i.2 hiss_environment='{\"HOME\": \"$work/host$i/home\", \"PYENV_ROOT\": \"$work/host$i/home/.pyenv\"}'"
    else
      echo "host$i hiss_environment='{\"HOME\": \"$work/host$i/home\", \"PYENV_ROOT\": \"$work/host$i/home/.pyenv\"}'"
    fi
  done
  echo
  echo "[sweep:vars]"
  if [ "$mode" = netns ]; then
    echo "ansible_connection=ssh"
    echo "ansible_user=root"
    echo "ansible_ssh_private_key_file=$work/id"
    echo "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'"
    echo "ansible_python_interpreter=/usr/bin/python3"
  else
    echo "ansible_connection=local"
    echo "ansible_python_interpreter=$work/venv/bin/python"
  fi
} > "$work/inventory.ini"
echo "hosts: $mode"

echo "-- ansible-playbook"
set +e
# A clean environment: nothing of this machine's Python setup (PYENV_ROOT,
# XDG_*, WORKON_HOME) leaks into the fake hosts' sweeps.
mkdir -p "$work/controller"
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
echo "hosts were: $mode"
