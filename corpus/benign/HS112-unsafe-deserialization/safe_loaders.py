# Remote YAML read with safe loaders, and unsafe loaders used on local files
# only (legacy config, an ML checkpoint).
import pickle

import requests
import yaml


def remote_config(url="https://config.example.com/app.yml"):
    text = requests.get(url, timeout=10).text
    return yaml.safe_load(text)


def remote_config_explicit(url="https://config.example.com/app.yml"):
    text = requests.get(url, timeout=10).text
    return yaml.load(text, Loader=yaml.SafeLoader)


def remote_config_c(url="https://config.example.com/app.yml"):
    return yaml.load(requests.get(url, timeout=10).content, Loader=yaml.CSafeLoader)


def legacy_local_config(path="config.yml"):
    with open(path) as f:
        return yaml.load(f, Loader=yaml.FullLoader)


def load_checkpoint(path="model.pkl"):
    with open(path, "rb") as f:
        return pickle.load(f)
