# Near-miss for HS223: a build notifier with a placeholder Discord webhook and
# no secret store.
import json

WEBHOOK = "https://discord.com/api/webhooks/0000/placeholder"


def payload(status):
    return json.dumps({"content": f"build {status}"})
