# Shape of get-pip.py: a zip archive is stored base85-encoded in the script,
# written to a temporary folder and put on sys.path so that its package can
# be imported. Decoded bytes are written and then imported, but through an
# ordinary import statement of a known package, not by running the file.
import os.path
import shutil
import sys
import tempfile
from base64 import b85decode

DATA = b"""
P)h>@6aWAK0011ec3lmOT8st&000I6000pH003xZY;12YUtei%X>?y-E^v8RAUz;43Q$V{0u%!j00000035b<T@8#{j0OMz00sa601*HH00000000000Du7i0001JWo&G3FJE72ZfSI1UoLQYP)h{{000000RRC2KL7v#H2?qr000
"""


def bootstrap(tmpdir):
    pip_zip = os.path.join(tmpdir, "pip.zip")
    with open(pip_zip, "wb") as fp:
        fp.write(b85decode(DATA.replace(b"\n", b"")))
    sys.path.insert(0, pip_zip)
    from hello import X

    return X


def main():
    tmpdir = None
    try:
        tmpdir = tempfile.mkdtemp()
        print(bootstrap(tmpdir=tmpdir))
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
