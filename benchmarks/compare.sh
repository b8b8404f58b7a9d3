#!/usr/bin/env bash
# Compares MiniStore with redis-server (and Garnet, when its dotnet tool installs) on this machine, in one
# run: redis-benchmark SET/GET at -P 1 and -P 16, several rounds, medians, ratios and server CPU per
# request; then the bundled load generator in line and RESP mode against MiniStore.
# Usage: benchmarks/compare.sh [--rounds 3] [--requests 200000] [--clients 50] [--no-garnet] [--write-docs]
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
exec python3 benchmarks/compare.py "$@"
