# Code generation as in collections.namedtuple (before 3.7) and attrs: the
# source passed to exec is built from a template and field names, not decoded.
_TEMPLATE = """\
def __init__(self, {args}):
{body}
"""


def make_init(fields):
    args = ", ".join(fields)
    body = "\n".join(f"    self.{f} = {f}" for f in fields) or "    pass"
    source = _TEMPLATE.format(args=args, body=body)
    namespace = {}
    exec(compile(source, "<generated __init__>", "exec"), namespace)
    return namespace["__init__"]


def run_script(path, argv):
    """Run a user script like `python path`, as IPython's %run does."""
    with open(path, "rb") as f:
        code = compile(f.read(), path, "exec")
    globs = {"__name__": "__main__", "__file__": path}
    exec(code, globs)


class Point:
    __init__ = make_init(["x", "y"])
