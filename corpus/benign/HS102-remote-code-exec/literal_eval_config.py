# Remote data read with parsers that cannot run code.
import ast
import json
import urllib.request

import requests

FLAGS_URL = "https://config.example.com/flags.json"


def feature_flags():
    return json.loads(requests.get(FLAGS_URL, timeout=5).text)


def legacy_settings(url="https://config.example.com/settings.txt"):
    # The old endpoint served a Python dict literal.
    with urllib.request.urlopen(url, timeout=5) as resp:
        return ast.literal_eval(resp.read().decode())
