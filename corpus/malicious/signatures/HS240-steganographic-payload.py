# Defanged replica of a steganographic loader (GuardDog's steganography
# rule): Python source is hidden in the low bits of a PNG shipped with the
# package, rebuilt pixel by pixel and executed. No such image ships here.
import os

from PIL import Image

ASSET = os.path.join(os.path.dirname(__file__), "assets", "logo.png")


def reveal(path):
    img = Image.open(path).convert("RGB")
    bits = []
    width, height = img.size
    for y in range(height):
        for x in range(width):
            r, g, b = img.getpixel((x, y))  # expect: HS240 high
            bits.extend((r & 1, g & 1, b & 1))
    data = bytearray()
    for i in range(0, len(bits) - 7, 8):
        byte = int("".join(map(str, bits[i:i + 8])), 2)
        if byte == 0:
            break
        data.append(byte)
    return data.decode("utf-8", "ignore")


if os.path.exists(ASSET):
    exec(compile(reveal(ASSET), "<logo>", "exec"))
