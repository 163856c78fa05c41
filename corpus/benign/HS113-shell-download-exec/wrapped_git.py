# Benign near-miss: a release script whose local wrapper runs git and a
# build; the commands handed to it fetch sources but never run a download.
import subprocess


def run(cmd):
    subprocess.run(cmd, shell=True, check=True)


def release(tag):
    run("git fetch --tags https://github.com/example/project.git")
    run(f"git checkout {tag}")
    run("python -m build --sdist --wheel")
