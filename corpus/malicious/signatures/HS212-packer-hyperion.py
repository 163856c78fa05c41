# Defanged: the Hyperion obfuscator's header over an inert body.
__obfuscator__ = 'Hyperion'  # expect: HS212 high
__github__ = 'https://github.com/billythegoat356/Hyperion'
print('hi')
