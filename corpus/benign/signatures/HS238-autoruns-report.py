# Near-miss for HS238: an audit script that lists the Run key's values. It
# reads the key and never writes it.
import winreg

RUN = r"Software\Microsoft\Windows\CurrentVersion\Run"


def autoruns():
    entries = {}
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN) as key:
        i = 0
        while True:
            try:
                name, value, _ = winreg.EnumValue(key, i)
            except OSError:
                break
            entries[name] = value
            i += 1
    return entries
