# Benign near-miss: a client class fetches the latest version string and the
# caller passes it to pip as an argument list item, never to a shell.
import subprocess
import sys
from urllib import request


class Client:
    def latest(self):
        return request.urlopen("https://pypi.org/pypi/example/json").read()


def upgrade():
    Client().latest()
    subprocess.run([sys.executable, "-m", "pip", "install", "--upgrade", "example"], check=True)
