"""Driver for compare.sh: starts each server on loopback, runs redis-benchmark against it, measures the
server's CPU from /proc/<pid>/stat, and prints (optionally writes into docs/benchmarks.md) a table.

Every server requires the same password. MiniStore verifies a password with Argon2id (about 100 ms of CPU) the
first time, then by a keyed MAC; the steady section reads rates from each server's own command counter over the
steady part of each run (see measure), which leaves connection set-up out for all servers alike, and the reported
and churn sections show redis-benchmark's own figures with set-up included.

Sections (--sections, default all of them):
  steady    the steady-state measurement above (server counters, set-up excluded), plus the load generator
  reported  redis-benchmark's own printed figures, connection set-up included (-P 1 and -P 16)
  churn     redis-benchmark -k 0: a new connection and AUTH for every request
  bulk      1,000,000 SETs generated as RESP and piped through redis-cli --pipe, timed by the wall clock
  default   redis-benchmark's default test list (no -t): which tests complete, and the first error
  zset      redis-benchmark -t zadd,zpopmin at -P 1 and -P 16 (its own figures, set-up included)
  pubsub    fan-out: 1 publisher, 50 subscribers on one channel (benchmarks/pubsub_fanout.py): messages delivered
            per second flat out, and publish-to-receipt latency at a fixed publish rate"""
import argparse, ctypes, json, os, re, shlex, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

PASSWORD = "compare-" + os.urandom(4).hex()
CLK_TCK = os.sysconf("SC_CLK_TCK")
MINISTORE_DLL = "src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll"
SECTIONS = ("steady", "reported", "churn", "bulk", "default", "zset", "pubsub")
DOC_PATH = "docs/benchmarks.md"


def _die_with_parent():
    """preexec_fn: the child gets SIGTERM if this driver dies, even by SIGKILL (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except Exception:
        pass


def popen(argv, **kwargs):
    return subprocess.Popen(argv, preexec_fn=_die_with_parent, **kwargs)


def exit_on_signals():
    """Turn SIGTERM/SIGHUP into SystemExit, so that every finally block (which stops the servers) runs."""
    def handler(signum, _frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


def ministore_argv(port, extra=""):
    return ["dotnet", MINISTORE_DLL, PASSWORD, str(port), "--log-level", "Warning"] + extra.split()


def redis_argv(port):
    return ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--requirepass", PASSWORD,
            "--save", "", "--appendonly", "no"]


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
    def __init__(self, name, argv, port, env=None, log_dir=None):
        """log_dir: where the server's stdout and stderr go (<dir>/<name>.log); discarded without one."""
        self.name, self.port = name, port
        out = subprocess.DEVNULL
        if log_dir:
            os.makedirs(log_dir, exist_ok=True)
            out = open(os.path.join(log_dir, f"{name}.log"), "ab")
        try:
            self.proc = popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)
        finally:
            if out is not subprocess.DEVNULL:
                out.close()
        try:
            wait_listening(port, self.proc)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_servers(args):
    servers = []
    try:
        port = free_port()
        servers.append(Server("MiniStore", ministore_argv(port, args.ministore_args), port, log_dir=args.server_logs))
        if args.sockets_transport:
            # The same build on Kestrel's socket transport: the transport's A/B in the same run.
            port = free_port()
            servers.append(Server("MiniStore sockets", ministore_argv(port, args.ministore_args + " --transport sockets"), port,
                                  log_dir=args.server_logs))
        if args.only_ministore:
            return servers
        port = free_port()
        servers.append(Server("redis-server", redis_argv(port), port, log_dir=args.server_logs))
        if not args.no_garnet:
            tool_dir = os.path.join(tempfile.gettempdir(), "ministore-garnet-tool")
            exe = os.path.join(tool_dir, "garnet-server")
            if not os.path.exists(exe):
                try:
                    subprocess.run(["dotnet", "tool", "install", "--tool-path", tool_dir, "garnet-server", "--version", "2.2.8"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
                except subprocess.TimeoutExpired:
                    pass
            if os.path.exists(exe):
                port = free_port()
                try:
                    servers.append(Server("Garnet", [exe, "--port", str(port), "--bind", "127.0.0.1", "--auth", "Password",
                                                     "--password", PASSWORD, "-m", "1g", "--metrics-sampling-freq", "1"], port,
                                          log_dir=args.server_logs))
                except RuntimeError as e:
                    print(f"Garnet: did not start ({e}); skipped", file=sys.stderr)
            else:
                print("Garnet: dotnet tool install failed; skipped", file=sys.stderr)
        return servers
    except BaseException:
        for server in servers:
            server.stop()
        raise


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

    def simple(self, *args):
        """Sends a command whose reply is one line (+OK, :n, -ERR); returns that line without CRLF."""
        self._send(*(a if isinstance(a, bytes) else str(a).encode() for a in args))
        return self.file.readline().rstrip(b"\r\n").decode(errors="replace")

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
    lasts a fixed window, read from the server's command counter and /proc CPU: connection set-up is left out
    for every server alike."""
    pid = server.proc.pid
    monitor = Monitor(server.port)
    bench = popen(["redis-benchmark", "-p", str(server.port), "-a", PASSWORD, "-t", test, "-n", "2000000000",
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


NOISE_NOTE = ("The machine has 2 shared, noisy cores (servers and clients share them, other engineers build on them): "
              "read the ratios within one run, not the absolute numbers.")


def stamp():
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def load_average():
    """The 1-minute load average now, as text: how busy the shared machine was."""
    return f"{os.getloadavg()[0]:.1f}"


def invocation(default_launcher):
    """The command line this run was started with (compare.sh / auth-flood.sh set BENCH_LAUNCHER)."""
    return " ".join([os.environ.get("BENCH_LAUNCHER", default_launcher)] + [shlex.quote(a) for a in sys.argv[1:]])


def md_cell(text, limit=120):
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("|", "\\|")


def write_doc_sections(sections, path=DOC_PATH):
    """sections: [(marker, heading, body)]. Replaces what lies between <!-- marker:start --> and <!-- marker:end -->;
    a section not yet in the file goes, under its heading, before the first '## ' heading that follows the
    comparison table (<!-- compare:end -->), or at the end of the file."""
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    for marker, heading, body in sections:
        block = f"<!-- {marker}:start -->\n{body.strip()}\n<!-- {marker}:end -->"
        pattern = re.compile(rf"<!-- {re.escape(marker)}:start -->.*?<!-- {re.escape(marker)}:end -->", re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _: block, text, count=1)
            continue
        chunk = f"{heading}\n\n{block}\n"
        anchor = text.find("<!-- compare:end -->")
        following = re.compile(r"^## ", re.M).search(text, anchor) if anchor >= 0 else None
        if following:
            text = text[:following.start()] + chunk + "\n" + text[following.start():]
        else:
            text = text.rstrip("\n") + "\n\n" + chunk
    with open(path, "w") as f:
        f.write(text)


# ---------------------------------------------------------------------------------------------------------------
# redis-benchmark's own figures (sections reported, churn, default)

REPORTED_LINE = re.compile(r"^(?P<test>[A-Z][^:]*?): (?P<rps>[0-9]+(?:\.[0-9]+)?) requests per second")
PROGRESS_LINE = re.compile(r"^(?P<test>[A-Z][^:]*?): rps=")


def split_lines(text):
    """redis-benchmark -q rewrites its progress line in place with \\r; the final figure of a test follows one."""
    return [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]


def parse_reported(text):
    """[(test, requests/s)] as redis-benchmark prints them, e.g. 'SET: 123456.79 requests per second, p50=0.215 msec'."""
    return [(m.group("test"), float(m.group("rps"))) for m in map(REPORTED_LINE.match, split_lines(text)) if m]


class BenchRun:
    """One redis-benchmark invocation: its printed figures, its error lines, its exit status."""

    def __init__(self, args, returncode, stdout, stderr, seconds, timed_out=False):
        self.args, self.returncode, self.seconds, self.timed_out = args, returncode, seconds, timed_out
        self.stdout, self.stderr = stdout, stderr
        self.figures = parse_reported(stdout)
        lines = split_lines(stderr) + split_lines(stdout)
        self.errors = [line for line in lines if line.startswith("Error") or "Protocol error" in line
                       or line.startswith("Writing to socket")]
        progress = [m.group("test") for m in map(PROGRESS_LINE.match, split_lines(stdout)) if m]
        self.last_started = progress[-1] if progress else None

    @property
    def ok(self):
        return self.returncode == 0 and not self.errors and not self.timed_out

    def problem(self):
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        if self.errors:
            return self.errors[0]
        if self.returncode != 0:
            return f"exit status {self.returncode}"
        return "no figure printed"


def redis_benchmark(server, bench_args, timeout):
    argv = ["redis-benchmark", "-p", str(server.port), "-a", PASSWORD] + bench_args
    t0 = time.perf_counter()
    try:
        out = subprocess.run(argv, capture_output=True, timeout=timeout, preexec_fn=_die_with_parent)
    except subprocess.TimeoutExpired as e:
        return BenchRun(bench_args, None, (e.stdout or b"").decode(errors="replace"),
                        (e.stderr or b"").decode(errors="replace"), time.perf_counter() - t0, timed_out=True)
    return BenchRun(bench_args, out.returncode, out.stdout.decode(errors="replace"), out.stderr.decode(errors="replace"),
                    time.perf_counter() - t0)


def shown(tool_args, tool="redis-benchmark"):
    """A command line as documented: the real one with the port and password as placeholders."""
    return " ".join([tool, "-p PORT -a PW"] + [shlex.quote(a) for a in tool_args])


class Measurements:
    """(row, server) -> values over the rounds, and the failure text when a run gave no figure."""

    def __init__(self):
        self.values, self.failures = {}, {}

    def add(self, row, server, value):
        self.values.setdefault((row, server), []).append(value)

    def fail(self, row, server, why):
        self.failures.setdefault((row, server), why)

    def median(self, row, server):
        v = self.values.get((row, server))
        return statistics.median(v) if v else None

    def rounds(self, row, server):
        return len(self.values.get((row, server), []))


def ratio(a, b):
    """a/b for a table: two decimals, or two significant digits below 0.1 (so 0.0012× does not read 0.00×)."""
    if a is None or not b:
        return "n/a"
    r = a / b
    return f"{r:.2f}×" if r >= 0.1 else f"{r:.2g}×"


def ratio_table(meas, rows, names, fmt=lambda v: f"{v:,.0f}", first="test", rounds=None):
    others = [n for n in ("redis-server", "Garnet") if n in names and "MiniStore" in names]
    header = [first] + names + [f"MiniStore/{'Redis' if o == 'redis-server' else o}" for o in others]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for row in rows:
        cells = [row]
        for n in names:
            v = meas.median(row, n)
            if v is None:
                cells.append("failed: " + md_cell(meas.failures.get((row, n), "no figure"), 80))
            else:
                got = meas.rounds(row, n)
                shown_value = (fmt[row] if isinstance(fmt, dict) else fmt)(v)
                cells.append(shown_value + (f" ({got} of {rounds} rounds)" if rounds and got < rounds else ""))
        ms = meas.median(row, "MiniStore")
        for o in others:
            ov = meas.median(row, o)
            cells.append(ratio(ms, ov))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def admin(server, *command):
    """One command on a fresh authenticated connection (FLUSHALL, DBSIZE): returns its one-line reply."""
    monitor = Monitor(server.port)
    try:
        return monitor.simple(*command)
    finally:
        monitor.close()


def flushall(server):
    reply = admin(server, "FLUSHALL")
    if not reply.startswith("+OK"):
        raise RuntimeError(f"{server.name}: FLUSHALL answered {reply!r}")


def reported_args(args, pipeline):
    n = args.reported_requests if pipeline == 1 else args.reported_requests_p16
    return ["-t", "set,get", "-n", str(n), "-c", str(args.clients), "-P", str(pipeline), "-q"]


def record_figures(server, run, tests, pipeline, meas, label, width, suffix=""):
    """Records redis-benchmark's printed rate for each of tests ("<TEST> -P <pipeline>" rows), or the run's problem."""
    figures = dict(run.figures)
    for test in tests:
        row = f"{test} -P {pipeline}"
        if test in figures and run.ok:
            meas.add(row, server.name, figures[test])
        else:
            meas.fail(row, server.name, run.problem())
        shown_rate = f"{figures[test]:12,.0f} req/s" if test in figures else f"failed: {run.problem()}"
        print(f"{label} {server.name:12} {row:{width}}: {shown_rate}{suffix}", flush=True)


def run_reported(server, args, meas, rnd):
    flushall(server)
    for pipeline in (1, 16):
        n = args.reported_requests if pipeline == 1 else args.reported_requests_p16
        run = redis_benchmark(server, reported_args(args, pipeline), timeout=300 + n / 1000)
        record_figures(server, run, ("SET", "GET"), pipeline, meas, f"round {rnd + 1} reported", 9, " (redis-benchmark's own figure)")


def churn_args(args):
    return ["-k", "0", "-t", "set", "-n", str(args.churn_requests), "-c", str(args.churn_clients), "-q"]


def run_churn(server, args, meas, rnd):
    flushall(server)
    run = redis_benchmark(server, churn_args(args), timeout=120 + args.churn_requests)
    figures = dict(run.figures)
    if "SET" in figures and run.ok:
        meas.add("SET -k 0", server.name, figures["SET"])
        shown_rate = f"{figures['SET']:12,.1f} req/s"
    else:
        meas.fail("SET -k 0", server.name, run.problem())
        shown_rate = f"failed: {run.problem()}"
    print(f"round {rnd + 1} churn    {server.name:12} SET -k 0 : {shown_rate} ({run.seconds:.1f} s wall)", flush=True)


def make_bulk_file(directory, keys):
    """SET key:<i> <32-byte value> for i in [0, keys), as RESP arrays, the input of redis-cli --pipe."""
    path = os.path.join(directory, "bulk-set.resp")
    with open(path, "wb") as f:
        for start in range(0, keys, 100_000):
            chunk = []
            for i in range(start, min(keys, start + 100_000)):
                key, value = b"key:%d" % i, b"value-%026d" % i
                chunk.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$32\r\n%s\r\n" % (len(key), key, value))
            f.write(b"".join(chunk))
    return path


def run_bulk(server, args, path, meas, rnd):
    flushall(server)
    t0 = time.perf_counter()
    with open(path, "rb") as f:
        try:
            out = subprocess.run(["redis-cli", "-p", str(server.port), "-a", PASSWORD, "--pipe"], stdin=f,
                                 capture_output=True, timeout=900, preexec_fn=_die_with_parent)
            text = (out.stdout + b"\n" + out.stderr).decode(errors="replace")
            returncode = out.returncode
        except subprocess.TimeoutExpired:
            text, returncode = "redis-cli --pipe timed out after 900 s", None
    wall = time.perf_counter() - t0
    summary = re.search(r"errors: (\d+), replies: (\d+)", text)
    problem = None
    if returncode != 0 or not summary:
        problem = (summary.group(0) + ", " if summary else "") + f"exit status {returncode}: " + \
                  " ".join(line for line in split_lines(text) if not line.startswith("Warning"))[:200]
    elif int(summary.group(1)) != 0 or int(summary.group(2)) != args.bulk_keys:
        problem = f"redis-cli said '{summary.group(0)}', expected errors: 0, replies: {args.bulk_keys}"
    else:
        keys = admin(server, "DBSIZE")
        if keys != f":{args.bulk_keys}":
            problem = f"DBSIZE after the load answered {keys!r}, expected :{args.bulk_keys}"
    if problem:
        meas.fail("SETs/s", server.name, problem)
        meas.fail("wall time (s)", server.name, "see above")
        print(f"round {rnd + 1} bulk     {server.name:12}: failed: {problem}", flush=True)
    else:
        meas.add("SETs/s", server.name, args.bulk_keys / wall)
        meas.add("wall time (s)", server.name, wall)
        print(f"round {rnd + 1} bulk     {server.name:12}: {args.bulk_keys:,} SETs in {wall:.2f} s = "
              f"{args.bulk_keys / wall:12,.0f} SETs/s ({summary.group(0)})", flush=True)
    flushall(server)


# redis-benchmark 7.0's default tests, in order, as it prints them (-q), with the -t name that selects each.
DEFAULT_TESTS = [("PING_INLINE", "ping_inline"), ("PING_MBULK", "ping_mbulk"), ("SET", "set"), ("GET", "get"),
                 ("INCR", "incr"), ("LPUSH", "lpush"), ("RPUSH", "rpush"), ("LPOP", "lpop"), ("RPOP", "rpop"),
                 ("SADD", "sadd"), ("HSET", "hset"), ("SPOP", "spop"), ("ZADD", "zadd"), ("ZPOPMIN", "zpopmin"),
                 ("LPUSH (needed to benchmark LRANGE)", None), ("LRANGE_100 (first 100 elements)", "lrange_100"),
                 ("LRANGE_300 (first 300 elements)", "lrange_300"), ("LRANGE_500 (first 500 elements)", "lrange_500"),
                 ("LRANGE_600 (first 600 elements)", "lrange_600"), ("MSET (10 keys)", "mset")]


def default_args(args, test=None):
    return ["-n", str(args.default_requests), "-q"] + (["-t", test] if test else [])


def run_default(server, args):
    """The default test list once, then (--default-each) every test alone. Returns (run, {test: figure or error})."""
    flushall(server)
    run = redis_benchmark(server, default_args(args), timeout=600)
    done = [t for t, _ in run.figures]
    failed = None
    if not run.ok:
        failed = run.last_started if run.last_started and run.last_started not in done else \
            (DEFAULT_TESTS[len(done)][0] if len(done) < len(DEFAULT_TESTS) else "?")
    run.failed_test = failed
    print(f"default  {server.name:12}: {len(done)} of {len(DEFAULT_TESTS)} tests completed"
          + (f"; stopped at {failed}: {run.problem()}" if not run.ok else "; no error"), flush=True)
    each = {}
    if args.default_each:
        for name, selector in DEFAULT_TESTS:
            if selector is None:
                continue
            flushall(server)
            alone = redis_benchmark(server, default_args(args, selector), timeout=300)
            figures = dict(alone.figures)
            if alone.ok and name in figures:
                each[name] = f"{figures[name]:,.0f}"
            else:
                each[name] = "error: " + md_cell(alone.problem().replace("Error from server: ", ""), 70)
            print(f"default  {server.name:12} -t {selector:11}: {each[name]}", flush=True)
    return run, each


def default_section(args, names, runs, each):
    command = shown(default_args(args))
    rows = ["| server | tests completed | first test that did not complete | error printed by redis-benchmark | exit status |",
            "|---|---|---|---|---:|"]
    for n in names:
        run = runs[n]
        done = len(run.figures)
        error = "`" + md_cell(run.problem(), 100).replace("`", "'") + "`" if not run.ok else "none"
        rows.append(f"| {n} | {done} of {len(DEFAULT_TESTS)}{' (all)' if done == len(DEFAULT_TESTS) else ''} | "
                    f"{run.failed_test or '–'} | {error} | "
                    f"{run.returncode if run.returncode is not None else 'timeout'} |")
    figures = ["| test | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for test, _ in DEFAULT_TESTS:
        cells = []
        for n in names:
            f = dict(runs[n].figures).get(test)
            cells.append(f"{f:,.0f}" if f is not None else ("stopped here" if runs[n].failed_test == test else "not run"))
        figures.append(f"| {test} | " + " | ".join(cells) + " |")
    text = (f"Measured {stamp()} with `{invocation('python3 benchmarks/compare.py')}`: `{command}` once per server "
            f"(no -t: redis-benchmark's default test list; it stops at the first error reply or protocol error). "
            f"At -n {args.default_requests} the figures mostly measure connection set-up (50 connections, each "
            f"authenticating first), so this section is a compatibility check, not a speed comparison. {NOISE_NOTE} {args.load}"
            f"{' ' + args.note if args.note else ''}\n\n" + "\n".join(rows) + "\n\nFigures printed by that same run (requests/s):\n\n"
            + "\n".join(figures))
    if any(each.values()):
        table = ["| test | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
        for test, selector in DEFAULT_TESTS:
            if selector is not None:
                table.append(f"| {test} | " + " | ".join(each[n].get(test, "–") for n in names) + " |")
        text += (f"\n\nEach test alone (`{shown(default_args(args))} -t <test>`, a fresh redis-benchmark per test, "
                 f"so one failing test does not hide the others), requests/s or the error:\n\n" + "\n".join(table))
    return text


def reported_section(args, names, meas):
    return (f"Measured {stamp()} with `{invocation('python3 benchmarks/compare.py')}`: medians of {args.rounds} round(s) of "
            f"`{shown(reported_args(args, 1))}` and `{shown(reported_args(args, 16))}` per server. These are "
            f"redis-benchmark's own printed figures (\"SET: N requests per second\"), so connection set-up is included: each "
            f"of the {args.clients} connections authenticates before its first request (MiniStore: Argon2id for the first, about 100 ms of "
            f"CPU, then a keyed MAC in microseconds; the others compare the password in nanoseconds). {NOISE_NOTE} {args.load}"
            f"{' ' + args.note if args.note else ''}\n\n" + ratio_table(meas, ["SET -P 1", "GET -P 1", "SET -P 16", "GET -P 16"], names, rounds=args.rounds))


def churn_section(args, names, meas):
    return (f"Measured {stamp()} with `{invocation('python3 benchmarks/compare.py')}`: medians of {args.rounds} round(s) of "
            f"`{shown(churn_args(args))}` per server: `-k 0` opens a new connection for every request, and "
            f"redis-benchmark sends AUTH on each, so this is the rate of connect + AUTH + SET + close (requests/s as "
            f"printed by redis-benchmark). {NOISE_NOTE} {args.load}{' ' + args.note if args.note else ''}\n\n"
            + ratio_table(meas, ["SET -k 0"], names, fmt=lambda v: f"{v:,.1f}", rounds=args.rounds))


def bulk_section(args, names, meas):
    return (f"Measured {stamp()} with `{invocation('python3 benchmarks/compare.py')}`: medians of {args.rounds} round(s) of "
            f"`{shown(['--pipe'], 'redis-cli')} < file` per server, where the file holds {args.bulk_keys:,} RESP commands "
            f"`SET key:<i> value-<i, 26 digits>` (32-byte values), generated once per run; FLUSHALL before each load. "
            f"Timed by the wall clock around redis-cli (its start and its one AUTH included); each load is checked: "
            f"redis-cli's summary says `errors: 0, replies: {args.bulk_keys}` and DBSIZE is {args.bulk_keys:,} afterwards. "
            f"{NOISE_NOTE} {args.load}{' ' + args.note if args.note else ''}\n\n"
            + ratio_table(meas, ["SETs/s", "wall time (s)"], names, rounds=args.rounds, first="load",
                          fmt={"SETs/s": lambda v: f"{v:,.0f}", "wall time (s)": lambda v: f"{v:.2f}"}))


# ---------------------------------------------------------------------------------------------------------------
# Sorted sets (zset) and pub/sub fan-out (pubsub)

ZSET_ROWS = ["ZADD -P 1", "ZPOPMIN -P 1", "ZADD -P 16", "ZPOPMIN -P 16"]


def zset_args(args, pipeline):
    # -r: ZADD adds members element:<random> to one key, so ZPOPMIN (which runs after it) pops a real, big set.
    return ["-t", "zadd,zpopmin", "-n", str(args.zset_requests), "-r", "100000", "-c", str(args.clients),
            "-P", str(pipeline), "-q"]


def run_zset(server, args, meas, rnd):
    flushall(server)
    for pipeline in (1, 16):
        run = redis_benchmark(server, zset_args(args, pipeline), timeout=300 + args.zset_requests / 1000)
        record_figures(server, run, ("ZADD", "ZPOPMIN"), pipeline, meas, f"round {rnd + 1} zset", 13)


def zset_section(args, names, meas):
    return (f"Measured {stamp()} with `{invocation('python3 benchmarks/compare.py')}`: medians of {args.rounds} round(s) of "
            f"`{shown(zset_args(args, 1))}` and `{shown(zset_args(args, 16))}` per server (FLUSHALL first; ZADD adds "
            f"random members to one key, then ZPOPMIN pops from it). redis-benchmark's own figures, connection set-up "
            f"included as in the section above. {NOISE_NOTE} {args.load}{' ' + args.note if args.note else ''}\n\n"
            + ratio_table(meas, ZSET_ROWS, names, rounds=args.rounds))


PUBSUB_ROWS = ["delivered msg/s, flat out", "PUBLISH/s, flat out", "p50 ms at fixed rate", "p99 ms at fixed rate"]


def pubsub_options(args):
    return ["--subscribers", str(args.pubsub_subscribers), "--messages", str(args.pubsub_messages), "--pipeline", "16",
            "--rate", str(args.pubsub_rate), "--seconds", "5"]


def run_pubsub(server, args, meas, rnd):
    argv = [sys.executable, "benchmarks/pubsub_fanout.py", str(server.port), PASSWORD] + pubsub_options(args)
    out = subprocess.run(argv, capture_output=True, text=True, timeout=900, preexec_fn=_die_with_parent)
    if out.returncode != 0:
        why = (out.stderr.strip().splitlines() or ["exit status %d" % out.returncode])[-1]
        for row in PUBSUB_ROWS:
            meas.fail(row, server.name, why)
        print(f"round {rnd + 1} pubsub {server.name:12}: failed: {why}", flush=True)
        return
    got = json.loads(out.stdout)
    values = [got["throughput"]["delivered_per_s"], got["throughput"]["published_per_s"],
              got["latency"]["p50_ms"], got["latency"]["p99_ms"]]
    for row, value in zip(PUBSUB_ROWS, values):
        meas.add(row, server.name, value)
    print(f"round {rnd + 1} pubsub {server.name:12}: {values[0]:12,.0f} delivered/s, {values[1]:10,.0f} PUBLISH/s, "
          f"p50 {values[2]:.2f} ms, p99 {values[3]:.2f} ms at {args.pubsub_rate} msg/s", flush=True)


def pubsub_section(args, names, meas):
    command = "python3 benchmarks/pubsub_fanout.py PORT PW " + " ".join(pubsub_options(args))
    return (f"Measured {stamp()} with `{invocation('python3 benchmarks/compare.py')}`: medians of {args.rounds} round(s) of "
            f"`{command}` per server. {args.pubsub_subscribers} RESP2 subscribers on one channel, 1 publisher (each in a "
            f"Python process of its own, raw sockets). Flat out: {args.pubsub_messages:,} PUBLISHes pipelined 16 at a time, "
            f"every reply checked to count all {args.pubsub_subscribers} receivers; delivered msg/s = subscribers × "
            f"messages / (last delivery − first publish). Fixed rate: {args.pubsub_rate} PUBLISH/s for 5 s, each message "
            f"carrying its send time; every subscriber read samples its oldest message, so the latencies include the Python "
            f"read loop (lower is better: a MiniStore/Redis ratio below 1 means MiniStore was faster). The Python clients "
            f"take much of the CPU. {NOISE_NOTE} {args.load}{' ' + args.note if args.note else ''}\n\n"
            + ratio_table(meas, PUBSUB_ROWS, names, rounds=args.rounds, first="figure",
                          fmt={PUBSUB_ROWS[0]: lambda v: f"{v:,.0f}", PUBSUB_ROWS[1]: lambda v: f"{v:,.0f}",
                               PUBSUB_ROWS[2]: lambda v: f"{v:.2f}", PUBSUB_ROWS[3]: lambda v: f"{v:.2f}"}))


# ---------------------------------------------------------------------------------------------------------------
# The steady-state comparison (server counters, set-up excluded)

def run_steady_round(servers, args, results, rnd):
    for server in servers:
        flushall(server)
        for pipeline in (1, 16):
            for test in args.tests.split(","):
                rps, cpu, window = measure(server, test, args.clients, pipeline, args.seconds)
                results.setdefault((server.name, test, pipeline), []).append((rps, cpu))
                print(f"round {rnd + 1} {server.name:12} {test.upper()} -P {pipeline:2}: {rps:12,.0f} req/s "
                      f"{cpu:6.2f} us CPU/req ({window:.1f} s window)", flush=True)


def steady_section(args, names, results, line, resp):
    med = {k: (statistics.median(r for r, _ in v), statistics.median(c for _, c in v)) for k, v in results.items()}
    rows = ["| test | " + " | ".join(f"{n} req/s | {n} µs CPU/req" for n in names) + " | MiniStore/Redis req/s | MiniStore/Redis CPU"
            + (" | MiniStore/Garnet req/s" if "Garnet" in names else "") + " |"]
    rows.append("|" + "---|" * (1 + 2 * len(names) + 2 + (1 if "Garnet" in names else 0)))
    for pipeline in (1, 16):
        for test in args.tests.split(","):
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
    return (f"Measured {stamp()} with `{invocation('python3 benchmarks/compare.py')}`: medians of {args.rounds} rounds of "
            f"`redis-benchmark -n 2000000000 -c {args.clients} -P 1|16 -t {args.tests.replace(',', '|')} -r 100000` (3-byte values), "
            f"each measured over a {args.seconds:g} s window that starts once every connection has authenticated. Rates and CPU "
            f"come from each server's own counters (INFO total_commands_processed, /proc/<pid>/stat), so connection set-up "
            f"(AUTH: Argon2id for MiniStore) is excluded for every server alike. 2 shared, noisy cores: read the ratios, not "
            f"the absolute numbers. {args.load}{' ' + args.note if args.note else ''}\n\n{table}\n\n{loadgen}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", help=f"comma-separated, any of {','.join(SECTIONS)} "
                                           "(default: all; with --only-ministore: steady)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every section but default (medians)")
    parser.add_argument("--seconds", type=float, default=4.0, help="steady: measurement window per test")
    parser.add_argument("--requests", type=int, default=200_000, help="steady: requests per load-generator run (×5)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--tests", default="set,get", help="steady: redis-benchmark tests to run")
    parser.add_argument("--reported-requests", type=int, default=200_000, help="reported: -n at -P 1")
    parser.add_argument("--reported-requests-p16", type=int, default=1_000_000, help="reported: -n at -P 16")
    parser.add_argument("--churn-requests", type=int, default=3000, help="churn: -n (one connection + AUTH each)")
    parser.add_argument("--churn-clients", type=int, default=20, help="churn: -c")
    parser.add_argument("--bulk-keys", type=int, default=1_000_000, help="bulk: SET commands in the piped file")
    parser.add_argument("--default-requests", type=int, default=2000, help="default: -n")
    parser.add_argument("--default-each", action="store_true",
                        help="default: also run every default test alone (-t <test>), so one failure hides no other")
    parser.add_argument("--zset-requests", type=int, default=200_000, help="zset: -n per redis-benchmark run")
    parser.add_argument("--pubsub-subscribers", type=int, default=50, help="pubsub: subscriber connections")
    parser.add_argument("--pubsub-messages", type=int, default=20_000, help="pubsub: messages published flat out")
    parser.add_argument("--pubsub-rate", type=int, default=1000, help="pubsub: PUBLISH/s in the latency phase")
    parser.add_argument("--no-garnet", action="store_true")
    parser.add_argument("--sockets-transport", action="store_true",
                        help="also run MiniStore on Kestrel's socket transport (--transport sockets), as 'MiniStore sockets'")
    parser.add_argument("--write-docs", action="store_true", help="write the sections run into docs/benchmarks.md")
    parser.add_argument("--note", default="", help="a sentence added to every section written (e.g. what code it measured)")
    parser.add_argument("--only-ministore", action="store_true", help="quick A/B runs of MiniStore settings (no tables, no docs)")
    parser.add_argument("--ministore-args", default="", help="extra server flags, e.g. '--maxmemory 8mb'")
    parser.add_argument("--server-logs", metavar="DIR", help="keep each server's output in DIR/<server>.log")
    args = parser.parse_args()
    if args.sections is None:
        args.sections = "steady" if args.only_ministore else ",".join(SECTIONS)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown or not sections:
        parser.error(f"--sections: unknown {unknown}; choose from {','.join(SECTIONS)}")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    exit_on_signals()
    load_start = load_average()

    steady, line, resp = {}, None, None  # (server, test, pipeline) -> list of (rps, cpu_us)
    reported, churn, bulk = Measurements(), Measurements(), Measurements()
    zsets, pubsub = Measurements(), Measurements()
    default_runs, default_each = {}, {}
    scratch = tempfile.mkdtemp(prefix="ministore-compare-")
    servers = []
    try:
        servers = start_servers(args)
        bulk_file = None
        if "bulk" in sections:
            t0 = time.perf_counter()
            bulk_file = make_bulk_file(scratch, args.bulk_keys)
            print(f"bulk: generated {args.bulk_keys:,} SET commands ({os.path.getsize(bulk_file) / 1e6:.1f} MB) "
                  f"in {time.perf_counter() - t0:.1f} s", flush=True)
        for rnd in range(args.rounds):
            if "steady" in sections:
                run_steady_round(servers, args, steady, rnd)
            for server in servers:
                if "reported" in sections:
                    run_reported(server, args, reported, rnd)
            for server in servers:
                if "churn" in sections:
                    run_churn(server, args, churn, rnd)
            for server in servers:
                if "bulk" in sections:
                    run_bulk(server, args, bulk_file, bulk, rnd)
            for server in servers:
                if "zset" in sections:
                    run_zset(server, args, zsets, rnd)
            for server in servers:
                if "pubsub" in sections:
                    run_pubsub(server, args, pubsub, rnd)
        if "steady" in sections:
            line = load_generator(servers[0], "line", 16, args.clients, args.requests * 5)
            resp = load_generator(servers[0], "resp", 16, args.clients, args.requests * 5)
        if "default" in sections:
            for server in servers:
                default_runs[server.name], default_each[server.name] = run_default(server, args)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    names = [s.name for s in servers]
    args.load = f"Load average (1 min) {load_start} at the start of the run, {load_average()} at its end."
    docs = []  # (marker, heading, body)
    if "steady" in sections and not args.only_ministore:
        docs.append(("compare", "## MiniStore vs Redis vs Garnet (redis-benchmark)", steady_section(args, names, steady, line, resp)))
    if "reported" in sections:
        docs.append(("compare-reported", "### redis-benchmark's own figures, connection set-up included", reported_section(args, names, reported)))
    if "churn" in sections:
        docs.append(("compare-churn", "### Connection churn: a new connection and AUTH per request", churn_section(args, names, churn)))
    if "bulk" in sections:
        docs.append(("compare-bulk", "### Bulk load through redis-cli --pipe", bulk_section(args, names, bulk)))
    if "zset" in sections:
        docs.append(("compare-zset", "### Sorted sets: ZADD and ZPOPMIN", zset_section(args, names, zsets)))
    if "pubsub" in sections:
        docs.append(("compare-pubsub", "### Pub/sub fan-out: 1 publisher, 50 subscribers", pubsub_section(args, names, pubsub)))
    if "default" in sections:
        docs.append(("compare-default", "### redis-benchmark's default test list", default_section(args, names, default_runs, default_each)))
    for marker, heading, body in docs:
        print(f"\n{heading}\n\n{body}")
    if args.write_docs and not args.only_ministore and docs:
        write_doc_sections(docs)
        print(f"\nwrote {', '.join(m for m, _, _ in docs)} into {DOC_PATH}")


if __name__ == "__main__":
    main()
