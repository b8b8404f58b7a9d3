#!/usr/bin/env bash
# Tries MiniStore behind twemproxy on this machine: builds the server (Release), starts N MiniStore nodes and one
# nutcracker on loopback, renders nutcracker.yml for them, prints how to connect, and waits. Ctrl+C (or the end of
# the shell) stops every process it started and removes its temporary directory.
# Usage: deploy/twemproxy/start-local.sh [--nodes 3] [--port 22121] [--node-port 7001] [--stats-port 22222]
# The password is MINISTORE_PASSWORD when set, otherwise a random one (printed). Loopback only.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
trap tw_cleanup EXIT
trap 'exit 130' INT TERM

nodes=3 port=22121 node_port=7001 stats_port=22222
while [ $# -gt 0 ]; do
  case $1 in
    --nodes) nodes=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --node-port) node_port=$2; shift 2 ;;
    --stats-port) stats_port=$2; shift 2 ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (--help)" >&2; exit 2 ;;
  esac
done
[[ $nodes =~ ^[1-9][0-9]*$ ]] || { echo "--nodes: a number from 1" >&2; exit 2; }
password=${MINISTORE_PASSWORD:-}
[ -n "$password" ] || password="pw-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"

tw_build
ports=()
for i in $(seq 0 $((nodes - 1))); do
  ports+=($((node_port + i)))
  tw_start_ministore "${ports[$i]}" "$password"
done
tw_write_config "$tw_tmp/nutcracker.yml" "$port" "$password" "${ports[@]}"
tw_start_proxy "$tw_tmp/nutcracker.yml" "$port" "$stats_port" nutcracker

cat <<INFO
$nodes MiniStore node(s) on 127.0.0.1:${ports[*]} behind twemproxy on 127.0.0.1:$port (stats: 127.0.0.1:$stats_port).
  redis-cli -p $port -a '$password' SET greeting hello        # through the proxy
  redis-cli -p ${ports[0]} -a '$password' DBSIZE                  # one node directly (twemproxy does not forward DBSIZE)
  redis-benchmark -p $port -a '$password' -t set,get -r 100000 -n 100000 -q
  timeout 1 bash -c 'cat </dev/tcp/127.0.0.1/$stats_port'              # per-node stats, JSON
Config: $tw_tmp/nutcracker.yml   Logs: $tw_tmp/
Ctrl+C stops everything.
INFO
wait
