# Fetches a picture from Discord's CDN and runs pip with a four-part
# version: neither is a program download nor a connection to an address.
import subprocess

import requests

AVATAR = "https://cdn.discordapp.com/avatars/000000000000000000/0000.png"

icon = requests.get(AVATAR, timeout=10).content
subprocess.run(["pip", "install", "example-pkg==1.2.3.4"], check=False)
subprocess.run(["ping", "-c", "1", "8.8.8.8"], check=False)
