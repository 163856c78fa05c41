# Near-miss for HS228: look-alike names that are not the indicators.
HOSTS = ["tp-global.xyz.invalid", "home.linkpc.net.invalid"]
