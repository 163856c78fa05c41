# The setup script itself is clean; the command class lives in a module.
from setuptools import setup

from build_helpers import PostInstall

setup(
    name="colorama-utils",
    version="1.2.0",
    py_modules=["colorama_utils"],
    cmdclass={"install": PostInstall},
)
