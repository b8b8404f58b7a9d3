"""TLS throughput and handshake cost of MiniStore and redis-server, measured in one run (see tls-bench.sh)."""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

PASSWORD = "tls-bench-pass"
SERVER_DLL = "src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_pki(directory):
    """A CA and a server certificate for 127.0.0.1, PEM, as an operator would hand them to redis-server."""
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=directory)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=bench CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    with open(os.path.join(directory, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext")
    return {name: os.path.join(directory, name) for name in ("ca.crt", "server.crt", "server.key")}


def tls_flags(pki, tls_port):
    return ["--tls-port", str(tls_port), "--tls-cert-file", pki["server.crt"], "--tls-key-file", pki["server.key"],
            "--tls-ca-cert-file", pki["ca.crt"], "--tls-auth-clients", "no"]


class Server:
    def __init__(self, name, args, port):
        self.name, self.port = name, port
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited: {self.process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(kind, pki, tls):
    """MiniStore or redis-server: TLS only (port 0), or plaintext only."""
    port = free_port()
    if kind == "MiniStore":
        args = ["dotnet", SERVER_DLL, PASSWORD, "--log-level", "Warning"]
        args += ["0", *tls_flags(pki, port)] if tls else [str(port)]
    else:
        args = ["redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", PASSWORD]
        args += ["--port", "0", *tls_flags(pki, port)] if tls else ["--port", str(port)]
    return Server(kind, args, port)


def benchmark(server, pki, tls, extra):
    args = ["redis-benchmark", "-p", str(server.port), "-a", PASSWORD, "--csv", *extra]
    if tls:
        args += ["--tls", "--cacert", pki["ca.crt"]]
    cpu_before = server.cpu_seconds()
    out = subprocess.run(args, check=True, capture_output=True, text=True, timeout=1800).stdout
    cpu = server.cpu_seconds() - cpu_before
    rates = {}
    for line in out.splitlines():
        cells = [c.strip('"') for c in line.split(",")]
        if len(cells) >= 2 and cells[0] in ("SET", "GET"):
            rates[cells[0]] = float(cells[1])
    return rates, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200_000, help="requests per steady test (x5 at -P 16)")
    parser.add_argument("--churn-requests", type=int, default=2_000, help="requests (= connections) per churn test")
    parser.add_argument("--clients", type=int, default=50)
    options = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="tls-bench-")
    servers = []
    try:
        pki = make_pki(directory)
        print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores; the machine is shared: compare ratios only\n")

        print("## TLS throughput (redis-benchmark --tls, TLS-only servers, -c %d)\n" % options.clients)
        print("| test | MiniStore req/s | redis-server req/s | MiniStore / Redis |")
        print("|---|---:|---:|---:|")
        steady = {}
        for kind in ("MiniStore", "redis-server"):
            server = start(kind, pki, tls=True)
            servers.append(server)
            for pipeline in (1, 16):
                n = options.requests * (5 if pipeline > 1 else 1)
                rates, _ = benchmark(server, pki, True, ["-t", "set,get", "-n", str(n), "-c", str(options.clients), "-P", str(pipeline), "-r", "100000"])
                for test, rate in rates.items():
                    steady[(kind, pipeline, test)] = rate
            server.stop()
            servers.remove(server)
        for pipeline in (1, 16):
            for test in ("SET", "GET"):
                ours, theirs = steady[("MiniStore", pipeline, test)], steady[("redis-server", pipeline, test)]
                print(f"| {test} -P {pipeline} | {ours:,.0f} | {theirs:,.0f} | {ours / theirs:.2f} |")

        print("\n## Handshake cost: redis-benchmark -k 0 -t set -c 20 (a new connection + AUTH per request)\n")
        print("| server | transport | connections/s | server CPU µs per connection | TLS / plaintext CPU |")
        print("|---|---|---:|---:|---:|")
        for kind in ("MiniStore", "redis-server"):
            results = {}
            for tls in (False, True):
                server = start(kind, pki, tls)
                servers.append(server)
                # One connection first: MiniStore's first AUTH runs Argon2id, later ones its keyed-MAC fast path.
                benchmark(server, pki, tls, ["-k", "0", "-t", "set", "-n", "20", "-c", "1"])
                rates, cpu = benchmark(server, pki, tls, ["-k", "0", "-t", "set", "-n", str(options.churn_requests), "-c", "20"])
                results[tls] = (rates["SET"], cpu * 1e6 / options.churn_requests)
                server.stop()
                servers.remove(server)
            for tls in (False, True):
                rate, cpu = results[tls]
                ratio = f"{cpu / results[False][1]:.2f}" if tls else ""
                print(f"| {kind} | {'TLS' if tls else 'plaintext'} | {rate:,.0f} | {cpu:,.0f} | {ratio} |")
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
