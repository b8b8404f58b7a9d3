#!/usr/bin/env bash
# RSS bytes per string key, MiniStore vs redis-server: 1M keys (key:%08d) with 32 B, 100 B and 1 KiB values, loaded
# with redis-cli --pipe; prints a markdown table. GC knobs for MiniStore: --env NAME=VALUE (repeatable).
# Usage: benchmarks/memory-per-key.sh [--keys 1000000] [--values 32,100,1024] [--servers MiniStore,redis-server]
#        [--ministore-dll PATH --label NAME] [--env DOTNET_GCConserveMemory=7]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/MiniStore.Server -m:1 -v quiet -nologo >/dev/null
exec python3 benchmarks/memory_per_key.py "$@"
