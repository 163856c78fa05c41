# Near-miss for HS232: an address that shares a prefix with the indicator.
HOST = "20.126.118.20"
