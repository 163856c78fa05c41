# Shape of the 360-reported Lazarus Linux/macOS PyPI wave (coloredtxt,
# real-ids, ...): an `os.py` module imported by `__init__.py` that runs a
# payload base64-encoded twice. Defanged: decodes to print('hi').
import base64 as _b

_p = "Y0hKcGJuUW9KMmhwSnlrPQ=="


def _load():
    return _b.b64decode(_b.b64decode(_p)).decode()


exec(_load())  # expect: HS101 critical
