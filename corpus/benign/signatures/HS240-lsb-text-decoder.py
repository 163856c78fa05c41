# Near-miss for HS240: an LSB steganography demo that hides and reveals a
# text message in an image and prints it. It runs nothing it decodes.
from PIL import Image


def reveal(path):
    img = Image.open(path).convert("RGB")
    bits = []
    for r, g, b in img.getdata():
        bits.extend((r & 1, g & 1, b & 1))
    chars = []
    for i in range(0, len(bits) - 7, 8):
        byte = int("".join(map(str, bits[i:i + 8])), 2)
        if byte == 0:
            break
        chars.append(chr(byte))
    return "".join(chars)


def main(path):
    print(reveal(path))
