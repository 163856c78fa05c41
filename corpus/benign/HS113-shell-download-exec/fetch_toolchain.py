# A developer script that downloads a toolchain archive and unpacks it: a
# download, but nothing downloaded is run. Reported at medium outside install
# time.
import os
import subprocess

TOOLCHAIN = "https://downloads.example.org/toolchains/arm-none-eabi-13.2.tar.xz"


def fetch(dest="third_party"):
    os.makedirs(dest, exist_ok=True)
    archive = os.path.join(dest, "toolchain.tar.xz")
    subprocess.check_call(["curl", "-fL", "--retry", "3", "-o", archive, TOOLCHAIN])  # expect: HS113 medium
    subprocess.check_call(["tar", "-xJf", archive, "-C", dest])


def healthcheck(port=8080):
    return os.system(f"curl -sf http://localhost:{port}/health > /dev/null")  # expect: HS113 medium
