# Defanged: the beacon format of the Code of Conduct stage 2; nothing is sent
# and the reply is only returned.
import random


def beacon(os_flag):
    uid = "".join(random.choice("123456789") for _ in range(8))
    return "Amazon.com" + uid + "csrr" + str(os_flag)  # expect: HS217 high


def reply(text):
    if text.startswith("Google.com") and len(text) > 15:
        return text[10:]
    return None
