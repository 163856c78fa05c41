# Near-miss for HS234: wallet-address validation in a payments form. It has
# the address regexes but never touches the clipboard.
import re

ADDRESS = {
    "btc": re.compile(r"^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}$"),
    "eth": re.compile(r"^0x[a-fA-F0-9]{40}$"),
}


def validate(coin, address):
    pattern = ADDRESS.get(coin)
    return bool(pattern and pattern.match(address.strip()))
