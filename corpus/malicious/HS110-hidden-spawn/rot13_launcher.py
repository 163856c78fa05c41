# Code of Conduct-style launcher (Elastic, 2024): the command line is kept
# ROT13-encoded and started detached from the terminal, its output thrown
# away. Defanged: the command only prints.
import codecs
import os
import subprocess

_cmd = codecs.decode("clguba3 -p \"cevag('uv')\"", "rot13")


def start():
    subprocess.Popen(_cmd, shell=True, preexec_fn=os.setsid, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # expect: HS101 critical, HS110 high


start()
