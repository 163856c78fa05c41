# How notebook front ends start a kernel on Windows: no console window for
# the child process. Reported at medium only.
import subprocess
import sys


def launch_kernel(connection_file, cwd=None):
    cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file]
    kwargs = {"cwd": cwd, "stdin": subprocess.PIPE}
    if sys.platform == "win32":
        return subprocess.Popen(cmd, creationflags=subprocess.CREATE_NO_WINDOW, **kwargs)  # expect: HS110 medium
    return subprocess.Popen(cmd, **kwargs)


def open_docs():
    subprocess.run(["python", "-m", "webbrowser", "https://docs.example.org/"], check=False)
