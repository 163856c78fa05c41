# Downloads that are only shown or read back: a report opened in the web
# browser and with its viewer, a JSON cache written by one function and
# parsed by another, a file handed to git. Nothing downloaded is run.
import json
import os
import subprocess
import tempfile
import webbrowser

import requests

REPORT = os.path.join(tempfile.gettempdir(), "report.html")
MANUAL = os.path.join(tempfile.gettempdir(), "manual.pdf")
CACHE = os.path.expanduser("~/.cache/example-tool/index.json")


def download_report(url):
    with open(REPORT, "wb") as f:
        f.write(requests.get(url, timeout=30).content)


def download_manual(url):
    with open(MANUAL, "wb") as f:
        f.write(requests.get(url, timeout=30).content)


def show():
    webbrowser.open("file://" + REPORT)
    os.startfile(MANUAL)


def refresh(url):
    data = requests.get(url, timeout=30).content
    with open(CACHE, "wb") as f:
        f.write(data)


def load():
    with open(CACHE) as f:
        return json.load(f)


def track():
    subprocess.run(["git", "add", CACHE], check=True)
