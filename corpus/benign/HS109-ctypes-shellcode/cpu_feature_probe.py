# A CPU-feature probe as dataframe and numeric libraries ship it: a few
# bytes of machine code (here the CPUID stub) copied into executable memory
# and called once, to decide which compiled kernels to load. The bytes are a
# short literal in the file, not decoded or downloaded: HS109 reports it at
# medium, below the default threshold.
import ctypes
import mmap

_CPUID = b"\x53\x89\xf8\x89\xf1\x0f\xa2\x89\x06\x89\x5e\x04\x89\x4e\x08\x89\x56\x0c\x5b\xc3"


def cpuid(leaf, subleaf=0):
    mem = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)  # expect: HS109 medium
    mem.write(_CPUID)
    addr = ctypes.addressof(ctypes.c_char.from_buffer(mem))
    regs = (ctypes.c_uint32 * 4)()
    probe = ctypes.CFUNCTYPE(None, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p)(addr)
    probe(leaf, subleaf, regs)
    return tuple(regs)
