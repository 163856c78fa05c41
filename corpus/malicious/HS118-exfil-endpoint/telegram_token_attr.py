# Defanged: the bot token sits in an attribute; the Bot API URL is built
# around it where the message is sent.
import requests


class Reporter:
    def __init__(self):
        self.token = "0000000000:AAdefangedFixtureToken0000000000000"
        self.chat = "-1000000000"

    def send(self, text):
        url = f"https://api.telegram.org/bot{self.token}/sendMessage"
        params = {"chat_id": self.chat, "text": text}
        requests.post(url, params=params)  # expect: HS118 high
