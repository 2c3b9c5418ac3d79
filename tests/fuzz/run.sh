#!/bin/bash
# run.sh [SECONDS] [fuzz_NAME...] -- build the libFuzzer targets (CMake preset "fuzz", clang-14) and run
# each for SECONDS (default 30) starting from its seeds (seeds/fuzz_NAME), its dictionary when there is one
# (dicts/fuzz_NAME.dict) and the corpus kept from earlier runs. Crashes, leaks and timeouts are saved under
# BUILD/tests/fuzz/artifacts/; keep each one as a regression input in seeds/fuzz_NAME/ once it is fixed.
# Exit 1 if any target found something.
#   JOBS=N                 targets run N at a time (default 1; `JOBS=2 run.sh 300` is the 10-minute run)
#   TOPOCHECK_FUZZ_BUILD   the build directory (default build/fuzz)
set -euo pipefail
SECONDS_EACH=${1:-30}
shift || true
JOBS=${JOBS:-1}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${TOPOCHECK_FUZZ_BUILD:-$SRC/build/fuzz}

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in "$HERE"/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  (cd "$SRC" && cmake --preset fuzz -B "$BUILD")
fi
cmake --build "$BUILD" --target "${targets[@]}"

artifacts=$BUILD/tests/fuzz/artifacts
mkdir -p "$artifacts"

# One target: its figures on one line (runs, coverage, corpus), or its log's end on a finding.
fuzz_one() {
  local t=$1 corpus=$BUILD/tests/fuzz/corpus/$1 seeds=()
  mkdir -p "$corpus"
  [ -d "$HERE/seeds/$t" ] && seeds=("$HERE/seeds/$t")
  [ -f "$HERE/dicts/$t.dict" ] && seeds=("-dict=$HERE/dicts/$t.dict" "${seeds[@]}")
  if "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$artifacts/$t-" "$corpus" "${seeds[@]}" > "$artifacts/$t.log" 2>&1; then
    local done_line runs
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$artifacts/$t.log" | tail -1 || true)
    runs=$(sed -nE 's/^stat::number_of_executed_units: *//p' "$artifacts/$t.log")
    echo "ok $t: ${runs:-?} runs in ${SECONDS_EACH}s; ${done_line:-no DONE line}"
    return 0
  fi
  echo "FAILED $t (log: $artifacts/$t.log)"; tail -30 "$artifacts/$t.log"
  return 1
}

failed=()
declare -A running=() # pid -> target
reap_one() {
  local pid
  wait -n -p pid "${!running[@]}" && true
  local rc=$?
  [ "$rc" = 0 ] || failed+=("${running[$pid]}")
  unset "running[$pid]"
}
for t in "${targets[@]}"; do
  echo "== $t: ${SECONDS_EACH}s"
  fuzz_one "$t" &
  running[$!]=$t
  while [ ${#running[@]} -ge "$JOBS" ]; do reap_one; done
done
while [ ${#running[@]} -gt 0 ]; do reap_one; done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}"
  exit 1
fi
echo "fuzzing: ${#targets[@]} targets, ${SECONDS_EACH}s each, $JOBS at a time, nothing found"
