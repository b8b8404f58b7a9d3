"""Driver for auth-flood.sh: how much of its authenticated SET/GET rate a server keeps while other clients flood
it with wrong passwords.

For each server (MiniStore; with --redis also redis-server, started the same way as compare.py does) and each
test (SET, GET), in one redis-benchmark process:
  1. `redis-benchmark -t <test> -n 2000000000 -c <clients> -P <pipeline> -r 100000 -q` runs on authenticated
     connections. Its -q progress line ('SET: rps=<rate over the last ~250 ms> (overall: ...)', rewritten in place
     every 250 ms) gives the rate the clients see, independent of how each server counts commands.
  2. Once every connection has authenticated (INFO authenticated_clients, or connected_clients where a server has
     no such field) and --settle seconds have passed, the rate is averaged over --seconds: "no flood".
  3. --threads threads then connect and send RESP `AUTH wrongpw` in a loop, reading each reply, reconnecting
     whenever the server closes the connection. Once every thread has had a reply (or a close) and --settle
     seconds have passed, the rate is averaged over --seconds again: "under flood".
  4. With --auth-probes K, K fresh connections authenticate with the right password after each window (time from
     connect to +OK): can a legitimate client still get in?

Every loop is bounded: the flood threads stop at their own deadline (settle + seconds + probe budget) even if this
driver is stuck, sockets have 1 s timeouts, redis-benchmark and the servers are terminated on exit, on errors and
on SIGTERM (and get SIGTERM if this process dies: PR_SET_PDEATHSIG). Loopback only."""
import argparse, os, re, resource, socket, statistics, subprocess, sys, tempfile, threading, time

sys.dont_write_bytecode = True  # no __pycache__ in benchmarks/ from importing compare
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import (NOISE_NOTE, PASSWORD, Monitor, Server, cpu_seconds, exit_on_signals, free_port,  # noqa: E402
                     info_field, invocation, load_average, md_cell, ministore_argv, popen, redis_argv, stamp,
                     write_doc_sections)

HOST = "127.0.0.1"
WRONG_PASSWORD = b"wrongpw"
WRONG_AUTH = b"*2\r\n$4\r\nAUTH\r\n$%d\r\n%s\r\n" % (len(WRONG_PASSWORD), WRONG_PASSWORD)
PROGRESS = re.compile(rb"rps=([0-9]+(?:\.[0-9]+)?)")


def bench_args(test, clients, pipeline):
    return ["-t", test, "-n", "2000000000", "-c", str(clients), "-P", str(pipeline), "-r", "100000", "-q"]


class RateReader(threading.Thread):
    """Collects (arrival time, rate) from redis-benchmark's -q progress output, whose lines end in \\r."""

    def __init__(self, proc):
        super().__init__(daemon=True)
        self.proc, self.samples, self.lock, self.other = proc, [], threading.Lock(), []

    def run(self):
        pending = b""
        while True:
            data = self.proc.stdout.read1(65536)
            if not data:
                return
            now = time.monotonic()
            parts = re.split(rb"[\r\n]", pending + data)
            pending = parts.pop()
            for part in parts:
                m = PROGRESS.search(part)
                with self.lock:
                    if m:
                        self.samples.append((now, float(m.group(1))))
                    elif part.strip():
                        self.other.append(part.strip().decode(errors="replace"))

    def last_sample(self):
        with self.lock:
            return self.samples[-1] if self.samples else None

    def rate(self, t0, t1):
        """Mean rate over (t0, t1]: each interval rate that arrived in the window, weighted by the time since the one
        before it (each covers redis-benchmark's interval since its previous progress line)."""
        with self.lock:
            samples = list(self.samples)
        total = weight = 0.0
        count = 0
        for (prev, _), (t, r) in zip(samples, samples[1:]):
            if t0 < t <= t1:
                total += r * (t - prev)
                weight += t - prev
                count += 1
        if count < 3:
            raise RuntimeError(f"only {count} progress samples from redis-benchmark in a {t1 - t0:.1f} s window")
        return total / weight


class FloodWorker(threading.Thread):
    """One connection at a time: AUTH wrongpw, read the reply, again; a new connection when the server closes."""

    def __init__(self, flood):
        super().__init__(daemon=True)
        self.flood = flood
        self.connections = self.rejected = self.closed = self.connect_errors = self.unexpected = 0
        self.last_unexpected = None
        self.ready = threading.Event()

    def active(self):
        return not self.flood.stop_event.is_set() and time.monotonic() < self.flood.deadline

    def run(self):
        while self.active():
            try:
                sock = socket.create_connection((HOST, self.flood.port), timeout=1.0)
            except OSError:
                self.connect_errors += 1
                self.flood.stop_event.wait(0.05)  # back off from a refused connect; not a synchronisation
                continue
            self.connections += 1
            try:
                self.hammer(sock)
            finally:
                sock.close()

    def hammer(self, sock):
        sent = 0
        while self.active():
            try:
                sock.sendall(WRONG_AUTH)
            except OSError:
                self.closed += 1
                self.ready.set()
                return
            reply = self.read_line(sock)
            if reply is None:  # stopped while waiting
                return
            if reply == b"":
                self.closed += 1
                self.ready.set()
                return
            if reply.startswith(b"-"):
                self.rejected += 1
            else:
                self.unexpected += 1
                self.last_unexpected = reply[:80]
            self.ready.set()
            sent += 1
            if self.flood.per_connection and sent >= self.flood.per_connection:
                return

    def read_line(self, sock):
        data = b""
        while b"\n" not in data:
            if not self.active():
                return None
            try:
                chunk = sock.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                return b""
            if not chunk:
                return b""
            data += chunk
        return data


class Flood:
    def __init__(self, port, threads, max_seconds, per_connection):
        self.port, self.per_connection = port, per_connection
        self.stop_event = threading.Event()
        self.deadline = time.monotonic() + max_seconds
        self.workers = [FloodWorker(self) for _ in range(threads)]

    def __enter__(self):
        for w in self.workers:
            w.start()
        return self

    def __exit__(self, *_):
        self.stop_event.set()
        for w in self.workers:
            w.join(5)

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        for w in self.workers:
            if not w.ready.wait(max(0.0, deadline - time.monotonic())):
                raise RuntimeError(f"a flood thread had no reply within {timeout:.0f} s "
                                   f"({w.connections} connections, {w.connect_errors} connect errors)")

    def totals(self):
        keys = ("connections", "rejected", "closed", "connect_errors", "unexpected")
        return {k: sum(getattr(w, k) for w in self.workers) for k in keys}

    def unexpected_replies(self):
        return [w.last_unexpected for w in self.workers if w.last_unexpected]


def process_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def auth_latency(port, timeout):
    """Seconds from connect to the reply of AUTH <right password> on a fresh connection, and that reply."""
    t0 = time.perf_counter()
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(b"*2\r\n$4\r\nAUTH\r\n$%d\r\n%s\r\n" % (len(PASSWORD), PASSWORD.encode()))
        data = b""
        while b"\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return time.perf_counter() - t0, data.strip().decode(errors="replace")


def probe(port, count, timeout):
    """Median AUTH latency over `count` fresh connections, or a failure text."""
    if count <= 0:
        return None
    times = []
    for _ in range(count):
        try:
            seconds, reply = auth_latency(port, timeout)
        except OSError as e:
            return f"failed: {e.__class__.__name__} {e}"
        if not reply.startswith("+OK"):
            return f"failed: {reply or 'connection closed'}"
        times.append(seconds)
    return statistics.median(times)


def wait_authenticated(server, bench, reader, clients, timeout=300):
    """Until every benchmark connection has authenticated and a non-zero rate has been printed after that."""
    monitor = Monitor(server.port)
    try:
        deadline = time.monotonic() + timeout
        seen_all = None
        while time.monotonic() < deadline:
            if bench.poll() is not None:
                raise RuntimeError(f"redis-benchmark exited ({bench.returncode}) against {server.name} before the window")
            if seen_all is None:
                n = info_field(monitor, "clients", "authenticated_clients")
                if n is None:
                    n = info_field(monitor, "clients", "connected_clients")
                if n is not None and n >= clients + 1:  # + this monitor
                    seen_all = time.monotonic()
            else:
                last = reader.last_sample()
                if last and last[0] > seen_all and last[1] > 0:
                    return
            time.sleep(0.1)  # polling interval
        raise RuntimeError(f"{server.name}: the {clients} benchmark connections did not all authenticate within {timeout} s")
    finally:
        monitor.close()


def window(server, bench, reader, seconds):
    """Averages the rate over `seconds` from now; also the server's CPU share and this process's CPU share."""
    pid = server.proc.pid
    t0, c0, p0 = time.monotonic(), cpu_seconds(pid), process_cpu()
    end = t0 + seconds
    while time.monotonic() < end:
        if bench.poll() is not None:
            raise RuntimeError(f"redis-benchmark exited ({bench.returncode}) against {server.name} during the window: "
                               + " / ".join(reader.other[-3:]))
        time.sleep(min(0.2, max(0.0, end - time.monotonic())))
    t1, c1, p1 = time.monotonic(), cpu_seconds(pid), process_cpu()
    return reader.rate(t0, t1), 100 * (c1 - c0) / (t1 - t0), 100 * (p1 - p0) / (t1 - t0), t1 - t0


def measure(server, test, args):
    argv = ["redis-benchmark", "-p", str(server.port), "-a", PASSWORD] + bench_args(test, args.clients, args.pipeline)
    with tempfile.TemporaryFile() as stderr:
        bench = popen(argv, stdout=subprocess.PIPE, stderr=stderr)
        reader = RateReader(bench)
        reader.start()
        try:
            wait_authenticated(server, bench, reader, args.clients)
            time.sleep(args.settle)  # warm-up after readiness, not a synchronisation
            base, base_cpu, _, base_window = window(server, bench, reader, args.seconds)
            base_probe = probe(server.port, args.auth_probes, args.probe_timeout)
            budget = args.settle + args.seconds + args.auth_probes * args.probe_timeout + 30
            with Flood(server.port, args.threads, budget, args.attempts_per_connection) as flood:
                flood.wait_ready(30)
                time.sleep(args.settle)  # the flood running at full speed before the window; readiness is above
                before, f0 = flood.totals(), time.monotonic()
                under, flood_cpu, client_cpu, flood_window = window(server, bench, reader, args.seconds)
                after, f1 = flood.totals(), time.monotonic()
                flood_probe = probe(server.port, args.auth_probes, args.probe_timeout)
                unexpected = flood.unexpected_replies()
        finally:
            bench.terminate()
            try:
                bench.wait(10)
            except subprocess.TimeoutExpired:
                bench.kill()
                bench.wait()
            reader.join(5)
    span = f1 - f0
    return {
        "base": base, "under": under, "kept": under / base if base else float("nan"),
        "server_cpu_base": base_cpu, "server_cpu_flood": flood_cpu, "client_cpu_flood": client_cpu,
        "wrong_auths": (after["rejected"] - before["rejected"]) / span,
        "connections": (after["connections"] - before["connections"]) / span,
        "closes": (after["closed"] - before["closed"]) / span,
        "unexpected": after["unexpected"], "unexpected_sample": unexpected[:1],
        "connect_errors": after["connect_errors"],
        "probe_base": base_probe, "probe_flood": flood_probe, "windows": (base_window, flood_window),
    }


def fmt_probe(value):
    if value is None:
        return "–"
    if isinstance(value, str):
        return md_cell(value, 60)
    return f"{value * 1000:,.1f} ms" if value < 0.01 else f"{value * 1000:,.0f} ms"


def median_of(results, key):
    values = [r[key] for r in results]
    numbers = [v for v in values if isinstance(v, (int, float))]
    if len(numbers) == len(values):
        return statistics.median(numbers)
    return next(v for v in values if not isinstance(v, (int, float)))  # a failure text wins


def table(results, args):
    """results: {(server, test): [round dicts]} -> markdown rows (medians over rounds)."""
    rows = ["| server | test | no flood, req/s | under flood, req/s | **under flood / no flood** | wrong AUTHs/s answered "
            "| flood connections/s | server CPU, no flood → flood | flood client CPU | right-password AUTH, no flood → flood |",
            "|---|---|---:|---:|---:|---:|---:|---|---:|---|"]
    for (server, test), rs in results.items():
        m = {k: median_of(rs, k) for k in ("base", "under", "kept", "server_cpu_base", "server_cpu_flood",
                                           "client_cpu_flood", "wrong_auths", "connections", "probe_base", "probe_flood")}
        rows.append(f"| {server} | {test.upper()} -P {args.pipeline} | {m['base']:,.0f} | {m['under']:,.0f} | "
                    f"**{100 * m['kept']:.0f} %** | {m['wrong_auths']:,.0f} | {m['connections']:,.1f} | "
                    f"{m['server_cpu_base']:.0f} % → {m['server_cpu_flood']:.0f} % | {m['client_cpu_flood']:.0f} % | "
                    f"{fmt_probe(m['probe_base'])} → {fmt_probe(m['probe_flood'])} |")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--redis", action="store_true", help="also measure redis-server the same way")
    parser.add_argument("--seconds", type=float, default=10.0, help="each measurement window (no flood, under flood)")
    parser.add_argument("--threads", type=int, default=16, help="flooding threads (one connection each at a time)")
    parser.add_argument("--rounds", type=int, default=1, help="repetitions per server and test (medians)")
    parser.add_argument("--tests", default="set,get", help="redis-benchmark tests, measured one after the other")
    parser.add_argument("--clients", type=int, default=50, help="redis-benchmark -c")
    parser.add_argument("--pipeline", type=int, default=1, help="redis-benchmark -P")
    parser.add_argument("--settle", type=float, default=1.0, help="seconds between readiness and each window")
    parser.add_argument("--auth-probes", type=int, default=3,
                        help="fresh right-password AUTHs timed after each window (0: none)")
    parser.add_argument("--probe-timeout", type=float, default=30.0, help="seconds one probe may take")
    parser.add_argument("--attempts-per-connection", type=int, default=0,
                        help="wrong AUTHs per flood connection before reconnecting (0: until the server closes it)")
    parser.add_argument("--ministore-args", default="", help="extra MiniStore server flags")
    parser.add_argument("--server-logs", metavar="DIR", help="keep each server's output in DIR/<server>.log")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/benchmarks.md")
    parser.add_argument("--note", default="", help="a sentence added to the section written")
    args = parser.parse_args()
    if args.seconds <= 1 or args.threads < 1 or args.rounds < 1:
        parser.error("--seconds must be > 1, --threads and --rounds at least 1")
    exit_on_signals()
    load_start = load_average()

    servers, results = [], {}
    try:
        port = free_port()
        servers.append(Server("MiniStore", ministore_argv(port, args.ministore_args), port, log_dir=args.server_logs))
        if args.redis:
            port = free_port()
            servers.append(Server("redis-server", redis_argv(port), port, log_dir=args.server_logs))
        for rnd in range(args.rounds):
            for server in servers:
                for test in args.tests.split(","):
                    r = measure(server, test, args)
                    results.setdefault((server.name, test), []).append(r)
                    print(f"round {rnd + 1} {server.name:12} {test.upper()} -P {args.pipeline}: "
                          f"{r['base']:10,.0f} req/s no flood, {r['under']:10,.0f} req/s under flood = "
                          f"{100 * r['kept']:5.1f} % | flood: {r['wrong_auths']:8,.0f} wrong AUTHs/s answered, "
                          f"{r['connections']:7,.1f} connections/s, {r['closes']:7,.1f} closes/s by the server | "
                          f"server CPU {r['server_cpu_base']:.0f} % -> {r['server_cpu_flood']:.0f} %, "
                          f"flood client CPU {r['client_cpu_flood']:.0f} % | right-password AUTH "
                          f"{fmt_probe(r['probe_base'])} -> {fmt_probe(r['probe_flood'])}", flush=True)
                    if r["unexpected"]:
                        print(f"  WARNING: {r['unexpected']} flood replies were not errors, e.g. {r['unexpected_sample']}",
                              flush=True)
    finally:
        for server in servers:
            server.stop()

    odd = [f"{s} {t.upper()}: {sum(r['unexpected'] for r in rs)} flood replies that were not errors"
           for (s, t), rs in results.items() if any(r["unexpected"] for r in rs)]
    body = (f"Measured {stamp()} with `{invocation('python3 benchmarks/auth_flood.py')}`"
            f"{' (medians of ' + str(args.rounds) + ' rounds)' if args.rounds > 1 else ''}. Per server and test, one "
            f"`redis-benchmark -p PORT -a PW {' '.join(bench_args('<test>', args.clients, args.pipeline))}` runs on "
            f"authenticated connections; its rate (from its 250 ms progress lines) is averaged over {args.seconds:g} s "
            f"with no flood, then over {args.seconds:g} s while {args.threads} threads of the driver connect and send "
            f"`AUTH {WRONG_PASSWORD.decode()}` (RESP) in a loop, each waiting for its reply and reconnecting whenever "
            f"the server closes the connection. \"Wrong AUTHs/s answered\" counts the error replies the flood received; "
            f"CPU is % of one core (server: /proc/<pid>/stat; flood client: the Python driver, which shares the same "
            f"2 cores). The right-password AUTH column is the median time a fresh connection needed to authenticate "
            f"({args.auth_probes} probes after each window)."
            f" {NOISE_NOTE} Load average (1 min) {load_start} at the start of the run, {load_average()} at its end."
            f"{' ' + args.note if args.note else ''}\n\n{table(results, args)}"
            + ("\n\nOdd: " + "; ".join(odd) if odd else ""))
    print(f"\n{body}")
    if args.write_docs:
        write_doc_sections([("auth-flood", "## Authentication flood (auth-flood.sh)", body)])
        print("\nwrote auth-flood into docs/benchmarks.md")


if __name__ == "__main__":
    main()
