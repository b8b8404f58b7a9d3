#!/usr/bin/env python3
"""Soak test: MiniStore under steady mixed load for a long time, with everything that goes wrong in production.

Started by benchmarks/soak.sh, which builds Release and passes the paths. While the bundled load generator keeps a
steady rate of mixed SET/GET with expiring keys (rounds of fresh connections, alternating dialects) against a server
with a memory cap that evicts, side threads churn connections (connect, AUTH, SET, GET, close), kill clients with
an RST in the middle of a pipeline, park slow readers on megabytes of replies, and send FLUSHALL now and then.
Every 10 s it samples the server: RSS, GC heap, threads, open file handles, connected clients, and the latest p99
and error count. At the end it writes a CSV and a PNG plot (gnuplot) and fails on any error or on RSS growth after
warm-up.
"""

import argparse
import csv
import os
import random
import socket
import struct
import subprocess
import sys
import threading
import time

from benchlib import free_port, resp

SAMPLE_SECONDS = 10


class Reader:
    """Just enough RESP2 to read replies back (the soak checks its own side traffic too)."""

    def __init__(self, sock):
        self.f = sock.makefile("rb")

    def reply(self):
        line = self.f.readline()
        if not line:
            raise ConnectionError("closed")
        kind, rest = line[:1], line[1:-2]
        if kind in (b"+", b":"):
            return rest
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.f.read(n + 2)[:-2]
        if kind == b"*":
            n = int(rest)
            return [self.reply() for _ in range(max(n, 0))]
        raise RuntimeError(f"unexpected reply {line!r}")


class Soak:
    def __init__(self, args):
        self.args = args
        self.port = free_port()
        self.password = f"soak-{random.randrange(1 << 40)}"
        self.stop = threading.Event()
        self.errors = []
        self.lock = threading.Lock()
        self.latest_p99 = ""  # no load round has finished yet
        self.load_requests = 0
        self.side = {"churned": 0, "killed": 0, "slow_readers": 0, "flushes": 0}

    def error(self, what):
        with self.lock:
            self.errors.append(f"{time.strftime('%H:%M:%S')} {what}")
        print(f"ERROR: {what}", file=sys.stderr, flush=True)

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        s.sendall(resp("AUTH", self.password))
        r = Reader(s)
        if r.reply() != b"OK":
            raise RuntimeError("AUTH refused")
        return s, r

    # --- the server -------------------------------------------------------------------------------------------
    def start_server(self):
        env = dict(os.environ, MINISTORE_PASSWORD=self.password)
        self.server = subprocess.Popen(
            ["dotnet", self.args.server, str(self.port), "--maxmemory", self.args.maxmemory,
             "--maxmemory-policy", "allkeys-lru", "--log-level", "Warning"],
            env=env)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def proc(self, name):
        with open(f"/proc/{self.server.pid}/status") as f:
            for line in f:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
        return 0

    # --- load: the bundled generator in rounds of fresh connections ----------------------------------------------
    def load(self):
        round_no = 0
        while not self.stop.is_set():
            protocol = "resp" if round_no % 2 else "line"
            round_no += 1
            cmd = ["dotnet", self.args.loadtest, "-p", str(self.port), "-c", "20", "-P", "4", "-t", "mixed",
                   "--ratio", "1:4", "--random", "-r", "200000", "--value-size", "512", "--ttl", "120",
                   "--rate", str(self.args.rate), "-d", "30", "--warmup", "0", "--json", "--protocol", protocol]
            run = subprocess.run(cmd, env=dict(os.environ, MINISTORE_PASSWORD=self.password),
                                 capture_output=True, text=True)
            if self.stop.is_set() and run.returncode != 0:
                return
            try:
                import json
                report = json.loads(run.stdout)
                test = report["tests"][0]
                self.latest_p99 = test["latencyMicros"]["p99"]
                self.load_requests += test["requests"]
                if test["errors"] or report.get("failure"):
                    self.error(f"load round {round_no}: {test['errors']} errors {test['errorSamples']} {report.get('failure')}")
            except (ValueError, KeyError, IndexError):
                self.error(f"load round {round_no}: exit {run.returncode}: {run.stderr.strip()[:300]}")

    # --- side traffic ------------------------------------------------------------------------------------------
    def churn(self):
        n = 0
        while not self.stop.wait(0.05):
            n += 1
            try:
                s, r = self.connect()
                s.sendall(resp("SET", f"churn:{n % 1000}", "v", "EX", "5") + resp("GET", f"churn:{n % 1000}"))
                if r.reply() != b"OK" or r.reply() not in (b"v", None):
                    self.error("churn: wrong reply")
                s.sendall(resp("QUIT"))
                r.reply()
                s.close()
                self.side["churned"] += 1
            except Exception as e:  # noqa: BLE001 - any failure of a healthy server is an error here
                self.error(f"churn: {e}")

    def killer(self):
        rng = random.Random(1)
        while not self.stop.wait(2):
            try:
                s, _ = self.connect()
                batch = b"".join(resp("SET", f"kill:{i}", b"x" * 100, "EX", "10") + resp("GET", f"kill:{i}") for i in range(500))
                cut = rng.randrange(len(batch))
                s.sendall(batch[:cut])  # stop mid-request
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.close()  # RST with replies still queued
                self.side["killed"] += 1
            except Exception as e:  # noqa: BLE001
                self.error(f"killer: {e}")

    def slow_reader(self):
        while not self.stop.wait(30):
            try:
                s, r = self.connect()
                s.sendall(resp("SET", "slow:big", b"b" * 262144, "EX", "60"))
                r.reply()
                s.sendall(resp("GET", "slow:big") * 200)  # ~50 MB of replies
                got = 0
                end = time.time() + 10
                while time.time() < end and got < 1 << 20:
                    got += len(s.recv(16384))
                    time.sleep(0.05)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.close()
                self.side["slow_readers"] += 1
            except Exception as e:  # noqa: BLE001
                self.error(f"slow reader: {e}")

    def flusher(self):
        while not self.stop.wait(120):
            try:
                s, r = self.connect()
                s.sendall(resp("FLUSHALL"))
                if r.reply() != b"OK":
                    self.error("FLUSHALL: wrong reply")
                s.close()
                self.side["flushes"] += 1
            except Exception as e:  # noqa: BLE001
                self.error(f"flusher: {e}")

    def info(self):
        s, r = self.connect()
        s.sendall(resp("INFO", "all"))
        text = r.reply().decode()
        s.close()
        return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)

    # --- the run -----------------------------------------------------------------------------------------------
    def run(self):
        self.start_server()
        threads = [threading.Thread(target=t, daemon=True) for t in (self.load, self.churn, self.killer, self.slow_reader, self.flusher)]
        for t in threads:
            t.start()
        rows = []
        started = time.time()
        end = started + self.args.minutes * 60
        try:
            while time.time() < end:
                time.sleep(SAMPLE_SECONDS)
                if self.server.poll() is not None:
                    self.error(f"server exited with {self.server.returncode}")
                    break
                info = self.info()
                row = {
                    "seconds": round(time.time() - started),
                    "rss_mb": round(self.proc("VmRSS") / 1024, 1),
                    "gc_heap_mb": round(int(info.get("ministore_gc_heap_bytes", 0)) / 2**20, 1),
                    "used_memory_mb": round(int(info["used_memory"]) / 2**20, 1),
                    "threads": self.proc("Threads"),
                    "handles": len(os.listdir(f"/proc/{self.server.pid}/fd")),
                    "clients": int(info["connected_clients"]),
                    "p99_us": self.latest_p99,
                    "errors": len(self.errors),
                    "evicted_keys": int(info["evicted_keys"]),
                    "expired_keys": int(info["expired_keys"]),
                }
                rows.append(row)
                print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        finally:
            self.stop.set()
            for t in threads:
                t.join(timeout=60)
            self.server.terminate()
            self.server.wait(timeout=30)
        return rows

    def verdict(self, rows):
        failures = list(self.errors)
        warm = [r for r in rows if r["seconds"] >= self.args.warmup_minutes * 60]
        if len(warm) >= 6:
            third = len(warm) // 3
            early = sorted(r["rss_mb"] for r in warm[:third])[third // 2]
            late = sorted(r["rss_mb"] for r in warm[-third:])[third // 2]
            growth = late - early
            print(f"RSS after warm-up: median {early} MB in the first third, {late} MB in the last (growth {growth:+.1f} MB)")
            if growth > max(0.15 * early, 32):
                failures.append(f"RSS grew {growth:.1f} MB after warm-up ({early} -> {late} MB)")
            for name in ("threads", "handles"):
                first, last = warm[0][name], max(r[name] for r in warm[-third:])
                if last > first * 2 + 50:
                    failures.append(f"{name} grew from {first} to {last}")
        else:
            failures.append("too few samples after warm-up to judge growth")
        return failures


def plot(csv_path, png_path):
    script = f"""
set terminal pngcairo size 1100,500
set output '{png_path}'
set datafile separator ','
set key top left autotitle columnhead
set xlabel 'minutes'
set ylabel 'MB'
set y2label 'p99 (ms)'
set y2tics
set ytics nomirror
set title 'MiniStore soak: RSS, GC heap and p99 of the mixed load over time'
plot '{csv_path}' using ($1/60):2 with lines lw 2 title 'RSS (MB)', \\
     '' using ($1/60):3 with lines title 'GC heap (MB)', \\
     '' using ($1/60):($8/1000) axes x1y2 with lines title 'p99 (ms)'
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--server", required=True)
    p.add_argument("--loadtest", required=True)
    p.add_argument("--minutes", type=float, default=60)
    p.add_argument("--warmup-minutes", type=float, default=5)
    p.add_argument("--rate", type=int, default=4000, help="load generator requests/s")
    p.add_argument("--maxmemory", default="32mb")
    p.add_argument("--out", default="docs/soak")
    args = p.parse_args()

    soak = Soak(args)
    rows = soak.run()
    os.makedirs(args.out, exist_ok=True)
    csv_path = os.path.join(args.out, "soak.csv")
    with open(csv_path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["seconds"])
        w.writeheader()
        w.writerows(rows)
    png_path = os.path.join(args.out, "soak.png")
    if rows:
        plot(csv_path, png_path)
    failures = soak.verdict(rows)
    print(f"load requests {soak.load_requests}, side traffic {soak.side}, errors {len(soak.errors)}")
    if failures:
        print("SOAK FAILED:\n  " + "\n  ".join(failures[:20]))
        sys.exit(1)
    print(f"SOAK PASSED: {len(rows)} samples over {args.minutes} min; {csv_path}, {png_path}")


if __name__ == "__main__":
    main()
