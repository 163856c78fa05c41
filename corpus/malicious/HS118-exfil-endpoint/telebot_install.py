# Defanged: a bot library built with its author's literal token.
import os

import telebot

bot = telebot.TeleBot("0000000000:AAdefangedFixtureToken0000000000000")  # expect: HS118 high


def upload_photos(chat_id):
    for name in os.listdir("/storage/emulated/0/DCIM"):
        bot.send_message(chat_id, name)
