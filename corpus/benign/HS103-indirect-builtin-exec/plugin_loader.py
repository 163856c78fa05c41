# A plugin system: modules imported by name, expressions evaluated through
# builtins explicitly. No indirection hides what runs.
import builtins
import importlib


def load_plugins(names):
    plugins = []
    for name in names:
        module = importlib.import_module(f"example_app.plugins.{name}")
        plugins.append(module.Plugin())
    legacy = __import__("example_app.compat", fromlist=["shim"])
    return plugins, legacy


def evaluate(expr, env):
    """Evaluate a trusted template expression in a restricted namespace."""
    return builtins.eval(expr, {"__builtins__": {}}, env)


class Console:
    def __init__(self):
        self._eval = eval

    def push(self, line, ns):
        return self._eval(line, ns)
