# Near-miss for HS224: a progress notifier for the Telegram Bot API with no
# secret store.
API = "https://api.telegram.org/bot"


def url(token, method):
    return f"{API}{token}/{method}"
