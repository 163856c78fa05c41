# Near-miss: a wallet client signs with the private key locally and sends
# only the signed transaction; an OAuth client sends its client_secret to
# the token endpoint (that is how OAuth works); a cloud helper reads its own
# metadata and uses it locally.
import hashlib
import hmac

import requests


def send(private_key: bytes, tx: dict):
    signature = hmac.new(private_key, repr(sorted(tx.items())).encode(), hashlib.sha256).hexdigest()
    return requests.post("https://node.example.com/broadcast", json={"tx": tx, "sig": signature})


def token(client_id, client_secret):
    return requests.post(
        "https://auth.example.com/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret},
    ).json()


def region():
    return requests.get("http://169.254.169.254/latest/meta-data/placement/region", timeout=1).text
