# Python obfuscation by freecodingtools.org  # expect: HS213 high
# Defanged: the banner of an online obfuscator over an inert body.
print('hi')
