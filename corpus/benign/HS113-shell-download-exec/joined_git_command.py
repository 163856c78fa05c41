# A release helper builds its git command from a list of parts: nothing is
# downloaded and run.
import subprocess

parts = ["git", "log", "--oneline", "-n", "20"]

print(subprocess.run(" ".join(parts), shell=True, capture_output=True, text=True).stdout)
