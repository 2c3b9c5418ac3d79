#!/bin/bash
# tests/sanitizers/run.sh [asan] [tsan] -- build the GUI-free libraries and their tests with the sanitizers
# and run them (both runs when no argument is given):
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer (preset "asan", BUILD: build/asan): the unit tests
#         of core, wire, checks, engine and session, and the lab tests of the checks and the engine
#         (the lab starts and stops as the ctest fixture; needs root, as tests/run-all.sh)
#   tsan  ThreadSanitizer (preset "tsan", build/tsan): the engine and session tests; Debian's Qt is not
#         instrumented, tsan.supp says what is suppressed and why
# Only the targets these tests need are built (not the window, the diagram, the report or the app).
# Prints one summary line per run; exit 1 when a test fails or a sanitizer reports anything.
#   SANITIZER_LAB=0         asan without the lab tests (unit tests only)
#   SANITIZER_ASAN_BUILD / SANITIZER_TSAN_BUILD   build directories
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
cd "$SRC"
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(asan tsan)
JOBS=${JOBS:-$(nproc)}

# GUI-free unit tests (tests/CMakeLists.txt): core, wire, checks, engine, session. Not tst_headless or
# tst_listen_cli: they run the whole application.
asan_unit=(tst_checkplan tst_listenerbanner tst_profile tst_runresults tst_templates tst_resultmerge
           tst_changerequest
           tst_amqpwire tst_h2wire tst_httpwire tst_rdpwire tst_smb2wire tst_smtpwire tst_sshwire tst_tdswire
           tst_binarychecks tst_httpcheck tst_kerberoswire tst_ldapwire tst_smtpcheck tst_tlsinspector
           tst_listenerchecks tst_probeengine tst_preinstallports tst_runcontroller)
# lab tests that link the engine and nothing above it (tests/lab/CMakeLists.txt)
asan_lab=(tst_engine_lab tst_protocols_binary tst_protocols_directory tst_protocols_tls tst_protocols_mail_tls
          tst_protocols_http tst_protocols_tds)
tsan_tests=(tst_probeengine tst_preinstallports tst_runcontroller)

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:strict_init_order=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$HERE/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="suppressions=$HERE/tsan.supp:second_deadlock_stack=1:history_size=4:print_suppressions=0"
export CI=${CI:-true} # a QSKIP is a failure here too

summaries=()
failed=0
run_one() {
  local kind=$1 build tests=() t0 t1 t2 rc=0 reports regex
  case $kind in
    asan) build=${SANITIZER_ASAN_BUILD:-$SRC/build/asan}; tests=("${asan_unit[@]}")
          [ "${SANITIZER_LAB:-1}" = 0 ] || tests+=("${asan_lab[@]}") ;;
    tsan) build=${SANITIZER_TSAN_BUILD:-$SRC/build/tsan}; tests=("${tsan_tests[@]}") ;;
    *) echo "run.sh: unknown run '$kind' (asan or tsan)" >&2; exit 2 ;;
  esac
  local log=$build/sanitizer-$kind.log
  t0=$(date +%s)
  echo "== $kind: configure and build ${#tests[@]} test executables in $build"
  # -g1: line tables are all a sanitizer's stack needs, and full debug info doubles the compile time
  cmake --preset "$kind" -B "$build" -DTOPOCHECK_WARNINGS_AS_ERRORS=ON -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
        -DTOPOCHECK_BUILD_FUZZERS=OFF >/dev/null
  cmake --build "$build" -j"$JOBS" --target "${tests[@]}"
  t1=$(date +%s)
  # every name must be a registered test: a renamed suite is an error, never silently dropped
  local registered
  registered=$(ctest --test-dir "$build" -N | sed -nE 's/^ *Test +#[0-9]+: //p')
  for t in "${tests[@]}"; do
    grep -qx "$t" <<<"$registered" || { echo "run.sh: $kind: no test named $t in $build" >&2; exit 1; }
  done
  regex="^($(IFS='|'; echo "${tests[*]}"))\$"
  echo "== $kind: running ${#tests[@]} tests"
  # the lab's daemons (fixture lab_up) outlive their start scripts: reaper.py reaps them
  /usr/bin/python3 "$SRC/tests/lab/reaper.py" ctest --test-dir "$build" -R "$regex" --output-on-failure \
    --timeout 900 > "$log" 2>&1 || rc=$?
  t2=$(date +%s)
  reports=$(grep -cE '^(==[0-9]+==ERROR: (Address|Leak)Sanitizer|.*: runtime error: |WARNING: ThreadSanitizer)' "$log" || true)
  grep -E '^ *[0-9]+/[0-9]+ Test' "$log" || true
  if [ "$rc" != 0 ] || [ "$reports" != 0 ]; then
    failed=1
    grep -E -A40 '^(==[0-9]+==ERROR: |.*: runtime error: |WARNING: ThreadSanitizer)' "$log" | head -300 || true
    grep -E '(Failed|\*\*\*)' "$log" | head -40 || true
  fi
  summaries+=("sanitizers: $kind: $(grep -E 'tests passed, [0-9]+ tests failed' "$log" || echo 'ctest gave no summary'); \
$reports sanitizer reports; build $((t1 - t0)) s, tests $((t2 - t1)) s (log: $log)")
}
for r in "${runs[@]}"; do run_one "$r"; done
printf '%s\n' "${summaries[@]}"
exit "$failed"
