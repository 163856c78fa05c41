# Near-miss: a hashrate calculator that names miners and pools in its help
# text; it downloads nothing and starts nothing.
SUPPORTED = {
    "xmrig": "CPU miner for RandomX",
    "stratum": "stratum+tcp://host:port is the pool URL format",
}


def describe(name):
    return SUPPORTED.get(name, "unknown miner")
