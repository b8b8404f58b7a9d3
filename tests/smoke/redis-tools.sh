#!/usr/bin/env bash
# Drives a Release MiniStore server with the real redis-cli and redis-benchmark (Debian's redis-tools):
# SET/GET/TTL with -a, then a short redis-benchmark of SET and GET. Fails on any wrong reply or error.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in redis-cli redis-benchmark; do
  command -v "$tool" >/dev/null || { echo "redis-tools.sh: $tool not found (apt-get install redis-tools)" >&2; exit 1; }
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 16399)
password="smoke-$RANDOM$RANDOM"
dotnet build -c Release src/MiniStore.Server -v quiet -nologo >/dev/null
dotnet src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll "$password" "$port" --log-level Warning &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done

cli() { redis-cli --no-auth-warning -p "$port" -a "$password" "$@"; }
expect() {
  local want=$1; shift
  local got; got=$(cli "$@")
  if [ "$got" != "$want" ]; then echo "FAIL: redis-cli $* -> '$got', expected '$want'" >&2; exit 1; fi
  echo "ok: redis-cli $* -> $got"
}

expect PONG PING
expect OK SET smoke:key "hello world" EX 100
expect "hello world" GET smoke:key
expect 100 TTL smoke:key
expect "" GET smoke:missing
expect 1 DEL smoke:key
expect -2 TTL smoke:key
noauth=$(redis-cli -p "$port" GET smoke:key 2>&1)
[ "$noauth" = "NOAUTH Authentication required." ] || { echo "FAIL: unauthenticated GET -> '$noauth'" >&2; exit 1; }
echo "ok: unauthenticated GET -> $noauth"

# The plain invocation's first tests: PING_INLINE sends an inline command on a connection that authenticated over
# RESP, which must be answered in RESP (protocol.md v2, dialect of a connection).
out=$(redis-benchmark -p "$port" -a "$password" -t ping_inline,ping_mbulk -n 20000 -c 10 -q 2>&1)
echo "$out" | tr '\r' '\n' | grep -E 'requests per second' || true
if echo "$out" | grep -qiE 'error|ERR '; then echo "FAIL: redis-benchmark PING_INLINE/PING_MBULK reported errors:" >&2; echo "$out" >&2; exit 1; fi
for test in PING_INLINE PING_MBULK; do
  echo "$out" | tr '\r' '\n' | grep -q "^$test: .*requests per second" || { echo "FAIL: no $test result" >&2; exit 1; }
done

out=$(redis-benchmark -p "$port" -a "$password" -t set,get -n 20000 -c 10 -q 2>&1)
echo "$out" | tr '\r' '\n' | grep -E 'requests per second' || true
if echo "$out" | grep -qiE 'error|ERR '; then echo "FAIL: redis-benchmark reported errors:" >&2; echo "$out" >&2; exit 1; fi
echo "$out" | tr '\r' '\n' | grep -q '^SET: .*requests per second' || { echo "FAIL: no SET result" >&2; exit 1; }
echo "$out" | tr '\r' '\n' | grep -q '^GET: .*requests per second' || { echo "FAIL: no GET result" >&2; exit 1; }
echo "redis-tools smoke: passed"
