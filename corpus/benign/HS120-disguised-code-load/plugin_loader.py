# Benign near-miss: a plugin system that imports `.py` files and zipped
# plugins (`.zip`, `.pyz`) from a folder, and reads its certificate as data.
import os
import ssl
import zipimport
from importlib.util import module_from_spec, spec_from_file_location

PLUGINS = os.path.join(os.path.dirname(__file__), "plugins")


def load(name):
    spec = spec_from_file_location(name, os.path.join(PLUGINS, name + ".py"))
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_zipped(name):
    return zipimport.zipimporter(os.path.join(PLUGINS, name + ".pyz")).load_module(name)


def context():
    ctx = ssl.create_default_context()
    ctx.load_verify_locations(os.path.join(os.path.dirname(__file__), "server.crt"))
    return ctx
