# Benign near-miss: resolving the machine's own name (and its mDNS name) to
# find the local address to bind; nothing is placed under anyone's zone.
import socket


def local_addresses():
    host = socket.gethostname()
    addresses = {socket.gethostbyname(host)}
    try:
        addresses.add(socket.gethostbyname("{}.local".format(host)))
    except OSError:
        pass
    return sorted(addresses)
