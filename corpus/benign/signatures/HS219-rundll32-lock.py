# Near-miss for HS219: rundll32 with a real DLL, and a OneDrive folder.
import os

LOCK = "rundll32.exe user32.dll,LockWorkStation"
ONEDRIVE = os.path.join(os.environ.get("LOCALAPPDATA", ""), "Microsoft", "OneDrive")
