# Benign near-miss: a project generator that writes a script template with
# `import` lines and a subprocess call to a new file; the written code runs
# a local test command, nothing that connects anywhere.
import pathlib

TEMPLATE = """import subprocess
import sys

def main():
    return subprocess.call([sys.executable, "-m", "pytest", "-q"])

if __name__ == "__main__":
    raise SystemExit(main())
"""


def scaffold(root):
    path = pathlib.Path(root) / "run_tests.py"
    path.write_text(TEMPLATE)
    return path
