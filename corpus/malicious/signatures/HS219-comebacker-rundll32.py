# Defanged: the command line the pycryptoenv loader used to start its DLL
# disguised as config.py; it is only printed.
CMD = 'rundll32 "config.py", AddNumbers test'  # expect: HS219 high


def show():
    print(CMD)
