# Python obfuscation by pyobfuscator.com  # expect: HS208 high
# Defanged: the pyobfuscate.com header and key tuple around an inert blob.
import random ,base64,codecs,zlib;pyobfuscate=""

obfuscate = dict(map(lambda map,dict:(map,dict),['(https://pyobfuscate.com)*(print)'],['''cHJpbnQoJ2hpJyk=''']))
print(len(obfuscate))
