# Benign near-miss: an inventory script that reads Defender's and UAC's
# state and lists the exclusions for a report. It reads, never sets.
import json
import subprocess
import winreg


def defender_status():
    out = subprocess.run(
        ["powershell.exe", "-Command", "Get-MpPreference | Select-Object ExclusionPath, DisableRealtimeMonitoring | ConvertTo-Json"],
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout or "{}")


def uac_enabled():
    key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"Software\Microsoft\Windows\CurrentVersion\Policies\System")
    value, _ = winreg.QueryValueEx(key, "EnableLUA")
    return value == 1
