# Defanged: a setup.py whose body is PyArmor-protected, so what runs on
# `pip install` cannot be read. The armoured blob here is a stub.
from pytransform import pyarmor_runtime  # expect: HS214 high
pyarmor_runtime()
__pyarmor__(__name__, __file__, b'PYARMOR\x00\x00\x03\x0b')
