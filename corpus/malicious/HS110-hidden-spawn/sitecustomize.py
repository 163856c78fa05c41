# A sitecustomize.py planted in site-packages: at every interpreter start it
# relaunches a helper with pythonw-style detachment so that no console shows.
# Defanged: the helper path is local and nothing is downloaded.
import os
import subprocess
import sys

_helper = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_pycache_helper.py")

if os.path.exists(_helper) and not os.environ.get("_PYHELPER"):
    os.environ["_PYHELPER"] = "1"
    if sys.platform == "win32":
        subprocess.Popen(  # expect: HS110 high
            [sys.executable.replace("python.exe", "pythonw.exe"), _helper],
            creationflags=subprocess.DETACHED_PROCESS | subprocess.CREATE_NO_WINDOW,
            close_fds=True,
        )
    else:
        subprocess.Popen(  # expect: HS110 high
            [sys.executable, _helper],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
