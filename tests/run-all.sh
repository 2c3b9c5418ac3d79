#!/bin/bash
# tests/run-all.sh -- the README's test command: install what is missing (Debian 12), build, start the
# lab, run every test (unit, gui, lab, bench, fuzz), stop the lab. Needs root (namespaces, ports < 1024).
# Ends with ctest's summary line; exit status is ctest's.
#   FUZZ_SECONDS=N   seconds per fuzz target (default 30; 0 skips the fuzz build)
#   BUILD_DIR=dir    build directory (default build/ci)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
[ "$(id -u)" = 0 ] || { echo "run-all.sh: run as root (the lab needs network namespaces and ports below 1024)" >&2; exit 2; }
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
BUILD_DIR=${BUILD_DIR:-build/ci}
t0=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - t0 )) s)"; }

step "dependencies"
bash installer/debian-deps.sh test

step "configure and build ($BUILD_DIR)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOPOCHECK_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"

if [ "$FUZZ_SECONDS" != 0 ] && [ -f tests/fuzz/run.sh ]; then
  step "fuzz targets, ${FUZZ_SECONDS} s each"
  bash tests/fuzz/run.sh "$FUZZ_SECONDS"
fi

step "package (CPack DEB) and install it"
(cd "$BUILD_DIR" && cpack -G DEB >/dev/null && ls -1 ./*.deb)
dpkg -i "$BUILD_DIR"/topocheck-*.deb >/dev/null && /usr/bin/topocheck --version

step "benchmarks (label bench: figures against their targets)"
/usr/bin/python3 tests/lab/reaper.py ctest --test-dir "$BUILD_DIR" -L bench -V --timeout 900 > "$BUILD_DIR/bench.log" 2>&1 \
  || { cat "$BUILD_DIR/bench.log"; echo "run-all.sh: a benchmark missed its target" >&2; exit 1; }
grep -E '^[0-9]+: ' "$BUILD_DIR/bench.log" | sed -E 's/^[0-9]+: //' | grep -vE '^(Test command|Working Directory|Environment variables|Test timeout|\*\*\*| [A-Z_]+=)' || true

step "tests (the lab starts and stops as a ctest fixture)"
# Lab daemons outlive their start scripts: the reaper adopts and reaps them, and kills leftovers.
exec /usr/bin/python3 tests/lab/reaper.py ctest --test-dir "$BUILD_DIR" -LE bench --output-on-failure --timeout 900
