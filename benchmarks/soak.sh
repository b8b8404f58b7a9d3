#!/usr/bin/env bash
# Soak: MiniStore under the load generator's steady mixed load plus connection churn, RST kills mid-pipeline,
# slow readers and periodic FLUSHALL, with a memory cap that evicts. Samples RSS, GC heap, threads, handles,
# p99 and errors every 10 s; writes <out>/soak.csv and <out>/soak.png; fails on any error or on RSS growth.
#
#   benchmarks/soak.sh [minutes=60] [out=docs/soak] [extra soak.py flags, e.g. --rate 4000 --maxmemory 64mb]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
out=${2:-docs/soak}
shift $(( $# > 2 ? 2 : $# ))

if ! command -v gnuplot >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gnuplot-nox >/dev/null
fi

dotnet build -c Release src/MiniStore.Server -v quiet -nologo >/dev/null
dotnet build -c Release benchmarks/MiniStore.LoadTest -v quiet -nologo >/dev/null
exec python3 benchmarks/soak.py \
  --server src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll \
  --loadtest benchmarks/MiniStore.LoadTest/bin/Release/net10.0/MiniStore.LoadTest.dll \
  --minutes "$minutes" --out "$out" "$@"
