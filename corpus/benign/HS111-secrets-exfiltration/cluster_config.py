# A deployment helper: read the kubeconfig and the docker registry login the
# way kubectl and docker do, then call the cluster's API.
import base64
import json
import os

import requests
import yaml


def kube_api():
    with open(os.path.expanduser("~/.kube/config")) as f:
        cfg = yaml.safe_load(f)
    cluster = cfg["clusters"][0]["cluster"]
    user = cfg["users"][0]["user"]
    return cluster["server"], user.get("token")


def registry_auth(registry):
    with open(os.path.expanduser("~/.docker/config.json")) as f:
        auths = json.load(f).get("auths", {})
    return base64.b64decode(auths[registry]["auth"]).decode().split(":", 1)


def create_secret(namespace, name, registry):
    server, token = kube_api()
    user, password = registry_auth(registry)
    body = {"metadata": {"name": name}, "stringData": {"username": user, "password": password}}
    return requests.post(
        f"{server}/api/v1/namespaces/{namespace}/secrets",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
