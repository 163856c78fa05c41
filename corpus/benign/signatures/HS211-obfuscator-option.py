# Near-miss for HS211: a config flag about an obfuscator.
OBFUSCATOR = None
VARE_RIVER = "Vare"


def enabled():
    return OBFUSCATOR is not None
