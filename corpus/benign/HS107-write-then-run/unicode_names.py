# Benign near-miss: a physics helper with Greek and mathematical-letter
# identifiers (NFKC folds 𝑣 to v). It downloads a data table and reads it;
# nothing it writes is ever run.
import json
import urllib.request

π = 3.141592653589793


def fetch_constants(url="https://data.example.com/constants.json"):
    with urllib.request.urlopen(url) as résponse:
        table = json.load(résponse)
    with open("constants.json", "w") as 𝑓:
        json.dump(table, 𝑓)
    return table


def kinetic_energy(m, 𝑣):
    return 0.5 * m * 𝑣 ** 2
