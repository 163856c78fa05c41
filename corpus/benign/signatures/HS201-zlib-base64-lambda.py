# Near-miss for HS201: a lambda that inflates base64 data, not reversed and
# never executed.
import base64
import zlib

unpack = lambda blob: zlib.decompress(base64.b64decode(blob))


def load_table(blob):
    return unpack(blob).decode("utf-8").splitlines()
