#!/usr/bin/env bash
# End-to-end load test: builds Release, starts the server on a free loopback port with a generated password,
# waits until it listens, runs the bundled load generator once per pipeline depth, stops the server.
#
#   benchmarks/run-load.sh                      # set,get; P=1 and P=16; 50 connections; 200k requests per test
#   TESTS=ping,mixed PIPELINES="1 64" benchmarks/run-load.sh --random --value-size 100
#
# Settings come from the environment (CONNECTIONS, REQUESTS, TESTS, PIPELINES, PROTOCOL); any arguments are
# passed on to the load generator. The password travels in MINISTORE_PASSWORD, never on a command line.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-50}
REQUESTS=${REQUESTS:-200000}
TESTS=${TESTS:-set,get}
PIPELINES=${PIPELINES:-"1 16"}
PROTOCOL=${PROTOCOL:-line}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== building (Release)"
dotnet build -c Release --nologo -v quiet src/MiniStore.Server/MiniStore.Server.csproj
dotnet build -c Release --nologo -v quiet benchmarks/MiniStore.LoadTest/MiniStore.LoadTest.csproj

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free port: a random one in the dynamic range that nothing answers on.
PORT=
for _ in $(seq 1 50); do
  candidate=$((49152 + RANDOM % 16000))
  if ! listening "$candidate"; then PORT=$candidate; break; fi
done
[ -n "$PORT" ] || { echo "run-load: no free port found" >&2; exit 1; }

MINISTORE_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
export MINISTORE_PASSWORD

SERVER_LOG=$(mktemp)
dotnet src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll "$PORT" --log-level Warning >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
stop_server() {
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || true
  fi
  rm -f "$SERVER_LOG"
}
trap stop_server EXIT

for _ in $(seq 1 150); do
  listening "$PORT" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "run-load: the server exited:" >&2; cat "$SERVER_LOG" >&2; exit 1; }
  sleep 0.2
done
listening "$PORT" || { echo "run-load: the server is not listening on $PORT after 30 s" >&2; exit 1; }

status=0
for pipeline in $PIPELINES; do
  echo "== ministore-loadtest -p $PORT -c $CONNECTIONS -n $REQUESTS -P $pipeline -t $TESTS --protocol $PROTOCOL $*"
  dotnet benchmarks/MiniStore.LoadTest/bin/Release/net10.0/MiniStore.LoadTest.dll \
    -p "$PORT" -c "$CONNECTIONS" -n "$REQUESTS" -P "$pipeline" -t "$TESTS" --protocol "$PROTOCOL" "$@" || status=$?
done
exit $status
