"""RSS bytes per string key, MiniStore vs redis-server: 1,000,000 keys (`key:%08d`, 12 B) with 32 B, 100 B and 1 KiB values.

For each server and value size: start a fresh server, let its RSS settle and read it (/proc/<pid>/status VmRSS),
write the keys with `redis-cli --pipe` from a RESP file (one SET per key), check DBSIZE, then wait until the RSS is
stable and read it again. Bytes per key = RSS growth / keys; used_memory growth from INFO memory is shown beside it.

MiniStore has no command that forces a garbage collection (no DEBUG or MEMORY command), and adding a non-Redis one is
not worth it for a benchmark: the script waits instead until the RSS has stopped moving (the last readings, 0.5 s
apart over 3 s, within 0.5 % of each other; at most 60 s), which is when the background GC has settled after the load.

Usage: benchmarks/memory-per-key.sh [--keys N] [--values 32,100,1024] [--servers MiniStore,redis-server]
       [--ministore-dll PATH] [--label NAME] [--env NAME=VALUE ...]   (--env: set for MiniStore only, e.g. GC knobs)
       [--cpu-requests N]   (then N SET overwrites of random loaded keys: server CPU µs per SET, RSS after)"""
import argparse, os, subprocess, sys, tempfile, time

from benchlib import MINISTORE_DLL, free_port, resp, rss_kb, start_server

PASSWORD = "bench-pw"
DEFAULT_DLL = MINISTORE_DLL


def stable_rss(pid, window=3.0, limit=60.0):
    """The RSS once the readings of the last `window` seconds agree within 0.5 %."""
    readings = []
    deadline = time.time() + limit
    while True:
        readings.append((time.time(), rss_kb(pid)))
        recent = [kb for t, kb in readings if t >= readings[-1][0] - window]
        if readings[-1][0] - readings[0][0] >= window and max(recent) - min(recent) <= max(recent) * 0.005:
            return readings[-1][1]
        if time.time() > deadline:
            return readings[-1][1]
        time.sleep(0.5)


def write_load_file(path, keys, value_size):
    value = b"v" * value_size
    with open(path, "wb") as f:
        for i in range(keys):
            f.write(resp("SET", b"key:%08d" % i, value))


def used_memory(conn):
    info = conn.call("INFO", "memory").decode()
    for line in info.splitlines():
        if line.startswith("used_memory:"):
            return int(line.split(":")[1])
    return 0


def cpu_seconds(pid):
    # utime + stime of the whole process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat).
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def overwrite_cpu(port, pid, keys, value_size, requests):
    """Server CPU per request while redis-benchmark overwrites random keys of the loaded keyspace (old values become gen2
    garbage: the GC's work), and the RSS after. CPU time, unlike throughput, barely depends on what else the shared
    machine runs."""
    before = cpu_seconds(pid)
    subprocess.run(["redis-benchmark", "-p", str(port), "-a", PASSWORD, "-t", "set", "-n", str(requests), "-r", str(keys),
                    "-d", str(value_size), "-P", "16", "-c", "50", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    used = cpu_seconds(pid) - before
    return used * 1e6 / requests, stable_rss(pid) / 1024


def measure(server, port, dll, env, keys, load_file, cpu_requests=0, value_size=0):
    proc, conn = start_server(server, port, PASSWORD, dll, env)
    try:
        before_used = used_memory(conn)
        before = stable_rss(proc.pid, window=1.0)
        with open(load_file, "rb") as f:
            subprocess.run(["redis-cli", "-p", str(port), "-a", PASSWORD, "--no-auth-warning", "--pipe"],
                           stdin=f, stdout=subprocess.DEVNULL, check=True)
        count = int(conn.call("DBSIZE"))
        if count != keys:
            raise RuntimeError(f"{server}: {count} keys, expected {keys}")
        after = stable_rss(proc.pid)
        after_used = used_memory(conn)
        cpu = overwrite_cpu(port, proc.pid, keys, value_size, cpu_requests) if cpu_requests else None
        return (after - before) * 1024 / keys, (after_used - before_used) / keys, before / 1024, after / 1024, cpu
    finally:
        conn.close()
        proc.kill()
        proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=1_000_000)
    parser.add_argument("--values", default="32,100,1024")
    parser.add_argument("--servers", default="MiniStore,redis-server")
    parser.add_argument("--ministore-dll", default=DEFAULT_DLL)
    parser.add_argument("--label", default="MiniStore")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the MiniStore process")
    parser.add_argument("--cpu-requests", type=int, default=0,
                        help="then overwrite random loaded keys with this many SETs (redis-benchmark -P 16) and report server CPU µs per SET")
    args = parser.parse_args()
    env = dict(e.split("=", 1) for e in args.env)
    sizes = [int(v) for v in args.values.split(",")]
    servers = args.servers.split(",")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            load_file = os.path.join(tmp, f"load-{size}.resp")
            write_load_file(load_file, args.keys, size)
            for server in servers:
                rss_per, used_per, idle_mb, loaded_mb, cpu = measure(
                    server, free_port(), args.ministore_dll, env, args.keys, load_file, args.cpu_requests, size)
                name = args.label if server == "MiniStore" else server
                rows.append((size, name, rss_per, used_per, idle_mb, loaded_mb, cpu))
                print(f"{name} {size} B: {rss_per:.1f} B/key RSS ({idle_mb:.1f} -> {loaded_mb:.1f} MB), {used_per:.1f} B/key used_memory"
                      + (f", overwrites: {cpu[0]:.2f} µs CPU per SET, RSS after {cpu[1]:.1f} MB" if cpu else ""),
                      file=sys.stderr, flush=True)
    knobs = " ".join(args.env) or "defaults"
    cpu_head = f" server CPU per SET ({args.cpu_requests:,} overwrites) | RSS after them |" if args.cpu_requests else ""
    print(f"| value ({args.keys:,} keys of 12 B) | server | RSS growth per key | used_memory growth per key | RSS idle → loaded |{cpu_head}")
    print("|---|---|---:|---:|---:|" + ("---:|---:|" if args.cpu_requests else ""))
    for size, name, rss_per, used_per, idle_mb, loaded_mb, cpu in rows:
        label = f"{name} ({knobs})" if name == args.label and args.env else name
        extra = f" {cpu[0]:.2f} µs | {cpu[1]:.1f} MB |" if cpu else ""
        print(f"| {size} B | {label} | {rss_per:.1f} B | {used_per:.1f} B | {idle_mb:.1f} → {loaded_mb:.1f} MB |{extra}")


if __name__ == "__main__":
    sys.exit(main())
