# Passing the environment to a child process is not sending it anywhere, and
# reading an API token from the environment for a request is ordinary.
import os
import subprocess

import requests


def build():
    subprocess.run(["make", "all"], env=dict(os.environ, CC="clang"), check=True)


def fetch(url):
    token = os.environ.get("API_TOKEN", "")
    return requests.get(url, headers={"Authorization": "Bearer " + token}, timeout=5)
