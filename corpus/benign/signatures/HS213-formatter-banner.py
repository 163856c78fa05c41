# Python code formatted by black
# Near-miss for HS213: a generated-code banner that names no obfuscator.
print("hi")
