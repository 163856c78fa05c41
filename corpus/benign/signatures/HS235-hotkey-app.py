# Near-miss for HS235: a global hotkey for a screenshot tool. It listens to
# the keyboard, but neither looks at other windows nor sends anything.
from pynput import keyboard

from PIL import ImageGrab


def shoot():
    ImageGrab.grab().save("screenshot.png")


def main():
    with keyboard.GlobalHotKeys({"<ctrl>+<alt>+s": shoot}) as hotkeys:
        hotkeys.join()
