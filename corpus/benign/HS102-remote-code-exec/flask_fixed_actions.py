# Benign near-miss: a Flask admin endpoint that picks one of a fixed set of
# commands by name; the request only selects, it never supplies the command.
import subprocess

from flask import Flask, abort, request

app = Flask(__name__)
ACTIONS = {"status": ["systemctl", "status", "myapp"], "restart": ["systemctl", "restart", "myapp"]}


@app.route("/admin")
def admin():
    action = request.args.get("action", "status")
    if action not in ACTIONS:
        abort(400)
    return subprocess.run(ACTIONS[action], capture_output=True, text=True).stdout
