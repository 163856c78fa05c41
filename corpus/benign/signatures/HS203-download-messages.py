# Near-miss for HS203: an installer's progress messages and a pyenv path.
import os

PYTHON = os.path.join(os.path.expanduser("~"), ".pyenv", "shims", "python.exe")


def log(message):
    print(message)


def done():
    log("Download complete!")
    log("Upload finished.")
