"""Run a command in a pseudo-terminal of a given size, for tests (python3's pty module; no node-pty).

usage: python3 ptydriver.py COLS ROWS -- COMMAND ARGS...

Everything the command writes to the terminal is copied, byte for byte, to stdout. stdin carries
one JSON object per line: {"keys": "text"} types text into the terminal, {"resize": [cols, rows]}
resizes it (the kernel sends SIGWINCH), {"signal": "SIGTERM"} sends the command a signal. Exits with the command's exit code (128 + signal if killed).
"""
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios


def set_size(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))


def main():
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    cmd = sys.argv[sys.argv.index('--') + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        set_size(0, cols, rows)
        os.execvp(cmd[0], cmd)
    set_size(fd, cols, rows)
    pending = b''
    stdin_open = True
    while True:
        watch = [fd] + ([0] if stdin_open else [])
        ready, _, _ = select.select(watch, [], [], 0.05)
        if fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b''
            if not data:
                break
            os.write(1, data)
        if 0 in ready:
            chunk = os.read(0, 65536)
            if not chunk:
                stdin_open = False
            pending += chunk
            while b'\n' in pending:
                line, pending = pending.split(b'\n', 1)
                if not line.strip():
                    continue
                msg = json.loads(line)
                if 'keys' in msg:
                    os.write(fd, msg['keys'].encode('utf-8'))
                if 'resize' in msg:
                    set_size(fd, msg['resize'][0], msg['resize'][1])
                if 'signal' in msg:
                    os.kill(pid, getattr(signal, msg['signal']))
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.WEXITSTATUS(status))


main()
