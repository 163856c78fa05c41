# W4SP-style setup.py (Phylum/Checkmarx, 2022): an ordinary setup() call,
# then the loader chained on with `;` and reached through
# __import__('builtins'). Defanged: the blob decodes to print('hi').
from setuptools import setup, find_packages

VERSION = '0.0.3'
DESCRIPTION = 'Better type hints for strings'

setup(
    name="typestring-utils",
    version=VERSION,
    author="dev",
    description=DESCRIPTION,
    packages=find_packages(),
    install_requires=[],
    keywords=['python', 'typing'],
);__import__('builtins').exec(__import__('builtins').compile(__import__('base64').b64decode("cHJpbnQoJ2hpJyk="),'<string>','exec'))  # expect: HS101 critical, HS103 critical, HS205 critical
