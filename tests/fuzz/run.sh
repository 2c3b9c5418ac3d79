#!/bin/bash
# run.sh [SECONDS] [fuzz_NAME...] -- build the libFuzzer targets (CMake preset "fuzz", clang-14) and run
# each for SECONDS (default 30), one after the other, starting from its seeds (seeds/fuzz_NAME) and the
# corpus kept from earlier runs. Crashes, leaks and timeouts are saved under BUILD/tests/fuzz/artifacts/.
# Exit 1 if any target found something. TOPOCHECK_FUZZ_BUILD overrides the build directory.
set -euo pipefail
SECONDS_EACH=${1:-30}
shift || true
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
failed=()
for t in "${targets[@]}"; do
  corpus=$BUILD/tests/fuzz/corpus/$t
  mkdir -p "$corpus"
  seeds=()
  [ -d "$HERE/seeds/$t" ] && seeds=("$HERE/seeds/$t")
  echo "== $t: ${SECONDS_EACH}s"
  if "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$artifacts/$t-" "$corpus" "${seeds[@]}" > "$artifacts/$t.log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^Done' "$artifacts/$t.log" | tr '\n' ' '; echo
  else
    echo "FAILED $t (log: $artifacts/$t.log)"; tail -30 "$artifacts/$t.log"
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}"
  exit 1
fi
echo "fuzzing: ${#targets[@]} targets, ${SECONDS_EACH}s each, nothing found"
