# A tool installer in the shape of gradio's share-link helper: one function
# downloads a pinned binary into the package's cache and compares its
# SHA-256 with the digest it ships; a method elsewhere starts it. Reported at
# medium: the download is checked against a known digest.
import hashlib
import os
import subprocess

import httpx

BINARY_PATH = os.path.expanduser("~/.cache/example-tool/frpc")
CHECKSUM = "0000000000000000000000000000000000000000000000000000000000000000"


def download_binary():
    resp = httpx.get("https://downloads.example.org/frpc-0.3/frpc_linux_amd64", timeout=30)
    with open(BINARY_PATH, "wb") as file:
        file.write(resp.content)
    digest = hashlib.sha256(resp.content).hexdigest()
    if digest != CHECKSUM:
        raise OSError("checksum mismatch")


class Tunnel:
    def start(self):
        download_binary()
        return self._start(BINARY_PATH)

    def _start(self, binary):
        command = [binary, "http", "-n", "token"]
        return subprocess.Popen(command)  # expect: HS107 medium


def fetch_data(url, dest):
    with open(dest, "wb") as f:
        f.write(httpx.get(url).content)


def run_tool(cmd):
    return subprocess.run(cmd, check=True)


fetch_data("https://data.example.org/sample.bin", "sample.bin")
run_tool(["example-tool", "--version"])
