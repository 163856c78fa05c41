"""A status-report CLI: it sends the host name only when run as a script.

Importing the module runs nothing; `python report.py` does, so the
finding is `run` context and medium, not an import-time beacon.
"""
import socket

import requests

STATUS_URL = "https://status.example.com/api/report"


def build_report():
    return {"host": socket.gethostname(), "ok": True}


if __name__ == "__main__":
    requests.post(STATUS_URL, json=build_report(), timeout=5)  # expect: HS114 medium
