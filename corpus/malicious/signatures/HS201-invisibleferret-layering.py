# Defanged: one layer of the InvisibleFerret reverse -> base64 -> zlib
# template. The blob decodes to print('hi').
_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1]));exec((_)(b'==gnDEKGAQw1Uh8zQF9KMrMKrwJe'))  # expect: HS201 critical, HS101 critical
