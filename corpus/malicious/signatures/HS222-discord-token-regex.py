# Defanged: the token patterns of a Discord grabber, applied to a string the
# caller passes; no file is read and nothing is sent.
import re

PATTERNS = (r"[\w-]{24}\.[\w-]{6}\.[\w-]{27}", r"mfa\.[\w-]{84}")  # expect: HS222 high


def tokens(text):
    return [t for p in PATTERNS for t in re.findall(p, text)]
