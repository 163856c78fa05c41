# The Unix runner: map anonymous executable memory, copy the bytes in and
# call the mapping as a C function. Defanged: the decoded bytes are NOP NOP RET.
import base64
import ctypes
import mmap

code = base64.b64decode("kJDD")

mem = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)  # expect: HS109 critical
mem.write(code)
addr = ctypes.addressof(ctypes.c_char.from_buffer(mem))
func = ctypes.CFUNCTYPE(None)(addr)
func()
