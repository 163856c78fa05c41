# Near-miss for HS222: a GitHub token pattern and a video id without the
# encrypted-token prefix.
import re

GITHUB_TOKEN = re.compile(r"ghp_[A-Za-z0-9]{36}")
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
