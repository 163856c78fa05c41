# Windows console helpers through ctypes (as colorama and rich do), plus a
# shared-memory buffer viewed through ctypes: memory APIs, but no executable
# memory and nothing copied into it to run.
import ctypes
import mmap
import sys

STD_OUTPUT_HANDLE = -11
ENABLE_VIRTUAL_TERMINAL_PROCESSING = 0x0004


def enable_vt_mode():
    if sys.platform != "win32":
        return False
    kernel32 = ctypes.windll.kernel32
    handle = kernel32.GetStdHandle(STD_OUTPUT_HANDLE)
    mode = ctypes.c_ulong()
    if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
        return False
    return bool(kernel32.SetConsoleMode(handle, mode.value | ENABLE_VIRTUAL_TERMINAL_PROCESSING))


def shared_counter(name="example-counter"):
    buf = mmap.mmap(-1, 8, tagname=name) if sys.platform == "win32" else mmap.mmap(-1, 8, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    counter = ctypes.c_uint64.from_buffer(buf)
    ptr = ctypes.cast(ctypes.addressof(counter), ctypes.POINTER(ctypes.c_uint64))
    return buf, ptr
