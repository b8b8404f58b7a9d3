"""Driver for compare.sh: starts each server on loopback, runs redis-benchmark against it, measures the
server's CPU from /proc/<pid>/stat, and prints (optionally writes into docs/benchmarks.md) a table.

Every server requires the same password. MiniStore verifies passwords with Argon2id (about 100 ms of CPU
per connection, by design), so rates are read from each server's own command counter over the steady part
of each run (see measure), which leaves connection set-up out for all servers alike."""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

PASSWORD = "compare-" + os.urandom(4).hex()
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {port}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


class Server:
    def __init__(self, name, argv, port, env=None):
        self.name, self.port = name, port
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        wait_listening(port, self.proc)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_servers(args):
    servers = []
    port = free_port()
    servers.append(Server("MiniStore", ["dotnet", "src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll",
                                        PASSWORD, str(port), "--log-level", "Warning"] + args.ministore_args.split(), port))
    if args.only_ministore:
        return servers
    port = free_port()
    servers.append(Server("redis-server", ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                           "--requirepass", PASSWORD, "--save", "", "--appendonly", "no"], port))
    if not args.no_garnet:
        tool_dir = os.path.join(tempfile.gettempdir(), "ministore-garnet-tool")
        exe = os.path.join(tool_dir, "garnet-server")
        if not os.path.exists(exe):
            subprocess.run(["dotnet", "tool", "install", "--tool-path", tool_dir, "garnet-server", "--version", "2.2.8"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.path.exists(exe):
            port = free_port()
            servers.append(Server("Garnet", [exe, "--port", str(port), "--bind", "127.0.0.1", "--auth", "Password",
                                             "--password", PASSWORD, "-m", "1g", "--metrics-sampling-freq", "1"], port))
        else:
            print("Garnet: dotnet tool install failed; skipped", file=sys.stderr)
    return servers


class Monitor:
    """An authenticated RESP connection that reads the server's own command counter (INFO stats)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.file = self.sock.makefile("rb")
        self._send(b"AUTH", PASSWORD.encode())
        assert self.file.readline().startswith(b"+OK"), "monitor AUTH failed"

    def _send(self, *args):
        self.sock.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))

    def commands(self):
        return info_field(self, "stats", "total_commands_processed")

    def close(self):
        self.sock.close()


def info_field(monitor, section, name):
    monitor._send(b"INFO", section.encode())
    length = int(monitor.file.readline()[1:])
    text = monitor.file.read(length + 2).decode()
    match = re.search(name + r":(\d+)", text)
    return int(match.group(1)) if match else None


def edge_sample(monitor, pid):
    """(time, commands, cpu) at the moment the server's counter moves: Garnet refreshes INFO stats once per
    second, MiniStore and Redis continuously; sampling at a change keeps the window exact for all of them."""
    first = monitor.commands()
    deadline = time.time() + 5
    while time.time() < deadline:
        n = monitor.commands()
        if n != first:
            return time.perf_counter(), n, cpu_seconds(pid)
        time.sleep(0.01)
    raise RuntimeError("the server's total_commands_processed did not move for 5 s")


def measure(server, test, clients, pipeline, seconds):
    """Steady-state requests/s and server CPU µs per request, from the server's own counters.

    redis-benchmark runs an endless-in-practice -n (stopped after the window; -l would reconnect every cycle,
    paying AUTH again each time). Measurement starts once every connection is authenticated
    (MiniStore's INFO authenticated_clients; the others authenticate at no cost, so a fixed warm-up) and
    lasts a fixed window, read from the server's command counter and /proc CPU: connection set-up (AUTH:
    about 100 ms of Argon2id per connection for MiniStore) is left out for every server alike."""
    pid = server.proc.pid
    monitor = Monitor(server.port)
    bench = subprocess.Popen(["redis-benchmark", "-p", str(server.port), "-a", PASSWORD, "-t", test, "-n", "2000000000",
                              "-c", str(clients), "-P", str(pipeline), "-r", "100000", "-q"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            authenticated = info_field(monitor, "clients", "authenticated_clients")
            if authenticated is None or authenticated >= clients + 1:
                break
            time.sleep(0.1)
        time.sleep(1.0)
        t0, n0, c0 = edge_sample(monitor, pid)
        time.sleep(seconds)
        t1, n1, c1 = edge_sample(monitor, pid)
        if bench.poll() is not None:
            raise RuntimeError(f"redis-benchmark exited early ({bench.returncode}) against {server.name}")
    finally:
        bench.terminate()
        bench.wait(10)
        monitor.close()
    if n1 <= n0:
        raise RuntimeError(f"{server.name} served nothing during the window (does it report total_commands_processed?)")
    return (n1 - n0) / (t1 - t0), (c1 - c0) * 1e6 / (n1 - n0), t1 - t0


def load_generator(server, protocol, pipeline, clients, requests):
    dll = "benchmarks/MiniStore.LoadTest/bin/Release/net10.0/MiniStore.LoadTest.dll"
    if not os.path.exists(dll):
        return None
    out = subprocess.run(["dotnet", dll, "-p", str(server.port), "-a", PASSWORD, "-c", str(clients),
                          "-n", str(requests), "-P", str(pipeline), "-t", "set,get", "--protocol", protocol, "--json"],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        return f"failed: {out.stderr.strip()[:200]}"
    rates = re.findall(r'"requestsPerSecond"\s*:\s*([0-9.]+)', out.stdout)
    return [float(r) for r in rates]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0, help="measurement window per test")
    parser.add_argument("--requests", type=int, default=200_000, help="requests per load-generator run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--no-garnet", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--only-ministore", action="store_true", help="quick A/B runs of MiniStore settings")
    parser.add_argument("--ministore-args", default="", help="extra server flags, e.g. '--maxmemory 8mb'")
    parser.add_argument("--tests", default="set,get", help="redis-benchmark tests to run")
    args = parser.parse_args()

    servers = start_servers(args)
    results = {}  # (server, test, pipeline) -> list of (rps, cpu_us)
    try:
        for rnd in range(args.rounds):
            for server in servers:
                for pipeline in (1, 16):
                    for test in args.tests.split(","):
                        rps, cpu, window = measure(server, test, args.clients, pipeline, args.seconds)
                        results.setdefault((server.name, test, pipeline), []).append((rps, cpu))
                        print(f"round {rnd + 1} {server.name:12} {test.upper()} -P {pipeline:2}: {rps:12,.0f} req/s "
                              f"{cpu:6.2f} us CPU/req ({window:.1f} s window)", flush=True)
        line = load_generator(servers[0], "line", 16, args.clients, args.requests * 5)
        resp = load_generator(servers[0], "resp", 16, args.clients, args.requests * 5)
    finally:
        for server in servers:
            server.stop()

    if args.only_ministore:
        return
    names = [s.name for s in servers]
    med = {k: (statistics.median(r for r, _ in v), statistics.median(c for _, c in v)) for k, v in results.items()}
    rows = ["| test | " + " | ".join(f"{n} req/s | {n} µs CPU/req" for n in names) + " | MiniStore/Redis req/s | MiniStore/Redis CPU"
            + (" | MiniStore/Garnet req/s" if "Garnet" in names else "") + " |"]
    rows.append("|" + "---|" * (1 + 2 * len(names) + 2 + (1 if "Garnet" in names else 0)))
    for pipeline in (1, 16):
        for test in ("set", "get"):
            cells = []
            for n in names:
                rps, cpu = med[(n, test, pipeline)]
                cells += [f"{rps:,.0f}", f"{cpu:.2f}"]
            ms, rs = med[("MiniStore", test, pipeline)], med[("redis-server", test, pipeline)]
            extra = [f"{ms[0] / rs[0]:.2f}×", f"{ms[1] / rs[1]:.2f}×" if rs[1] > 0 else "n/a"]
            if "Garnet" in names:
                extra.append(f"{ms[0] / med[('Garnet', test, pipeline)][0]:.2f}×")
            rows.append(f"| {test.upper()} -P {pipeline} | " + " | ".join(cells + extra) + " |")
    table = "\n".join(rows)
    if isinstance(line, list) and isinstance(resp, list) and len(line) == len(resp) == 2:
        loadgen = (f"Bundled load generator (`MiniStore.LoadTest -c {args.clients} -n {args.requests * 5} -P 16 -t set,get`) against "
                   f"MiniStore: line protocol SET {line[0]:,.0f} / GET {line[1]:,.0f} req/s, RESP SET {resp[0]:,.0f} / "
                   f"GET {resp[1]:,.0f} req/s; line/RESP = {line[0] / resp[0]:.2f}× (SET), {line[1] / resp[1]:.2f}× (GET).")
    else:
        loadgen = f"Bundled load generator: line {line}, RESP {resp}"
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    section = (f"<!-- compare:start -->\nMeasured {stamp} with `benchmarks/compare.sh --rounds {args.rounds} --seconds {args.seconds} "
               f"--clients {args.clients}{' --no-garnet' if args.no_garnet else ''}`: medians of {args.rounds} rounds of "
               f"`redis-benchmark -n 2000000000 -c {args.clients} -P 1|16 -t set|get -r 100000` (3-byte values), each measured over a "
               f"{args.seconds:g} s window that starts once every connection has authenticated. Rates and CPU come from each "
               f"server's own counters (INFO total_commands_processed, /proc/<pid>/stat), so connection set-up (AUTH: Argon2id "
               f"for MiniStore) is excluded for every server alike. 2 shared, noisy cores: read the ratios, not the absolute numbers.\n\n{table}\n\n{loadgen}\n"
               f"<!-- compare:end -->")
    print()
    print(section)
    if args.write_docs:
        path = "docs/benchmarks.md"
        text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
        if "<!-- compare:start -->" in text:
            text = re.sub(r"<!-- compare:start -->.*?<!-- compare:end -->", lambda _: section, text, flags=re.S)
        else:
            text += "\n## MiniStore vs Redis vs Garnet (redis-benchmark)\n\n" + section + "\n"
        open(path, "w").write(text)


if __name__ == "__main__":
    main()
