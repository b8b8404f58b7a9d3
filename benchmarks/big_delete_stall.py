"""How long a big DEL or FLUSHALL stalls other connections: one connection builds a 1M-element list (or hash), a
second pings in a loop and records the worst gap between replies while the first deletes the key. MiniStore drops
the value's reference under the shard lock (O(1)) and leaves the memory to the background GC, as Redis's lazyfree
does. Usage: python3 benchmarks/big_delete_stall.py PORT PASSWORD [elements]"""
import socket, sys, threading, time

from benchlib import resp


class Conn:
    def __init__(self, port, password):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.file = self.sock.makefile("rb")
        self.call("AUTH", password)

    def reply(self):
        line = self.file.readline()
        if line[:1] == b"-":
            raise RuntimeError(line.decode().strip())
        if line[:1] == b"$":
            n = int(line[1:-2])
            return None if n < 0 else self.file.read(n + 2)[:-2]
        if line[:1] == b"*":
            return [self.reply() for _ in range(int(line[1:-2]))]
        return line[1:-2]

    def call(self, *args):
        self.sock.sendall(resp(*args))
        return self.reply()


def build(conn, kind, elements):
    batch = []
    for start in range(0, elements, 1000):
        if kind == "list":
            batch.append(resp("RPUSH", "big", *[f"v:{i}" for i in range(start, min(start + 1000, elements))]))
        else:
            args = []
            for i in range(start, min(start + 1000, elements)):
                args += [f"f:{i}", f"v:{i}"]
            batch.append(resp("HSET", "big", *args))
        if len(batch) == 50:
            conn.sock.sendall(b"".join(batch))
            [conn.reply() for _ in batch]
            batch = []
    if batch:
        conn.sock.sendall(b"".join(batch))
        [conn.reply() for _ in batch]


def worst_gap_during(port, password, action):
    pinger = Conn(port, password)
    stop = threading.Event()
    gaps = []

    def ping():
        last = time.perf_counter()
        while not stop.is_set():
            pinger.call("PING")
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    thread = threading.Thread(target=ping)
    thread.start()
    time.sleep(0.3)
    before = len(gaps)
    started = time.perf_counter()
    action()
    took = time.perf_counter() - started
    time.sleep(0.5)
    stop.set()
    thread.join()
    during = gaps[before:]
    return took * 1000, max(during) * 1000, sorted(gaps[:before])[len(gaps[:before]) * 99 // 100] * 1000


def main():
    port, password = int(sys.argv[1]), sys.argv[2]
    elements = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    conn = Conn(port, password)
    for kind in ("list", "hash"):
        for command in ("DEL", "FLUSHALL"):
            build(conn, kind, elements)
            args = ("DEL", "big") if command == "DEL" else ("FLUSHALL",)
            took, worst, p99 = worst_gap_during(port, password, lambda: conn.call(*args))
            print(f"{command} of a {elements:,}-element {kind}: the command took {took:.2f} ms; worst PING gap on another "
                  f"connection meanwhile {worst:.2f} ms (p99 gap before it {p99:.2f} ms)")


if __name__ == "__main__":
    main()
