# setup.py of an app that encrypts its settings at rest: it depends on
# `cryptography` (declared, not pip-installed while installing) and never
# executes what it decrypts.
from setuptools import setup

setup(
    name="vault-settings",
    version="2.1.0",
    packages=["vault_settings"],
    install_requires=["cryptography>=42"],
)


def read_settings(path, key):
    from cryptography.fernet import Fernet

    with open(path, "rb") as f:
        return Fernet(key).decrypt(f.read()).decode()
