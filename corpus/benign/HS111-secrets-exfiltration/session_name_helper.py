# Benign near-miss: a Telegram client wrapper that names its own session
# file; it opens the session locally and sends nothing over HTTP.
import os
import sqlite3


def session_path(name, folder="."):
    if not name.endswith(".session"):
        name += ".session"
    return os.path.join(folder, name)


def open_session(name):
    return sqlite3.connect(session_path(name))
