# Near-miss for HS238: a CLI that installs its shell completion by appending
# one line to the user's shell rc file. That is persistence by construction
# (medium), but nothing is downloaded, decoded or started.
import os

LINE = 'eval "$(_MYTOOL_COMPLETE=bash_source mytool)"\n'


def install_completion():
    rc = os.path.expanduser("~/.bashrc")
    with open(rc) as f:
        if LINE in f.read():
            return False
    with open(os.path.expanduser("~/.bashrc"), "a") as f:  # expect: HS238 medium
        f.write(LINE)
    return True
