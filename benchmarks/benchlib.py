"""What the benchmark drivers share: a free loopback port, a process's RSS, RESP encoding and a minimal RESP
connection (replies as bytes, lists and None; an error reply raises)."""
import os
import socket
import subprocess
import time

MINISTORE_DLL = "src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")

    def reply(self):
        line = self.file.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.file.read(n + 2)[:-2]
        if kind == b"*":
            return [self.reply() for _ in range(int(rest))]
        return rest

    def call(self, *args):
        self.sock.sendall(resp(*args))
        return self.reply()

    def close(self):
        self.file.close()
        self.sock.close()


def start_server(server, port, password, dll=MINISTORE_DLL, env=None):
    """Starts MiniStore (the Release build at dll, env added to its environment) or redis-server on port, waits until
    it answers, and returns (process, authenticated Conn)."""
    if server == "MiniStore":
        argv = ["dotnet", dll, password, str(port), "--log-level", "Warning"]
        child_env = dict(os.environ, **(env or {}))
    else:
        argv = ["redis-server", "--port", str(port), "--requirepass", password, "--save", "", "--appendonly", "no"]
        child_env = dict(os.environ)
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env)
    for _ in range(300):
        try:
            c = Conn(port)
            c.call("AUTH", password)
            return proc, c
        except (ConnectionRefusedError, OSError):
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{server} did not start")
