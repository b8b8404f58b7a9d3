#!/usr/bin/env bash
# redis-benchmark through twemproxy: 3 MiniStore nodes vs 3 redis-server nodes, each behind its own nutcracker
# rendered from nutcracker.yml, and each server alone without the proxy for reference. Everything runs on this
# machine over loopback, so this shows what the proxy costs, not what scaling out gains (the three nodes share the
# same cores as the proxy and the benchmark). Rounds alternate the targets; the table gives per-target medians and
# the ratios worked out within each round (medians of those).
# Usage: deploy/twemproxy/bench.sh [--rounds 3] [--requests 200000] [--clients 50] [--keyspace 100000]
# Each run: redis-benchmark -p PORT -a PASSWORD -t set,get -n REQUESTS -c CLIENTS -P {1,16} -r KEYSPACE -q
set -euo pipefail
source "$(dirname "$0")/lib.sh"
trap tw_cleanup EXIT
trap 'exit 130' INT TERM

rounds=3 requests=200000 clients=50 keyspace=100000
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --keyspace) keyspace=$2; shift 2 ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (--help)" >&2; exit 2 ;;
  esac
done
for tool in redis-server redis-benchmark; do
  command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install redis-server redis-tools)" >&2; exit 1; }
done
tw_nutcracker >/dev/null

password="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
tw_build
declare -A port
for server in ministore redis; do
  nodes=()
  for i in 1 2 3; do
    nodes+=("$(tw_free_port)")
    if [ "$server" = ministore ]; then tw_start_ministore "${nodes[-1]}" "$password"; else tw_start_redis "${nodes[-1]}" "$password"; fi
  done
  port[$server-direct]=${nodes[0]}
  port[$server-proxy]=$(tw_free_port)
  tw_write_config "$tw_tmp/$server.yml" "${port[$server-proxy]}" "$password" "${nodes[@]}"
  tw_start_proxy "$tw_tmp/$server.yml" "${port[$server-proxy]}" "$(tw_free_port)" "nutcracker-$server"
done

# Warm-up, not recorded: MiniStore's first requests run code the JIT has not optimised yet.
for target in ministore-proxy redis-proxy; do
  redis-benchmark -p "${port[$target]}" -a "$password" -t set,get -n 20000 -c "$clients" -r "$keyspace" -q >/dev/null 2>&1
done

results="$tw_tmp/results"   # lines: round target pipeline test rps
: >"$results"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $(redis-server --version | cut -d' ' -f3); $("$(tw_nutcracker)" --version 2>&1 | head -n1)"
for round in $(seq 1 "$rounds"); do
  for target in ministore-proxy redis-proxy ministore-direct redis-direct; do
    for pipeline in 1 16; do
      status=0
      out=$(redis-benchmark -p "${port[$target]}" -a "$password" -t set,get -n "$requests" -c "$clients" \
        -P "$pipeline" -r "$keyspace" -q 2>&1 | tr '\r' '\n') || status=$?
      if [ "$status" -ne 0 ] || echo "$out" | grep -v 'Could not fetch server CONFIG' | grep -qiE 'error|ERR '; then
        echo "$target P=$pipeline: redis-benchmark exited $status or reported errors:" >&2
        echo "$out" | grep -v 'rps=' >&2
        tail -n 20 "$tw_tmp"/*.log >&2
        exit 1
      fi
      for test in SET GET; do
        rps=$(echo "$out" | awk -v t="$test:" '$1 == t && /requests per second/ { v = $2 } END { print v }')
        [ -n "$rps" ] || { echo "$target P=$pipeline: no $test result:" >&2; echo "$out" >&2; exit 1; }
        echo "$round $target $pipeline $test $rps" >>"$results"
        echo "round $round  $target  P=$pipeline  $test  $rps" >&2
      done
    done
  done
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
rate = {(int(r), t, int(p), test): float(v) for r, t, p, test, v in rows}
rounds = sorted({k[0] for k in rate})
def med(f): return statistics.median(f(r) for r in rounds)
print("\n| P | test | MiniStore ×3 via proxy | redis ×3 via proxy | MiniStore / redis (via proxy) "
      "| MiniStore direct | redis direct | proxy / direct, MiniStore | proxy / direct, redis |")
print("|---|---|---|---|---|---|---|---|---|")
for p in (1, 16):
    for test in ("SET", "GET"):
        g = lambda t: (lambda r: rate[(r, t, p, test)])
        ratio = lambda a, b: med(lambda r: rate[(r, a, p, test)] / rate[(r, b, p, test)])
        print(f"| {p} | {test} | {med(g('ministore-proxy')):,.0f} | {med(g('redis-proxy')):,.0f} "
              f"| {ratio('ministore-proxy', 'redis-proxy'):.2f} | {med(g('ministore-direct')):,.0f} "
              f"| {med(g('redis-direct')):,.0f} | {ratio('ministore-proxy', 'ministore-direct'):.2f} "
              f"| {ratio('redis-proxy', 'redis-direct'):.2f} |")
print(f"\nrequests per second, medians of {len(rounds)} round(s); ratios are medians of per-round ratios.")
PY
