# A development server's "start in background" command: the server runs in
# its own session so that closing the terminal does not stop it. Detached,
# hence reported at medium, but nothing it starts is decoded or downloaded.
import os
import subprocess
import sys

PIDFILE = os.path.expanduser("~/.example-devserver.pid")


def start_background(port=8000):
    log = open(os.path.expanduser("~/.example-devserver.log"), "ab")
    proc = subprocess.Popen(  # expect: HS110 medium
        [sys.executable, "-m", "example_app.server", "--port", str(port)],
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    with open(PIDFILE, "w") as f:
        f.write(str(proc.pid))
    return proc.pid


def stop():
    with open(PIDFILE) as f:
        pid = int(f.read())
    os.kill(pid, 15)
