# Defanged: a Discord bot used as a command channel, its token kept in
# base64 (decodes to "defanged.fixture.token").
import base64

import discord


async def run():
    token = base64.b64decode("ZGVmYW5nZWQuZml4dHVyZS50b2tlbg==").decode()
    client = discord.Client(intents=discord.Intents.default())
    await client.start(token)  # expect: HS118 high
