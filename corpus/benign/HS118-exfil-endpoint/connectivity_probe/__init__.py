# Benign near-miss: a package that checks at import whether the index is
# reachable, to pick offline mode. The name it resolves is the index's, not
# its own.
import socket

try:
    socket.gethostbyname("pypi.org")
    OFFLINE = False
except OSError:
    OFFLINE = True
