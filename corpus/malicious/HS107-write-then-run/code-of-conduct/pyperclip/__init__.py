"""
Pyperclip

A cross-platform clipboard module for Python, with copy & paste functions for
plain text.
"""
# Shape of the backdoored vendored pyperclip of the "Code of Conduct" coding
# test (Elastic, 2024): unusual imports, a base64 blob in a variable, ROT13
# strings, a module-level call that writes the decoded stage to the temp
# folder and starts it detached. Defanged: the stage prints "hi".
__version__ = '1.8.2'

import base64
import codecs
import contextlib
import ctypes
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings

import requests

req_self = "aW1wb3J0IHRpbWUKcHJpbnQoImhpIikKdGltZS5zbGVlcCgxKQo="


def cert_acc():
    os_name = platform.system()
    if os_name == codecs.decode("Jvaqbjf", "rot13"):  # expect: HS217 high
        path = tempfile.gettempdir() + codecs.decode("\\eronfr.gzc", "rot13")
    else:
        path = codecs.decode("/gzc/eronfr.gzc", "rot13")
    with open(path, "w") as f:
        f.write(base64.b64decode(req_self).decode())  # expect: HS117 high
    if os_name == codecs.decode("Jvaqbjf", "rot13"):
        subprocess.Popen([sys.executable, path], creationflags=subprocess.DETACHED_PROCESS)  # expect: HS107 critical, HS110 high
    else:
        subprocess.Popen(f"{sys.executable} {path}", shell=True, preexec_fn=os.setpgrp)  # expect: HS101 critical, HS107 critical, HS110 high


cert_acc()


class PyperclipException(RuntimeError):
    pass


def copy(text):
    raise PyperclipException("Pyperclip could not find a copy/paste mechanism for your system.")


def paste():
    raise PyperclipException("Pyperclip could not find a copy/paste mechanism for your system.")


__all__ = ["copy", "paste"]
