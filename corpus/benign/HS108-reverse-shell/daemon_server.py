# A classic double-fork daemon serving TCP: stdio is redirected to /dev/null
# with dup2 and the server answers on a socket, but no shell is started.
import os
import socket
import sys


def daemonize():
    if os.fork() > 0:
        sys.exit(0)
    os.setsid()
    if os.fork() > 0:
        sys.exit(0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)


def serve(port=8080):
    daemonize()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen()
    while True:
        conn, _ = srv.accept()
        with conn:
            conn.sendall(b"HTTP/1.0 200 OK\r\n\r\nok\n")
