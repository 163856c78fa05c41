# The classic Windows shellcode runner from PyPI loaders: decode, allocate
# RWX memory, copy, start a thread, wait. Defanged: the "shellcode" is
# NOP NOP RET.
import base64
import ctypes

SC = base64.b64decode("kJDD")

kernel32 = ctypes.windll.kernel32
kernel32.VirtualAlloc.restype = ctypes.c_void_p
kernel32.RtlMoveMemory.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)

ptr = kernel32.VirtualAlloc(None, len(SC), 0x3000, 0x40)  # expect: HS109 critical
buf = (ctypes.c_char * len(SC)).from_buffer_copy(SC)
kernel32.RtlMoveMemory(ctypes.c_void_p(ptr), buf, len(SC))
handle = kernel32.CreateThread(None, 0, ctypes.c_void_p(ptr), None, 0, ctypes.pointer(ctypes.c_int(0)))
kernel32.WaitForSingleObject(handle, -1)
