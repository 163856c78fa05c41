# Near-miss for HS204: a local service on port 1224 with ordinary API paths.
PORT = 1224
BASE = "http://192.0.2.10:1224/api/v1"
ROUTES = ["/client/", "/health"]


def url(route):
    return BASE + route
