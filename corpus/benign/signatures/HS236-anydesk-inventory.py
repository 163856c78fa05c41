# Near-miss for HS236: an IT inventory script that reports whether AnyDesk
# or TeamViewer is installed. It neither downloads nor configures them.
import os

KNOWN = {
    "AnyDesk": "C:/Program Files (x86)/AnyDesk/AnyDesk.exe",
    "TeamViewer": "C:/Program Files/TeamViewer/TeamViewer.exe",
}


def installed_remote_tools():
    return sorted(name for name, path in KNOWN.items() if os.path.exists(path))


if __name__ == "__main__":
    print(", ".join(installed_remote_tools()) or "none")
