#!/usr/bin/env bash
# TLS cost, MiniStore vs redis-server, in one run (benchmarks/tls_bench.py does the work):
#   throughput  redis-benchmark --tls SET/GET at -P 1 and -P 16 against TLS-only servers (port 0), both with
#               --tls-auth-clients no and the same CA-signed certificate
#   handshake   redis-benchmark -k 0 (a new connection, TLS handshake and AUTH per request) over TLS and over
#               plaintext: rate and server CPU per connection, the difference being the handshake's cost
# A throwaway CA and server certificate are made with openssl in a temp directory. Servers stop on exit.
# Usage: benchmarks/tls-bench.sh [--requests 200000] [--churn-requests 2000] [--clients 50]
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in redis-server redis-benchmark openssl; do
  command -v "$tool" >/dev/null || { echo "tls-bench.sh: $tool not found" >&2; exit 1; }
done
dotnet build -c Release src/MiniStore.Server -v quiet -nologo >/dev/null
exec python3 benchmarks/tls_bench.py "$@"
