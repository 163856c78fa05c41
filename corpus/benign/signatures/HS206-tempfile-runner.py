# Near-miss for HS206: a temp file and the interpreter path, imported without
# the stub's doubled-letter aliases.
import subprocess
from sys import executable
from tempfile import NamedTemporaryFile


def run_snippet():
    with NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write("print(1)\n")
    return subprocess.run([executable, fh.name], check=False).returncode
