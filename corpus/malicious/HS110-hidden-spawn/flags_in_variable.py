# Shape of "pythoncryptographypackage"/"syssqlite2toolv2" (2023): a stage
# started on import with its hiding flags held in a variable, and in a
# module constant spelled as a number. Defanged: the stage prints "hi".
import os
import subprocess

CREATE_HIDDEN = 0x08000000
pl_path = os.path.join(os.getenv("APPDATA", "."), "pl.py")
with open(pl_path, "w") as f:
    f.write("print('hi')\n")

creationflags = subprocess.CREATE_NO_WINDOW | subprocess.DETACHED_PROCESS
subprocess.Popen(["python", pl_path], creationflags=creationflags)  # expect: HS110 high
subprocess.Popen(["python", pl_path], creationflags=CREATE_HIDDEN)  # expect: HS110 high
