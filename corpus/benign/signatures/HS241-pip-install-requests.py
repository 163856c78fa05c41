# Near-miss for HS241: a bootstrap helper that installs missing packages from
# PyPI at run time (plain names, or PyPI itself named as the index), and an
# error message that tells the user how to install from git.
import subprocess
import sys


def ensure(package):
    try:
        __import__(package)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", package])


def ensure_requests():
    subprocess.check_call([sys.executable, "-m", "pip", "install", "requests"])
    subprocess.check_call(
        [sys.executable, "-m", "pip", "install", "--index-url", "https://pypi.org/simple", "rich"]
    )


def need_dev_build():
    raise SystemExit("please run: pip install git+https://github.com/example/project.git")
