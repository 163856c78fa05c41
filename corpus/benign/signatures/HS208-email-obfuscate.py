# Near-miss for HS208: a helper that obfuscates e-mail addresses for HTML.


def obfuscate(address):
    return "".join(f"&#{ord(c)};" for c in address)


obfuscated = dict(map(lambda kv: (kv, obfuscate(kv)), ["a@example.com"]))
