# An API client that caches responses with pickle: what is pickled and
# unpickled is the client's own local cache file, while the network data is
# parsed as JSON.
import os
import pickle

import requests

CACHE = os.path.expanduser("~/.cache/example-api.pkl")


def get(url):
    cache = {}
    if os.path.exists(CACHE):
        with open(CACHE, "rb") as f:
            cache = pickle.load(f)
    if url not in cache:
        cache[url] = requests.get(url, timeout=10).json()
        with open(CACHE, "wb") as f:
            pickle.dump(cache, f)
    return cache[url]
