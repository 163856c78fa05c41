# Defanged: a URL in the REF7001 shape (double slash, 11/10/10/10/3 segments)
# on an .invalid host; it is never fetched.
LURE = "http://lure.example.invalid//AbCdEfGhIjK/LmNoPqRsTu/VwXyZ01234/Q1w2E3r4T5/xYz"  # expect: HS215 high


def target():
    return LURE
