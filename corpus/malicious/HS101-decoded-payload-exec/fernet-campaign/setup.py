# Shape of the March 2024 mass PyPI campaign (Checkmarx / Check Point):
# setup.py installs `fernet` at install time, then decrypts an embedded
# Fernet token with a literal key and runs it. Defanged: the token decrypts
# to print('hi') under a throwaway key.
import subprocess
import sys

from setuptools import setup

subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "fernet"])  # expect: HS242 high

from fernet import Fernet

exec(Fernet(b'_tPoxLk-43slt0BbAhFCyZCEnTHzU0jdr1JM2PZGeV8=').decrypt(b'gAAAAABrA2yB4fLpMLkCin4nyByrWV2rVtzpv_oAyIjmOE4pOUTcPpODgoo32GQRvdZLZL2DyWnCEW38mEHMb6JzelY2jpWAog=='))  # expect: HS101 critical

setup(
    name="requests-colorize",
    version="1.0.3",
    description="Colourful logging for requests",
    packages=["requests_colorize"],
    install_requires=["requests"],
)
