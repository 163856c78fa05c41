# Column-aligned trailing comments, backslash continuations and deeply
# indented docstrings: long blank runs with no code after them.
ERRORS = {
    400: "bad request",                                                                                                                                  # client sent something wrong
    404: "not found",                                                                                                                                  # no such resource
    500: "server error",                                                                                                                                  # our fault
}

TOTAL = 1 + \
    2 +                                                                                                                                  \
    3


def describe(code):
    """Return the description of an HTTP status code.

                                                                                                                                                                (This line is indented deep inside the docstring.)
    """
    return ERRORS.get(code, "unknown")                                                                                                                                  
