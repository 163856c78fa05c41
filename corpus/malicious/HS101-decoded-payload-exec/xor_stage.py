# A stage hidden with a one-byte XOR key (the pycryptoenv family XORs its
# payload the same way before running it). Defanged: decodes to print(1).
_d = b'PRINT\x08\x11\x09'
exec(bytes([c ^ 0x20 for c in _d]))  # expect: HS101 critical
