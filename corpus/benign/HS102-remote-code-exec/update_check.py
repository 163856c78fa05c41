# An update check: the latest version string is fetched and compared with
# the local one, which is read by exec'ing the package's _version.py.
import os

import requests

HERE = os.path.dirname(os.path.abspath(__file__))


def local_version():
    ns = {}
    with open(os.path.join(HERE, "_version.py")) as f:
        exec(f.read(), ns)
    return ns["__version__"]


def check_for_update():
    latest = requests.get("https://pypi.example.org/pypi/example-pkg/json", timeout=3).json()
    current = local_version()
    if latest["info"]["version"] != current:
        print(f"example-pkg {latest['info']['version']} is available (you have {current})")
