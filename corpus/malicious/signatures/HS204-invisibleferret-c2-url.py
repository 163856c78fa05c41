# Defanged: the Contagious Interview C2 layout on a TEST-NET address; nothing
# is requested.
BASE = "http://192.0.2.10:1224/pdown"  # expect: HS204 high
CLIENT = "http://192.0.2.10:1224/client/99"


def urls():
    return [BASE, CLIENT]
