# Defanged: a webhook URL with a placeholder id next to the path of Chrome's
# key file; nothing is read or sent.
import os

WEBHOOK = "https://discord.com/api/webhooks/0000/placeholder"  # expect: HS223 high, HS111 critical
STATE = os.path.join("User Data", "Local State")


def config():
    return WEBHOOK, STATE
