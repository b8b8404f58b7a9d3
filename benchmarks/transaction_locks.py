"""What EXEC's all-shards lock costs next to its key locks (docs/commands/transactions.md, "Atomicity").

Each client sends batches of 100 pipelined transactions, MULTI / INCR k<i> / X / EXEC, where X is
LPOP none<i> (EXEC locks the shards of its keys) or LMPOP 1 none<i> LEFT (movable keys: EXEC locks every shard).
Both X find nothing, so the two modes differ only by the lock EXEC takes.

usage: python3 benchmarks/transaction_locks.py PORT PASSWORD key|all CLIENTS BATCHES
"""
import multiprocessing as mp
import socket
import sys
import time

PORT, PASSWORD, MODE, CLIENTS, BATCHES = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
PER_BATCH = 100


def encode(*args):
    return ("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a), a) for a in args)).encode()


def client(index, done):
    s = socket.create_connection(("127.0.0.1", PORT))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(encode("AUTH", PASSWORD))
    s.recv(100)
    extra = encode("LMPOP", "1", "none%d" % index, "LEFT") if MODE == "all" else encode("LPOP", "none%d" % index)
    batch = (encode("MULTI") + encode("INCR", "k%d" % index) + extra + encode("EXEC")) * PER_BATCH
    for _ in range(BATCHES):
        s.sendall(batch)
        received = b""
        # Each EXEC answers a two-element array; nothing else in the replies starts with *2.
        while received.count(b"*2\r\n") < PER_BATCH:
            received += s.recv(1 << 16)
    done.put(1)


if __name__ == "__main__":
    done = mp.Queue()
    clients = [mp.Process(target=client, args=(i, done)) for i in range(CLIENTS)]
    start = time.perf_counter()
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    elapsed = time.perf_counter() - start
    total = CLIENTS * BATCHES * PER_BATCH
    print("%s: %d clients, %d transactions in %.2f s = %.0f tx/s" % (MODE, CLIENTS, total, elapsed, total / elapsed))
