import subprocess
import urllib.request

from setuptools.command.build_ext import build_ext


class BuildExt(build_ext):
    def run(self):
        subprocess.check_call(["cmake", "--version"])
        build_ext.run(self)


def check_for_updates():
    # Only a maintainer runs this by hand; nothing in the build calls it.
    return urllib.request.urlopen("https://pypi.example.com/pypi/speedups/json").read()
