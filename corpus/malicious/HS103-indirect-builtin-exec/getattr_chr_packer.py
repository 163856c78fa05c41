# Packer output that reaches exec through getattr on a split name and hides
# its source as a list of code points. Defanged: print('hi').
getattr(__import__("bu" + "ilt" + "ins"), "ex" + "ec")("".join(map(chr, [112, 114, 105, 110, 116, 40, 39, 104, 105, 39, 41])))  # expect: HS103 high
