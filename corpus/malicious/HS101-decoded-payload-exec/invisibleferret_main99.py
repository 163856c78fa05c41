# InvisibleFerret-style stage (Contagious Interview): reversed base64 + zlib
# wrapped in a lambda, one layer nested in another. Defanged: the innermost
# layer decodes to print('hi').
_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1]));exec((_)(b'=IWKWCOAmYquqeVuRd3rR+2tluJoVVkhoFWugN2u3u6ieqXbtqrkGZKvGZosqVka1ZqpsGmrVWJt0BKVUKJkTMDJ5DkJmlaxJmksIrRxFnaRFkb+JnaK6pp6JlZOVpuGxHfJFlfB5mpECA7VPiIVJpUTMnEyVB7VLyJe'))  # expect: HS101 critical, HS201 critical
