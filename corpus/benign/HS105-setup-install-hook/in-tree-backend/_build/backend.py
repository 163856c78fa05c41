import os
import subprocess

from setuptools import build_meta as _orig

get_requires_for_build_wheel = _orig.get_requires_for_build_wheel
build_sdist = _orig.build_sdist


def _compiler_version():
    out = subprocess.run(["cc", "--version"], capture_output=True, text=True)
    return out.stdout.splitlines()[0] if out.returncode == 0 else ""


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    if "clang" in _compiler_version():
        os.environ.setdefault("CFLAGS", "-O3")
    return _orig.build_wheel(wheel_directory, config_settings, metadata_directory)
