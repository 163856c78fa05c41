# Near-miss for HS234: a clipboard history helper. It reads and writes the
# clipboard and uses a regex, but has no wallet-address pattern.
import re
import time

import pyperclip

URL = re.compile(r"https?://\S+")


def collect(limit=20):
    history = []
    last = ""
    while len(history) < limit:
        text = pyperclip.paste()
        if text and text != last:
            history.append(text)
            last = text
        time.sleep(1)
    return history


def restore(history, index):
    pyperclip.copy(history[index])


def links(history):
    return [m.group(0) for h in history for m in URL.finditer(h)]
