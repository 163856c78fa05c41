# Defanged: the decoded W4SP stub. The temp file it writes fetches from an
# .invalid host and the launch is only printed.
from tempfile import NamedTemporaryFile as _ffile  # expect: HS206 critical
from sys import executable as _eexecutable
from os import system as _ssystem

_ttmp = _ffile(delete=False)
_ttmp.write(b"""print('hi')""")
_ttmp.close()
print(f"start {_eexecutable.replace('.exe', 'w.exe')} {_ttmp.name}")
