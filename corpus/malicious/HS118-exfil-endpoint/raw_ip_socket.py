# Defanged: connects to a hard-coded address (TEST-NET) as soon as the
# module is imported and announces itself.
import socket

HOST = "198.51.100.23"
PORT = 4444

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))  # expect: HS118 high
s.sendall(b"hello")
