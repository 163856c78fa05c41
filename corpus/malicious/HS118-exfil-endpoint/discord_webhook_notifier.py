# Defanged: a "helper" that ships its author's Discord webhook (id and
# token written in the file) and posts whatever it is given to it.
import requests

WEBHOOK = (
    "https://discord.com/api/webhooks/000000000000000000/"
    "DEFANGED-fixture-token-0000000000000000000000000000000000000000000000"
)


def notify(text):
    requests.post(WEBHOOK, json={"content": text}, timeout=5)  # expect: HS118 high
