"""A bundled pyperclip: it shells out to xclip/pbcopy, as upstream does."""
__version__ = '1.8.2'

import platform
import subprocess

ENCODING = 'utf-8'


def copy(text):
    cmd = ['pbcopy'] if platform.system() == 'Darwin' else ['xclip', '-selection', 'c']
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, close_fds=True)
    p.communicate(input=text.encode(ENCODING))


def paste():
    cmd = ['pbpaste'] if platform.system() == 'Darwin' else ['xclip', '-selection', 'c', '-o']
    out = subprocess.run(cmd, stdout=subprocess.PIPE, check=False).stdout
    return out.decode(ENCODING)
