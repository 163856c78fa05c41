# A crash reporter: it sends the host name with a report, but only when the
# application calls it. A capability, reported at medium, not a beacon.
import socket

import requests


def report_crash(exc, endpoint):
    payload = {"error": repr(exc), "host": socket.gethostname()}
    requests.post(endpoint, json=payload, timeout=5)  # expect: HS114 medium
