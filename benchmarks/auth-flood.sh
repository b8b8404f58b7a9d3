#!/usr/bin/env bash
# Authentication flood: the authenticated SET/GET rate a server keeps while 16 threads keep connecting and sending
# wrong passwords (RESP AUTH wrongpw, reconnecting whenever the server closes the connection). Builds the server
# (Release), starts MiniStore (and, with --redis, redis-server) on free loopback ports, measures redis-benchmark's
# rate for --seconds without the flood and --seconds under it, prints the rate under flood as a percentage of
# the rate without, and stops everything it started, also on errors. Every loop stops by itself.
# Usage: benchmarks/auth-flood.sh [--redis] [--seconds 10] [--threads 16] [--rounds 1] [--tests set,get]
#                                 [--clients 50] [--pipeline 1] [--auth-probes 3] [--note TEXT] [--write-docs]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-benchmark >/dev/null || ! command -v redis-server >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-tools >/dev/null
fi

dotnet build -c Release src/MiniStore.Server -v quiet -nologo >/dev/null
BENCH_LAUNCHER=benchmarks/auth-flood.sh exec python3 benchmarks/auth_flood.py "$@"
