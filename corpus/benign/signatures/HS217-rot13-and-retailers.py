# Near-miss for HS217: a ROT13 helper and a list of retailers, without the
# beacon format or ROT13-hidden URLs.
import codecs

RETAILERS = ["Amazon.com", "ebay.com"]


def rot(text):
    return codecs.encode(text, "rot13")
