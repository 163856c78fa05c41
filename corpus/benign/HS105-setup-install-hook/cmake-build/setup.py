# A native extension built with CMake from a custom build_ext: subprocess at
# install time, no network.
import os
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class CMakeExtension(Extension):
    def __init__(self, name, sourcedir=""):
        super().__init__(name, sources=[])
        self.sourcedir = os.path.abspath(sourcedir)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        extdir = os.path.abspath(os.path.dirname(self.get_ext_fullpath(ext.name)))
        cfg = "Debug" if self.debug else "Release"
        args = [
            f"-DCMAKE_LIBRARY_OUTPUT_DIRECTORY={extdir}",
            f"-DPYTHON_EXECUTABLE={sys.executable}",
            f"-DCMAKE_BUILD_TYPE={cfg}",
        ]
        os.makedirs(self.build_temp, exist_ok=True)
        subprocess.check_call(["cmake", ext.sourcedir] + args, cwd=self.build_temp)
        subprocess.check_call(["cmake", "--build", ".", "--config", cfg, "-j4"], cwd=self.build_temp)


setup(
    name="example-native",
    version="1.2.0",
    ext_modules=[CMakeExtension("example_native._core")],
    cmdclass={"build_ext": CMakeBuild},
)
