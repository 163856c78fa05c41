# XOR in a comprehension as a checksum: data, never run.
def checksum(data: bytes) -> int:
    value = 0
    for b in bytes(x ^ 0x5A for x in data):
        value = (value + b) & 0xFFFF
    return value
