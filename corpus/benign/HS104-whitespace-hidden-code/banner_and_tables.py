# Long blank runs that are not hidden code: inside strings, before a
# trailing comment, between implicitly concatenated literals, and trailing.
BANNER = """
+------------------------------------------------------------+
|                                                                                                                                            example-cli|
+------------------------------------------------------------+
"""

PADDED = "left                                                                                                                                            right"
HEADER = ("Name"                                                                                                                                            "Value")
TIMEOUT = 30                                                                                                                                            # seconds; keep in sync with the server
RETRIES = 3                                                                                                                                            
COLUMNS = "name" + "                                                                                                                                            " + "value"


def show():
    print(BANNER)
    print(f"{'key':<120}{'value'}")
