# A development helper that checks whether a tunnel answers, when asked to.
# Run context, nothing sent: reported at medium.
import requests


def tunnel_is_up():
    r = requests.get("https://docs-example.ngrok-free.app/health", timeout=5)  # expect: HS118 medium
    return r.ok
