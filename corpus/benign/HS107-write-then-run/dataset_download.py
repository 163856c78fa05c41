# Downloads written to disk and then only read as data: a dataset archive
# and a model config, never executed.
import json
import os
import tarfile
import urllib.request

import requests

CACHE = os.path.expanduser("~/.cache/example-datasets")


def fetch_dataset(name):
    os.makedirs(CACHE, exist_ok=True)
    archive = os.path.join(CACHE, f"{name}.tar.gz")
    urllib.request.urlretrieve(f"https://data.example.org/{name}.tar.gz", archive)
    with tarfile.open(archive) as tar:
        tar.extractall(os.path.join(CACHE, name), filter="data")
    return os.path.join(CACHE, name)


def fetch_config(model):
    path = os.path.join(CACHE, f"{model}.json")
    r = requests.get(f"https://models.example.org/{model}/config.json", timeout=30)
    with open(path, "wb") as f:
        f.write(r.content)
    with open(path) as f:
        return json.load(f)
