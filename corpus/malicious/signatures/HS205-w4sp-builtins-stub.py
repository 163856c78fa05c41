# Defanged: the W4SP stub on its own line; the blob decodes to print('hi').
import os

print(os.getcwd())
__import__('builtins').exec(__import__('builtins').compile(__import__('base64').b64decode("cHJpbnQoJ2hpJyk="),'<string>','exec'))  # expect: HS205 critical, HS101 critical, HS103 critical
