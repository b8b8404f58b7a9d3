#!/usr/bin/env bash
# Installs MiniStore the way a user does, as .NET tools: packs ministore-server and ministore-cli into a temporary
# folder, installs both from it with `dotnet tool install --tool-path`, starts the server from its tool shim and
# talks to it with redis-cli and ministore-cli. Fails on any wrong reply. Everything lives in one temp directory.
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v redis-cli >/dev/null || { echo "tool.sh: redis-cli not found (apt-get install redis-tools)" >&2; exit 1; }

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
for project in src/MiniStore.Server src/MiniStore.Cli; do
  dotnet pack "$project" -c Release -m:1 -v quiet -nologo -o "$work/packages" >/dev/null
done
ls "$work/packages"/MiniStore.Server."$version".nupkg "$work/packages"/MiniStore.Cli."$version".nupkg >/dev/null

for package in MiniStore.Server MiniStore.Cli; do
  dotnet tool install --tool-path "$work/tools" --add-source "$work/packages" "$package" --version "$version" >/dev/null
done
echo "ok: installed $(ls "$work/tools" | tr '\n' ' ')"

installed=$("$work/tools/ministore-server" --version)
case "$installed" in "$version"*) echo "ok: ministore-server --version -> $installed" ;; *) echo "FAIL: ministore-server --version -> '$installed', expected $version" >&2; exit 1 ;; esac

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 16398)
password="tool-$RANDOM$RANDOM"
MINISTORE_PASSWORD="$password" "$work/tools/ministore-server" --port "$port" --log-level Warning &
server=$!
for _ in $(seq 1 200); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done

got=$(redis-cli --no-auth-warning -p "$port" -a "$password" PING)
[ "$got" = "PONG" ] || { echo "FAIL: redis-cli PING -> '$got'" >&2; exit 1; }
echo "ok: redis-cli PING -> $got"

got=$("$work/tools/ministore-cli" -p "$port" -a "$password" SET tool:key "installed as a tool")
[ "$got" = "OK" ] || { echo "FAIL: ministore-cli SET -> '$got'" >&2; exit 1; }
got=$(redis-cli --no-auth-warning -p "$port" -a "$password" GET tool:key)
[ "$got" = "installed as a tool" ] || { echo "FAIL: redis-cli GET -> '$got'" >&2; exit 1; }
echo "ok: ministore-cli SET, redis-cli GET -> $got"

kill -TERM "$server"
wait "$server" && status=0 || status=$?
server=""
[ "$status" -eq 0 ] || { echo "FAIL: ministore-server exited $status on SIGTERM" >&2; exit 1; }
echo "ok: ministore-server stopped on SIGTERM with exit code 0"
