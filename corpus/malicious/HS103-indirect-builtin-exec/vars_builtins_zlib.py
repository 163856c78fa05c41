# exec taken from the builtins module's dictionary, running a zlib+base64
# blob at import time. Defanged: print('hi').
import base64
import zlib

_k = "ex" + "ec"
vars(__import__("builtins"))[_k](zlib.decompress(base64.b64decode("eJwrKMrMK9FQz8hU1wQAGKEDng==")))  # expect: HS101 critical, HS103 critical
