#!/usr/bin/env bash
# Compares MiniStore with redis-server (and Garnet, when its dotnet tool installs) on this machine, in one
# run, section by section (--sections, default all):
#   steady    redis-benchmark SET/GET at -P 1 and -P 16, server counters over a window after set-up: rates,
#             ratios and server CPU per request; then the bundled load generator (line and RESP) on MiniStore
#   reported  redis-benchmark's own printed figures, connection set-up included (-P 1 -n 200000, -P 16 -n 1000000)
#   churn     redis-benchmark -k 0 -t set -n 3000 -c 20: a new connection + AUTH per request
#   bulk      1,000,000 SETs as RESP through redis-cli --pipe, wall clock
#   default   redis-benchmark -n 2000 -q (its default test list): which tests complete, the first error
#   zset      redis-benchmark -t zadd,zpopmin -r 100000 at -P 1 and -P 16 (its own figures)
#   pubsub    1 publisher, 50 subscribers (benchmarks/pubsub_fanout.py): delivered msg/s flat out, latency at a fixed rate
# Every section but default runs --rounds times and reports medians. Servers are stopped on exit or error.
# Usage: benchmarks/compare.sh [--sections steady,reported,churn,bulk,default,zset,pubsub] [--rounds 3] [--no-garnet]
#                              [--sockets-transport] [--churn-requests 3000] [--default-each] [--note TEXT] [--write-docs]
#                              (--help: all)
# --sockets-transport adds the same MiniStore build on Kestrel's socket transport ("MiniStore sockets") to every section.
# Note: each server's first AUTH runs Argon2id once (~100 ms); every later AUTH of the right password takes the fast path.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-benchmark >/dev/null || ! command -v redis-server >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-tools >/dev/null
fi

dotnet build -c Release src/MiniStore.Server -v quiet -nologo >/dev/null
if [ -d benchmarks/MiniStore.LoadTest ]; then
  dotnet build -c Release benchmarks/MiniStore.LoadTest -v quiet -nologo >/dev/null
fi
BENCH_LAUNCHER=benchmarks/compare.sh exec python3 benchmarks/compare.py "$@"
