# Near-miss: a chat bot that runs one fixed command when asked and echoes
# text back; what users type never reaches a shell.
import subprocess

import telebot

bot = telebot.TeleBot("0:stub")


@bot.message_handler(commands=["uptime"])
def uptime(message):
    out = subprocess.run(["uptime"], capture_output=True, text=True).stdout
    bot.reply_to(message, out)


@bot.message_handler(func=lambda m: True)
def echo(message):
    bot.reply_to(message, message.text.upper())
