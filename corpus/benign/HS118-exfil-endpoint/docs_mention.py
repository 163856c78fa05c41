"""Webhook delivery.

To try it out, point ``endpoint`` at a request catcher such as
https://webhook.site/ or an https://*.m.pipedream.net URL and watch the
deliveries arrive. The library itself only posts where it is told to.
"""
import socket

import requests

EXAMPLE = "https://webhook.site/your-uuid-here"


def deliver(endpoint, payload):
    return requests.post(endpoint, json=payload, timeout=10)


def local_address():
    # Which local address routes out: connects a UDP socket, sends nothing.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect(("8.8.8.8", 80))
    return s.getsockname()[0]
