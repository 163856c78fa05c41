# Slow Pisces-style loader step (ret == 3): a base64 + zlib blob that decodes
# to an executable is written out and started. Defanged: the "executable" is
# an ELF header followed by zeros; the path is a placeholder.
import base64
import os
import zlib

BLOB = "eJyrd/VxY2JkZCAXAABU/gFb"


def stage(path):
    data = zlib.decompress(base64.b64decode(BLOB))  # expect: HS116 high
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o755)  # expect: HS107 critical
