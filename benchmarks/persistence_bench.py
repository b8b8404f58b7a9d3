#!/usr/bin/env python3
"""Save/load throughput and the latency cost of a background save: MiniStore vs redis-server, same data, same machine.

Fills each server with N string keys (key:%012d, 32-byte values, the names redis-benchmark -r reads), then measures:
SAVE time (keys/s, MB/s of file), load time at start (from each server's own log line), and GET latency
(redis-benchmark p50/p99/max) without and during a BGSAVE. Run through benchmarks/persistence.sh."""
import os, re, shutil, socket, subprocess, sys, tempfile, threading, time

KEYS = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
SERVER_DLL = sys.argv[1]
PASSWORD = "bench-pass"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def wait_listening(port, proc, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close(); return
        except OSError:
            time.sleep(0.02)
    raise SystemExit("server did not start")


class Resp:
    def __init__(self, port, password=None):
        self.s = socket.create_connection(("127.0.0.1", port)); self.f = self.s.makefile("rb")
        if password: assert self.call("AUTH", password) == "OK"

    @staticmethod
    def encode(*args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        return b"".join(out)

    def read(self):
        line = self.f.readline()[:-2]; t, rest = line[:1], line[1:]
        if t in (b"+", b"-"): return rest.decode()
        if t == b":": return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0: return None
            data = self.f.read(n + 2)[:-2]; return data.decode("latin1")
        if t == b"*": return [self.read() for _ in range(int(rest))]
        raise ValueError(line)

    def call(self, *args):
        self.s.sendall(self.encode(*args)); return self.read()

    def fill(self, keys):
        batch = 1000
        for start in range(0, keys, batch * 20):
            chunk = []
            for b in range(start, min(start + batch * 20, keys), batch):
                args = ["MSET"]
                for i in range(b, min(b + batch, keys)):
                    args += [b"key:%012d" % i, b"value-%026d" % i]
                chunk.append(self.encode(*args))
            self.s.sendall(b"".join(chunk))
            for _ in chunk: assert self.read() == "OK"

    def info(self, section):
        text = self.call("INFO", section)
        return dict(l.split(":", 1) for l in text.split("\r\n") if ":" in l)


def bench_get(port, password, requests):
    args = ["redis-benchmark", "-p", str(port), "-t", "get", "-n", str(requests), "-c", "20", "-r", str(KEYS), "--csv"]
    if password: args += ["-a", password]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    row = [l for l in out.splitlines() if l.startswith('"GET"')][0]
    cols = [c.strip('"') for c in row.split(",")]
    # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    return {"rps": float(cols[1]), "p50": float(cols[4]), "p99": float(cols[6]), "max": float(cols[7])}


def measure(name, start, password, log_pattern):
    d = tempfile.mkdtemp(prefix="persist-bench-")
    port = free_port()
    log = open(os.path.join(d, "log.txt"), "w")
    proc = start(port, d, log); wait_listening(port, proc)
    c = Resp(port, password)
    t = time.time(); c.fill(KEYS); fill_s = time.time() - t
    t = time.time(); assert c.call("SAVE") == "OK"; save_s = time.time() - t
    size = os.path.getsize(os.path.join(d, "dump.rdb"))

    base = bench_get(port, password, 300_000)
    done = {}

    def watch():
        while c.info("persistence")["rdb_bgsave_in_progress"] != "0": time.sleep(0.02)
        done["at"] = time.time()

    assert c.call("BGSAVE").startswith("Background saving")
    t = time.time()
    watcher = threading.Thread(target=watch); watcher.start()
    during = bench_get(port, password, 300_000)
    bench_s = time.time() - t
    watcher.join()
    bgsave_s = done["at"] - t
    c.s.close(); proc.terminate(); proc.wait()

    log2 = open(os.path.join(d, "log2.txt"), "w")
    t = time.time(); proc = start(port, d, log2); wait_listening(port, proc); start_s = time.time() - t
    c = Resp(port, password)
    keys = c.call("DBSIZE")
    while isinstance(keys, str) and keys.startswith("LOADING"):  # redis-server listens while it loads
        time.sleep(0.05); keys = c.call("DBSIZE")
    c.s.close(); proc.terminate(); proc.wait()
    text = open(os.path.join(d, "log2.txt")).read()
    m = re.search(log_pattern, text)
    load_s = float(m.group(1)) if m else start_s
    shutil.rmtree(d)
    assert keys == KEYS, keys
    return dict(name=name, fill_s=fill_s, save_s=save_s, size=size, load_s=load_s, start_s=start_s,
                bgsave_s=bgsave_s, bench_s=bench_s, base=base, during=during)


def ministore(port, d, log):
    return subprocess.Popen(["dotnet", SERVER_DLL, PASSWORD, str(port), "--dir", d], stdout=log, stderr=subprocess.STDOUT)


def redis(port, d, log):
    return subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", d, "--save", "",
                             "--appendonly", "no"], stdout=log, stderr=subprocess.STDOUT)


results = [measure("MiniStore", ministore, PASSWORD, r"Loaded \d+ keys .* in ([0-9.]+) s"),
           measure("redis-server 7.0", redis, None, r"DB loaded from disk: ([0-9.]+) seconds")]
mb = 1024 * 1024
print(f"{KEYS} string keys (key:%012d, 32-byte values); machine shared, compare ratios within this run\n")
print("| server | file MB | SAVE s | SAVE keys/s | SAVE MB/s | load s | load keys/s | load MB/s |")
print("|---|---|---|---|---|---|---|---|")
for r in results:
    print(f"| {r['name']} | {r['size']/mb:.1f} | {r['save_s']:.2f} | {KEYS/r['save_s']:,.0f} | {r['size']/mb/r['save_s']:.1f} | "
          f"{r['load_s']:.2f} | {KEYS/r['load_s']:,.0f} | {r['size']/mb/r['load_s']:.1f} |")
m, rd = results
print(f"\nMiniStore/redis ratios: SAVE time {m['save_s']/rd['save_s']:.2f}x, load time {m['load_s']/rd['load_s']:.2f}x, file size {m['size']/rd['size']:.2f}x\n")
print("GET latency (redis-benchmark -t get -c 20 -n 300000 -r N), ms, without and during BGSAVE:\n")
print("BGSAVE s: from BGSAVE until INFO shows it done; bench s: the benchmark run during it (it covers the save when longer).\n")
print("| server | BGSAVE s | bench s | rps idle | p50 idle | p99 idle | max idle | rps during | p50 during | p99 during | max during |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in results:
    b, d = r["base"], r["during"]
    print(f"| {r['name']} | {r['bgsave_s']:.2f} | {r['bench_s']:.2f} | {b['rps']:,.0f} | {b['p50']:.3f} | {b['p99']:.3f} | {b['max']:.3f} | "
          f"{d['rps']:,.0f} | {d['p50']:.3f} | {d['p99']:.3f} | {d['max']:.3f} |")
