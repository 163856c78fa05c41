# A job runner writes a shell script from a template and runs it: written
# then run, but the content is built from local settings, not decoded or
# downloaded.
import os
import subprocess
import tempfile

TEMPLATE = """#!/bin/sh
set -e
cd {workdir}
{command}
"""


def run_job(workdir, command):
    fd, path = tempfile.mkstemp(suffix=".sh")
    with os.fdopen(fd, "w") as f:
        f.write(TEMPLATE.format(workdir=workdir, command=command))
    os.chmod(path, 0o700)
    try:
        return subprocess.run(["/bin/sh", path], check=True).returncode
    finally:
        os.remove(path)
