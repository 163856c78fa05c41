# Near-miss for HS207: a dependency-injection route named /inject/, fetched as
# data and never executed.
from urllib.request import urlopen

DOCS = "https://example.com/inject/overview"


def fetch_docs():
    with urlopen(DOCS) as resp:
        return resp.read().decode("utf-8")
