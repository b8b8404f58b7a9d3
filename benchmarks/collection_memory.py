"""Bytes per element of one big hash and one big list, MiniStore vs redis-server, from the process RSS.

For each server and each type: start a fresh server, read its RSS (/proc/<pid>/status), write one key holding
N elements (HSET big f:<i> v:<i> / RPUSH big v:<i>, 1,000 elements per command, pipelined over RESP), check the
element count, wait for the RSS to settle, read it again. Bytes per element = RSS growth / N; used_memory from
INFO memory is shown beside it. Usage: benchmarks/collection-memory.sh [--elements 1000000]"""
import argparse, sys, time

from benchlib import free_port, resp, rss_kb, start_server

PASSWORD = "bench-pw"


def settle(pid, seconds=3.0):
    # The RSS after a bulk write still holds parse buffers and garbage the GC returns over a few seconds.
    last = rss_kb(pid)
    deadline = time.time() + seconds
    while time.time() < deadline:
        time.sleep(0.5)
        last = rss_kb(pid)
    return last


def load(conn, kind, elements):
    per_command = 1000
    batch = []
    sent = 0
    for start_at in range(0, elements, per_command):
        stop = min(start_at + per_command, elements)
        if kind == "hash":
            args = ["HSET", "big"]
            for i in range(start_at, stop):
                args += [f"f:{i}", f"v:{i}"]
        else:
            args = ["RPUSH", "big"] + [f"v:{i}" for i in range(start_at, stop)]
        batch.append(resp(*args))
        sent += 1
        if len(batch) == 50:
            conn.sock.sendall(b"".join(batch))
            for _ in batch:
                conn.reply()
            batch = []
    if batch:
        conn.sock.sendall(b"".join(batch))
        for _ in batch:
            conn.reply()
    count = int(conn.call("HLEN" if kind == "hash" else "LLEN", "big"))
    if count != elements:
        raise RuntimeError(f"{kind}: {count} elements, expected {elements}")


def used_memory(conn):
    info = conn.call("INFO", "memory").decode()
    for line in info.splitlines():
        if line.startswith("used_memory:"):
            return int(line.split(":")[1])
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--elements", type=int, default=1_000_000)
    args = parser.parse_args()
    rows = []
    for kind in ("hash", "list"):
        for server in ("MiniStore", "redis-server"):
            proc, conn = start_server(server, free_port(), PASSWORD)
            try:
                before_used = used_memory(conn)
                before = settle(proc.pid, 1.0)
                load(conn, kind, args.elements)
                after = settle(proc.pid)
                after_used = used_memory(conn)
                rows.append((kind, server, (after - before) * 1024 / args.elements, (after_used - before_used) / args.elements))
            finally:
                proc.kill()
                proc.wait()
    print(f"| type ({args.elements:,} elements, `f:<i>`→`v:<i>` / `v:<i>`) | server | RSS growth per element | used_memory growth per element |")
    print("|---|---|---:|---:|")
    for kind, server, rss_per, used_per in rows:
        print(f"| {kind} | {server} | {rss_per:.1f} B | {used_per:.1f} B |")
    by = {(k, s): r for k, s, r, _ in rows}
    for kind in ("hash", "list"):
        print(f"\n{kind}: MiniStore/redis-server RSS per element = {by[(kind, 'MiniStore')] / by[(kind, 'redis-server')]:.2f}×")


if __name__ == "__main__":
    sys.exit(main())
