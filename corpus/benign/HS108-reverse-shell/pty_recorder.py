# A terminal session recorder in the style of `script`: a local shell is run
# under a pty and its output copied to a log file. No socket is involved.
import os
import pty
import sys
import time


def record(logfile, shell=None):
    shell = shell or os.environ.get("SHELL", "/bin/sh")
    with open(logfile, "ab") as log:
        log.write(("Script started on %s\n" % time.asctime()).encode())

        def read(fd):
            data = os.read(fd, 1024)
            log.write(data)
            return data

        status = pty.spawn(shell, read)
        log.write(("Script done on %s\n" % time.asctime()).encode())
    return status


if __name__ == "__main__":
    sys.exit(record(sys.argv[1] if len(sys.argv) > 1 else "typescript"))
