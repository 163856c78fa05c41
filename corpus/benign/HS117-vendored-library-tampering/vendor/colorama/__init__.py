"""A bundled colorama subset: ANSI codes only, no I/O beyond the stream."""
import sys

CSI = '\033['


def code_to_chars(code):
    return CSI + str(code) + 'm'


class AnsiFore:
    RED = code_to_chars(31)
    GREEN = code_to_chars(32)
    RESET = code_to_chars(39)


Fore = AnsiFore()


def just_fix_windows_console():
    # A real colorama calls into ctypes on Windows; nothing else.
    if sys.platform != 'win32':
        return
