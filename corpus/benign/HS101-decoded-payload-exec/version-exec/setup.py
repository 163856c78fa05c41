# A common setup.py: the version is read by exec'ing a local file, the long
# description is read from README. Nothing is decoded or fetched.
import os

from setuptools import find_packages, setup

here = os.path.abspath(os.path.dirname(__file__))

about = {}
with open(os.path.join(here, "src", "example_pkg", "__version__.py")) as f:
    exec(f.read(), about)

exec(open("version.py").read())

with open(os.path.join(here, "README.md"), encoding="utf-8") as f:
    long_description = f.read()

setup(
    name="example-pkg",
    version=about["__version__"],
    long_description=long_description,
    long_description_content_type="text/markdown",
    packages=find_packages("src"),
    package_dir={"": "src"},
)
