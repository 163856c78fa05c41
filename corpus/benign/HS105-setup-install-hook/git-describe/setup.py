# Versions from git, long description from README, version module via exec
# of a local file: subprocess and exec at install time, no network.
import os
import subprocess

from setuptools import find_packages, setup


def git_version():
    try:
        out = subprocess.check_output(["git", "describe", "--tags", "--always"], stderr=subprocess.DEVNULL)
        return out.decode().strip().lstrip("v")
    except (OSError, subprocess.CalledProcessError):
        return "0.0.0"


about = {}
exec(open(os.path.join("example_pkg", "__about__.py")).read(), about)

setup(
    name="example-pkg",
    version=git_version(),
    description=about["__description__"],
    long_description=open("README.md", encoding="utf-8").read(),
    packages=find_packages(exclude=["tests"]),
)
