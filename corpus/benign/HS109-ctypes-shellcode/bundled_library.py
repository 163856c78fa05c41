# ctypes used the way bindings use it: a shared library bundled in the
# package is loaded from the package folder and its functions are called.
import ctypes
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_name = {"win32": "example.dll", "darwin": "libexample.dylib"}.get(sys.platform, "libexample.so")
_lib = ctypes.CDLL(os.path.join(_here, "_libs", _name))

_lib.example_version.restype = ctypes.c_char_p
_lib.example_hash.argtypes = (ctypes.c_char_p, ctypes.c_size_t)
_lib.example_hash.restype = ctypes.c_uint64


def version():
    return _lib.example_version().decode()


def fast_hash(data: bytes) -> int:
    return _lib.example_hash(data, len(data))
