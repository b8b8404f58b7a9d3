#!/usr/bin/env bash
# Measures whether --maxmemory really bounds the process: starts a Release server with a cap, records
# its idle RSS, writes far more than the cap through the line protocol, then reads RSS again from
# /proc/<pid>/status. Usage: benchmarks/memory-cap.sh [cap=64mb] [total_mb=500] [value_bytes=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
cap=${1:-64mb}
total_mb=${2:-500}
value_bytes=${3:-1000}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
password="bench-$RANDOM$RANDOM"

dotnet build -c Release src/MiniStore.Server -v quiet -nologo >/dev/null
dotnet src/MiniStore.Server/bin/Release/net10.0/MiniStore.Server.dll "$password" "$port" --maxmemory "$cap" --log-level Warning &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done

rss() { awk '/VmRSS/ {print $2}' /proc/"$pid"/status; }
baseline_kb=$(rss)

python3 - "$port" "$password" "$total_mb" "$value_bytes" <<'PY'
import socket, sys
port, password, total_mb, value_bytes = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = socket.create_connection(("127.0.0.1", port))
f = s.makefile("rb")
s.sendall(f'PASS "{password}"\r\n'.encode()); assert f.readline() == b"OK\n"
value = b"v" * value_bytes
count = total_mb * 1024 * 1024 // value_bytes
batch = 1000
for start in range(0, count, batch):
    s.sendall(b"".join(b"SET key:%d %s\r\n" % (i, value) for i in range(start, min(start + batch, count))))
    for _ in range(start, min(start + batch, count)):
        reply = f.readline()
        assert reply == b"OK\n", reply
s.sendall(b"INFO\r\n")
print(f.readline().decode().strip())
PY

peak_kb=$(awk '/VmHWM/ {print $2}' /proc/"$pid"/status)
after_kb=$(rss)
cap_bytes=$(python3 -c "
s='$cap'.lower(); u={'kb':1024,'mb':1024**2,'gb':1024**3,'k':1000,'m':10**6,'g':10**9,'b':1}
for k in sorted(u,key=len,reverse=True):
    if s.endswith(k): print(int(s[:-len(k)])*u[k]); break
else: print(int(s))")
bound_kb=$(( baseline_kb + cap_bytes * 3 / 2 / 1024 ))
echo "cap=$cap written=${total_mb}MB baseline_rss=${baseline_kb}kB rss_after=${after_kb}kB peak_rss=${peak_kb}kB bound(baseline+1.5*cap)=${bound_kb}kB"
if [ "$peak_kb" -le "$bound_kb" ]; then echo "PASS: peak RSS within bound"; else echo "FAIL: peak RSS above bound"; exit 1; fi
