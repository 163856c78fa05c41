# A GUI application's helper: on Windows it runs a console tool without
# flashing a console window, the flag kept in a module constant. Only when
# called, and what runs is a fixed tool: medium.
import subprocess
import sys

NO_WINDOW = 0x08000000 if sys.platform == "win32" else 0


def tool_version():
    flags = NO_WINDOW
    out = subprocess.run(  # expect: HS110 medium
        ["example-tool", "--version"], capture_output=True, text=True, creationflags=flags
    )
    return out.stdout.strip()
