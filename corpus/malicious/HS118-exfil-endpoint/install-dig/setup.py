# Defanged replica of hkg-sol-utils: setup.py counts installs by resolving
# a fixed name with `dig` (the zone is .invalid) while pip builds it.
import subprocess

from setuptools import setup

subprocess.getoutput("dig @1.1.1.1 install.api.counter.example.invalid")  # expect: HS118 high

setup(name="sol-utils-helper", version="0.4.0", packages=[])
