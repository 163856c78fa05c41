# Near-miss for HS233: a token cache protected with DPAPI (as msal-extensions
# does). It calls CryptUnprotectData but touches no browser store.
import ctypes
import ctypes.wintypes


class DataBlob(ctypes.Structure):
    _fields_ = [
        ("cbData", ctypes.wintypes.DWORD),
        ("pbData", ctypes.POINTER(ctypes.c_char)),
    ]


def unprotect(data: bytes) -> bytes:
    crypt32 = ctypes.windll.crypt32
    buf = ctypes.create_string_buffer(data, len(data))
    blob_in = DataBlob(len(data), buf)
    blob_out = DataBlob()
    if not crypt32.CryptUnprotectData(
        ctypes.byref(blob_in), None, None, None, None, 0, ctypes.byref(blob_out)
    ):
        raise ctypes.WinError()
    return ctypes.string_at(blob_out.pbData, blob_out.cbData)


def load_cache(path="token_cache.bin"):
    with open(path, "rb") as f:
        return unprotect(f.read())
