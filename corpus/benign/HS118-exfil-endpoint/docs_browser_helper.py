# Benign near-miss: a command-line helper that opens the project's docs
# and runs `dig` for a host the user asks about, only when called.
import subprocess
import webbrowser


def open_docs():
    webbrowser.open_new_tab("https://docs.example.com/guide")


def resolve(name):
    return subprocess.run(["dig", "+short", name], capture_output=True, text=True).stdout


def check_index():
    return subprocess.getoutput("dig +short pypi.org")
