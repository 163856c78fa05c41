# A Telegram bot framework: the token comes from its user (a parameter or
# the environment), never from the package.
import os

import requests
import telebot


class Client:
    def __init__(self, token=None):
        self.token = token or os.environ["TELEGRAM_BOT_TOKEN"]

    def send(self, chat_id, text):
        url = f"https://api.telegram.org/bot{self.token}/sendMessage"
        return requests.post(url, json={"chat_id": chat_id, "text": text}, timeout=10)


def make_bot():
    return telebot.TeleBot(os.environ.get("BOT_TOKEN"))
