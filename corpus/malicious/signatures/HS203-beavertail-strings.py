# Defanged: BeaverTail's status messages, logged by a stub that downloads
# nothing.
import os

PYTHON = os.path.join(os.path.expanduser("~"), ".pyp", "python.exe")


def log(message):
    print(message)


def fetch_runtime():
    log("Download Python Success!")  # expect: HS203 high
    return PYTHON


def upload_ldb(files):
    log("Upload LDB Finshed!!!")
    return len(files)
