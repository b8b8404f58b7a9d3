#!/usr/bin/env bash
# RDB persistence figures for docs/benchmarks.md: SAVE and load throughput for N keys (default 1M) and GET latency
# during BGSAVE, MiniStore against redis-server on the same data. Usage: benchmarks/persistence.sh [keys=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/MiniStore.Server -v quiet -nologo >/dev/null
python3 benchmarks/persistence_bench.py src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll "${1:-1000000}"
