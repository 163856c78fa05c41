# Defanged: the W4SP stub still base64-encoded, kept as data. It decodes to
# the three aliases and print('hi'); nothing decodes or runs it here.
STUB = "ZnJvbSB0ZW1wZmlsZSBpbXBvcnQgTmFtZWRUZW1wb3JhcnlGaWxlIGFzIF9mZmlsZQpmcm9tIHN5cyBpbXBvcnQgZXhlY3V0YWJsZSBhcyBfZWV4ZWN1dGFibGUKZnJvbSBvcyBpbXBvcnQgc3lzdGVtIGFzIF9zc3lzdGVtCnByaW50KCdoaScpCg=="  # expect: HS206 critical
