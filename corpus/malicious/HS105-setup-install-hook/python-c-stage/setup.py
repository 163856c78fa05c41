# Defanged replica of the humunculous/unclesky install hooks: the network
# code is kept in a string and handed to a new interpreter with `-c` after
# the install, so setup.py itself only shows a spawn.
import subprocess
import sys

from setuptools import setup
from setuptools.command.install import install

STAGE = """
import requests
requests.get('https://probe.example.invalid/get', timeout=30)
"""


class PostInstall(install):
    def run(self):
        install.run(self)
        subprocess.run([sys.executable, "-c", STAGE], timeout=60)  # expect: HS105 high


setup(name="post-install-probe", version="0.1", cmdclass={"install": PostInstall})
