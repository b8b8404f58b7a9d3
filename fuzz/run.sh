#!/usr/bin/env bash
# Coverage-guided fuzzing of one MiniStore reader under AFL++ with SharpFuzz instrumentation.
#
#   fuzz/run.sh <target> [minutes]      targets: request, resp-reply, line-reply, rdb (default 60 minutes)
#
# Installs afl++ (Debian) and the sharpfuzz tool if missing, publishes fuzz/MiniStore.Fuzz, instruments the assemblies
# that hold the readers, and runs afl-fuzz on fuzz/corpus/<target> for the given time. Findings land in
# fuzz/.out/<target>/default/{crashes,hangs}; replay one with
#   dotnet fuzz/.out/bin/MiniStore.Fuzz.dll <target> <file>
# then keep it as fuzz/regressions/<target>/<name> once fixed (tests/MiniStore.Fuzz.Tests replays them in CI).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: fuzz/run.sh <request|resp-reply|line-reply|rdb> [minutes]}
minutes=${2:-60}
[ -d "fuzz/corpus/$target" ] || { echo "fuzz/run.sh: no corpus for target '$target'" >&2; exit 2; }

if ! command -v afl-fuzz >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq afl++ >/dev/null
fi

tools=fuzz/.out/tools
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

bin=fuzz/.out/bin
if [ ! -f "$bin/.instrumented" ]; then
  rm -rf "$bin"
  dotnet publish fuzz/MiniStore.Fuzz -c Release -o "$bin" -v quiet -nologo >/dev/null
  for assembly in MiniStore.Protocol.dll MiniStore.Client.dll MiniStore.Persistence.dll; do
    "$tools/sharpfuzz" "$bin/$assembly" >/dev/null
  done
  touch "$bin/.instrumented"
fi

out=fuzz/.out/$target
mkdir -p "$out"
resume=(-i "fuzz/corpus/$target")
[ -f "$out/default/fuzzer_stats" ] && resume=(-i -)   # go on from the previous session's queue

# dotnet itself is not instrumented (SharpFuzz instruments the managed code), so AFL++'s binary check is skipped.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1
afl-fuzz "${resume[@]}" -o "$out" -V $((minutes * 60)) -t 5000 -m none -- dotnet "$bin/MiniStore.Fuzz.dll" "$target" >"$out/afl.log" 2>&1 || {
  echo "afl-fuzz failed; its log:" >&2; tail -n 30 "$out/afl.log" >&2; exit 1; }

stats=$out/default/fuzzer_stats
field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(find "$out/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find "$out/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "$target: $(field run_time) s, $(field execs_done) execs ($(field execs_per_sec)/s), corpus $(field corpus_count), edges $(field edges_found) of $(field total_edges) ($(field bitmap_cvg)), crashes $crashes, hangs $hangs"
[ "$crashes" -eq 0 ]
