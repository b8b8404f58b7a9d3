#!/usr/bin/env bash
# Where the server's CPU goes under redis-benchmark: perf record of a running MiniStore, then the split by thread and
# by binary, and the top frames. JIT'd frames get names from the runtime's perf map (DOTNET_PerfMapEnabled=1;
# W^X off so the map's addresses are the ones executed).
#
#   benchmarks/profile.sh [--transport epoll|sockets] [--pipeline N] [--test get|set] [--requests N] [--churn]
#
# Needs perf (Debian: linux-perf), redis-benchmark (redis-tools), a Release build of the server.
set -euo pipefail
cd "$(dirname "$0")/.."
transport=epoll; pipeline=1; test=get; requests=400000; churn=0; top=25
while [[ $# -gt 0 ]]; do
  case "$1" in
    --transport) transport="$2"; shift 2;;
    --pipeline) pipeline="$2"; shift 2;;
    --test) test="$2"; shift 2;;
    --requests) requests="$2"; shift 2;;
    --churn) churn=1; shift;;
    --top) top="$2"; shift 2;;
    -h|--help) sed -n '2,9p' "$0"; exit 0;;
    *) echo "profile.sh: unknown argument $1" >&2; exit 2;;
  esac
done
command -v perf >/dev/null || { echo "profile.sh: perf is not installed (apt-get install linux-perf)" >&2; exit 1; }
dll=src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll
[[ -f $dll ]] || dotnet build src/MiniStore.Server -c Release -v q -nologo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$dll" pw "$port" --transport "$transport" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
if [[ $churn == 1 ]]; then
  load=(redis-benchmark -p "$port" -a pw -k 0 -t set -n "$requests" -c 20 -q)
else
  load=(redis-benchmark -p "$port" -a pw -t "$test" -n "$requests" -c 50 -P "$pipeline" -r 100000 -q)
fi
# Warm-up: the first AUTH (Argon2id) and tiered compilation are not what is profiled.
"${load[@]}" >/dev/null 2>&1
perf record -F 2999 -g -p "$server" -o "$work/perf.data" >/dev/null 2>&1 &
recorder=$!
sleep 0.5
"${load[@]}" 2>/dev/null | tr '\r' '\n' | grep "requests per second" | tail -1
kill -INT $recorder; wait $recorder 2>/dev/null || true
echo "## by thread"; perf report -i "$work/perf.data" --no-children --sort comm -q -g none 2>/dev/null | head -6
echo "## by binary"; perf report -i "$work/perf.data" --no-children --sort dso -q -g none 2>/dev/null | head -6
echo "## top frames"; perf report -i "$work/perf.data" --no-children --sort sym -q -g none 2>/dev/null \
  | sed -E 's/\[(System\.[A-Za-z.]+|MiniStore\.[A-Za-z.]+)\] //; s/\[(OptimizedTier1|Optimized|Tier0|Tier1)\]//g' | cut -c1-170 | head -"$top"
