# Ordinary process calls that fetch things: git clone, pip install from the
# index, a package manager. No downloader piped into a shell.
import subprocess
import sys


def setup_dev(repo="https://git.example.org/example/tools.git"):
    subprocess.run(["git", "clone", "--depth", "1", repo, "tools"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-r", "tools/requirements.txt"], check=True)
    subprocess.run(["apt-get", "install", "-y", "curl"], check=False)
