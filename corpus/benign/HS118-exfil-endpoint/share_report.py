# A CLI that, when asked, uploads a diagnostics report to a file-sharing
# service and prints the link: medium (run context, a feature on request).
import httpx


def share(path):
    with open(path, "rb") as f:
        r = httpx.post("https://file.io", files={"file": f})  # expect: HS118 medium
    return r.json()["link"]
