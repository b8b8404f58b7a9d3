# Shared by start-local.sh and bench.sh (sourced, not run): start MiniStore, redis-server and nutcracker on
# loopback ports, render nutcracker.yml for them, and stop everything that was started (tw_cleanup, on EXIT).
# Every process started is recorded in tw_pids; only those are stopped.

tw_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tw_template="$tw_repo/deploy/twemproxy/nutcracker.yml"
tw_server_dll="$tw_repo/src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll"
tw_pids=()
tw_tmp=$(mktemp -d "${TMPDIR:-/tmp}/ministore-twemproxy.XXXXXX")
chmod 700 "$tw_tmp"

tw_nutcracker() {
  command -v nutcracker 2>/dev/null || { [ -x /usr/sbin/nutcracker ] && echo /usr/sbin/nutcracker; } || {
    echo "nutcracker (twemproxy) is not installed: apt-get install nutcracker" >&2; return 1; }
}

tw_cleanup() {
  local pid
  for pid in "${tw_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${tw_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  tw_pids=()
  rm -rf "$tw_tmp"
}

tw_build() {
  dotnet build -c Release "$tw_repo/src/MiniStore.Server" -v quiet -nologo >/dev/null
}

tw_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

tw_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# tw_wait_port PORT PID NAME: until something accepts on PORT (30 s deadline); fails if PID exits first.
tw_wait_port() {
  local port=$1 pid=$2 name=$3 i
  for i in $(seq 1 300); do
    tw_port_busy "$port" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$name on port $port exited at start (log: $tw_tmp)" >&2; return 1; }
    sleep 0.1
  done
  echo "$name did not listen on port $port within 30 s" >&2
  return 1
}

# tw_auth_ping PORT PASSWORD: AUTH and PING on a fresh connection (30 s to answer); true on +OK and +PONG. The
# password goes through a shell builtin, never on a command line.
tw_auth_ping() {
  local port=$1 password=$2 auth pong length
  length=$(LC_ALL=C; echo ${#password})
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '*2\r\n$4\r\nAUTH\r\n$%d\r\n%s\r\n*1\r\n$4\r\nPING\r\n' "$length" "$password" >&3
  IFS= read -r -t 30 auth <&3 || true
  IFS= read -r -t 30 pong <&3 || true
  exec 3<&-
  [ "$auth" = $'+OK\r' ] && [ "$pong" = $'+PONG\r' ]
}

# tw_start_ministore PORT PASSWORD: a Release node; the password goes in the environment, not on the command line.
tw_start_ministore() {
  local port=$1 password=$2
  if tw_port_busy "$port"; then echo "port $port is already in use" >&2; return 1; fi
  MINISTORE_PASSWORD="$password" dotnet "$tw_server_dll" "$port" --log-level Warning \
    >"$tw_tmp/ministore-$port.log" 2>&1 &
  tw_pids+=($!)
  tw_wait_port "$port" $! "MiniStore"
  # Ready means answering an authenticated PING. This also pays the node's one Argon2id check (the first AUTH;
  # later ones take the fast path) here rather than in the proxy's first request, whose timeout a busy machine
  # could exceed.
  tw_auth_ping "$port" "$password" || { echo "MiniStore on port $port did not answer AUTH and PING" >&2; return 1; }
}

# tw_start_redis PORT PASSWORD: redis-server without persistence; its configuration (password included) on stdin.
tw_start_redis() {
  local port=$1 password=$2
  if tw_port_busy "$port"; then echo "port $port is already in use" >&2; return 1; fi
  printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\nrequirepass "%s"\n' "$port" "$password" |
    redis-server - >"$tw_tmp/redis-$port.log" 2>&1 &
  tw_pids+=($!)
  tw_wait_port "$port" $! "redis-server"
  tw_auth_ping "$port" "$password" || { echo "redis-server on port $port did not answer AUTH and PING" >&2; return 1; }
}

# tw_write_config FILE LISTEN_PORT PASSWORD NODE_PORT...: nutcracker.yml with listen, redis_auth and servers
# replaced; everything else (hashing, ejection, timeouts) as in the template.
tw_write_config() {
  local file=$1 listen=$2 password=$3; shift 3
  case $password in *'"'* | *'\'*) echo "the password must not contain \" or \\ (it is a quoted YAML string)" >&2; return 1 ;; esac
  (
    umask 077
    awk -v listen="127.0.0.1:$listen" -v auth="$password" '
      /^  listen:/ { print "  listen: " listen; next }
      /^  redis_auth:/ { print "  redis_auth: \"" auth "\""; next }
      /^  servers:/ { print; exit }
      { print }' "$tw_template" >"$file"
    local i=0 port
    for port in "$@"; do i=$((i + 1)); echo "    - 127.0.0.1:$port:1 node$i" >>"$file"; done
  )
}

# tw_start_proxy CONFIG LISTEN_PORT STATS_PORT NAME: nutcracker with its stats on loopback and its log in tw_tmp.
tw_start_proxy() {
  local config=$1 listen=$2 stats=$3 name=$4 nutcracker
  nutcracker=$(tw_nutcracker) || return 1
  local check
  if ! check=$("$nutcracker" -t -c "$config" 2>&1); then echo "$check" >&2; return 1; fi
  "$nutcracker" -c "$config" -s "$stats" -a 127.0.0.1 -o "$tw_tmp/$name.log" -p "$tw_tmp/$name.pid" &
  tw_pids+=($!)
  tw_wait_port "$listen" $! "nutcracker"
}
