# Near-miss for HS239: a tool that installs itself as a systemd user service
# (medium HS238 persistence), with no download and no decoded payload.
import os
import subprocess
import sys

UNIT = """[Unit]
Description=sync daemon

[Service]
ExecStart={python} -m mysync.daemon
Restart=on-failure

[Install]
WantedBy=default.target
"""


def install():
    path = os.path.expanduser("~/.config/systemd/user/mysync.service")  # expect: HS238 medium
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(UNIT.format(python=sys.executable))
    subprocess.run(["systemctl", "--user", "daemon-reload"], check=True)
    subprocess.run(["systemctl", "--user", "enable", "--now", "mysync.service"], check=True)
