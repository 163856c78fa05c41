# Defanged dependency-confusion probe: pings a request catcher on install.
import requests
from setuptools import setup

try:
    requests.get("https://defanged-fixture.m.pipedream.net/installed", timeout=3)  # expect: HS105 high, HS118 high
except Exception:
    pass

setup(name="internal-utils", version="99.0.0", packages=[])
