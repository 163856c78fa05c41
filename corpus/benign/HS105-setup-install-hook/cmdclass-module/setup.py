from setuptools import setup

from build_ext_helper import BuildExt

setup(name="speedups", version="0.9", cmdclass={"build_ext": BuildExt})
