# Decoders whose output never reaches exec/eval/compile: a CLI that prints a
# base64 blob, a regex pattern stored encoded, a zlib-compressed JSON table.
import base64
import json
import re
import sys
import zlib

_TABLE = base64.b64decode("eJyrVkpUslIwrAUACeUCKQ==")
_PATTERN = base64.b64decode("W2EtejAtOV0r").decode()
WORD = re.compile(_PATTERN)


def table():
    return json.loads(zlib.decompress(_TABLE))


def main(argv):
    for arg in argv[1:]:
        print(base64.b64decode(arg).decode("utf-8", "replace"))
    print(WORD.findall(" ".join(argv)))
    print(table())


if __name__ == "__main__":
    main(sys.argv)
