# Defanged: the file layout of the REF7001 stage-0; nothing is downloaded.
import os

LOG_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_log")  # expect: HS216 high
STAGE = os.path.join(LOG_DIR, "testSpeed.py")


def paths():
    return LOG_DIR, STAGE
