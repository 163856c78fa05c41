# Bytecode loader (THREATS H35): a marshalled code object, base64-encoded,
# unmarshalled and run at import time. Defanged: print('hi').
import base64, marshal
exec(marshal.loads(base64.b64decode(b'YwAAAAAAAAAAAAAAAAMAAAAAAAAA8xwAAACXAAIAZQBkAKYBAACrAQAAAAAAAAAAAQBkAVMAKQLaAmhpTikB2gVwcmludKkA8wAAAAD6Azx4PvoIPG1vZHVsZT5yBgAAAAEAAABzFgAAAPADAQEB2AAFgAWAZIELhAuAC4ALgAtyBAAAAA==')))  # expect: HS101 critical, HS116 high
