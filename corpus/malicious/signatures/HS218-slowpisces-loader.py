# Defanged: the staging path and endpoint of the Slow Pisces loader on an
# .invalid host; nothing is written or sent.
import os

STAGE = os.path.expanduser("~/Public/__init__.py")  # expect: HS218 high
STATUS = "https://c2.example.invalid/club/fb/status"


def where():
    return STAGE, STATUS
