# Near-miss for HS230: an Ethereum test-network name.
NETWORK = "ethereum-testnet.example.com"
