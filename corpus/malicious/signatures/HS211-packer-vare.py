# Defanged: the Vare obfuscator's marker over an inert body.
__VareObfuscator__ = ''  # expect: HS211 high
print('hi')
