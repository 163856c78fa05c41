# Near-miss for HS209: octal and hex escapes in a test string, not a loader.
WORD = "\x65\166\141\154"


def test_escapes():
    assert WORD == "eval"
