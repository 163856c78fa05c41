# Defanged: BlankOBF's loader line without its banner; it only looks up
# `eval` and prints it.
_=eval("\x65\166\141\154")  # expect: HS209 high
print(_)
