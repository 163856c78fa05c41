# Python equivalent of the Slow Pisces YAML payload (Elastic "Bit ByBit",
# 2025): create ~/Public, write a base64-decoded loader to
# ~/Public/__init__.py and start it in a new session with its output  # expect: HS218 high
# discarded. Defanged: the loader prints "hi".
import base64
import os
import subprocess
import sys

LOADER = "aW1wb3J0IG9zCnByaW50KCdoaScpCg=="

public = os.path.expanduser("~/Public")
os.makedirs(public, exist_ok=True)
init_path = os.path.join(public, "__init__.py")
with open(init_path, "wb") as fh:
    fh.write(base64.b64decode(LOADER))
subprocess.Popen(  # expect: HS107 critical, HS110 high
    [sys.executable, init_path],
    start_new_session=True,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
