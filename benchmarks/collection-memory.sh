#!/usr/bin/env bash
# Bytes per element of a 1M-field hash and a 1M-element list, MiniStore vs redis-server (RSS and used_memory).
# Usage: benchmarks/collection-memory.sh [--elements 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/MiniStore.Server -v quiet -nologo >/dev/null
exec python3 benchmarks/collection_memory.py "$@"
