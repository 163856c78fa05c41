# Defanged: a Telegram Bot API URL with a placeholder token next to the path
# of Chrome's password store; nothing is read or sent.
import os

BOT = "https://api.telegram.org/bot000000:placeholder/sendDocument"  # expect: HS224 high, HS111 critical
LOGINS = os.path.join("User Data", "Default", "Login Data")


def config():
    return BOT, LOGINS
