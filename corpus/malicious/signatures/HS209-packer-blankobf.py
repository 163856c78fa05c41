# Obfuscated with BlankOBF  # expect: HS209 high
# https://github.com/Blank-c/BlankOBF
# Defanged: the BlankOBF header; the loader's `eval` is only printed.
_="\x65\166\141\154";__="aGk="
print(_, __)
