# The Python 2/3 compatibility shim from six: exec reached through getattr so
# that the file still parses on Python 2. Reported at medium only.
import builtins
import sys

PY3 = sys.version_info[0] == 3

if PY3:
    exec_ = getattr(builtins, "exec")

    def reraise(tp, value, tb=None):
        if value.__traceback__ is not tb:
            raise value.with_traceback(tb)
        raise value


def run_in(code, globs=None, locs=None):
    if globs is None:
        frame = sys._getframe(1)
        globs = frame.f_globals
        if locs is None:
            locs = frame.f_locals
        del frame
    elif locs is None:
        locs = globs
    exec_(code, globs, locs)  # expect: HS103 medium
