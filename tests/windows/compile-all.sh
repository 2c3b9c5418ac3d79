#!/bin/bash
# tests/windows/compile-all.sh -- compiles every app/ source except the POSIX, Linux and macOS platform
# files (*_posix.cpp, *_linux.cpp, *_macos.cpp) for Windows with MinGW-w64: -fsyntax-only, warnings as
# errors, the project's definitions (topocheck_options in CMakeLists.txt), Debian's Qt headers as system
# headers and the uic-generated ui_*.h. main.cpp is compiled twice: topocheck.exe and topocheck-cli.exe
# (TOPOCHECK_CONSOLE_ONLY). Qt for Windows is not installed here, so nothing is linked: what this proves
# is that Windows-only code and #ifdef Q_OS_WIN branches compile. One line per file; exit 1 when any
# fails, 77 when MinGW-w64 is missing (installer/debian-deps.sh test installs it).
#   JOBS=N   files compiled at once (default: nproc)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
CXX=${MINGW_CXX:-x86_64-w64-mingw32-g++-posix}
QT=${QT_INCLUDE:-/usr/include/x86_64-linux-gnu/qt6}
UIC=${QT_UIC:-/usr/lib/qt6/libexec/uic}
# In CI (CI set) a missing compiler is a failure, never a skip.
command -v "$CXX" >/dev/null || { echo "compile-all.sh: no $CXX (g++-mingw-w64-x86-64-posix)" >&2; [ -n "${CI:-}" ] && exit 1; exit 77; }
[ -d "$QT/QtCore" ] || { echo "compile-all.sh: no Qt headers in $QT" >&2; exit 1; }
[ -x "$UIC" ] || { echo "compile-all.sh: no uic at $UIC" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ui" "$tmp/out"
for form in ui/*.ui; do
  "$UIC" -o "$tmp/ui/ui_$(basename "$form" .ui).h" "$form" || { echo "compile-all.sh: uic failed on $form" >&2; exit 1; }
done

version=$(sed -nE 's/^project\(Topocheck VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
flags=(-std=c++17 -fsyntax-only -Werror -Wall -Wextra -Wpedantic
  # what Qt's CMake targets add for a MinGW build
  -DUNICODE -D_UNICODE -DWIN32 -DWIN64 -DMINGW_HAS_SECURE_API=1
  -DQT_CORE_LIB -DQT_NETWORK_LIB -DQT_GUI_LIB -DQT_WIDGETS_LIB -DQT_CHARTS_LIB -DQT_SVG_LIB
  # topocheck_options
  -DQT_NO_CAST_FROM_ASCII -DQT_USE_QSTRINGBUILDER -DQT_NO_CONTEXTLESS_CONNECT -DQT_NO_URL_CAST_FROM_STRING
  -DQT_NO_NARROWING_CONVERSIONS_IN_CONNECT "-DTOPOCHECK_VERSION=\"$version\""
  -isystem "$QT")
for module in "$QT"/Qt*; do flags+=(-isystem "$module"); done
flags+=(-I "$tmp/ui")
while IFS= read -r dir; do flags+=(-I "$dir"); done < <(find app -type d | sort)

# one job per line: "<source> [extra definition]"
jobs=()
while IFS= read -r f; do
  jobs+=("$f")
  [ "$f" = app/main.cpp ] && jobs+=("$f -DTOPOCHECK_CONSOLE_ONLY")
done < <(find app -name '*.cpp' ! -name '*_posix.cpp' ! -name '*_linux.cpp' ! -name '*_macos.cpp' | sort)

compile() { # index, source, [definition]
  local out="$tmp/out/$1" label="$2${3:+ ($3)}"
  if "$CXX" "${flags[@]}" ${3:+"$3"} "$2" > "$out.log" 2>&1; then
    echo "ok    $label" > "$out"
  else
    { echo "FAIL  $label"; grep -E 'error|warning' "$out.log" | head -5 | sed 's/^/      /'; } > "$out"
  fi
}
export -f compile
export CXX tmp
export FLAGS_FILE="$tmp/flags"
printf '%s\0' "${flags[@]}" > "$FLAGS_FILE"
# xargs runs a fresh bash per job: the flags travel in a NUL-separated file
runner='mapfile -d "" flags < "$FLAGS_FILE"; compile "$@"'
for i in "${!jobs[@]}"; do
  read -r src def <<< "${jobs[$i]}"
  printf '%s\0%s\0%s\0' "$(printf '%04d' "$i")" "$src" "${def:-}"
done | xargs -0 -n 3 -P "${JOBS:-$(nproc)}" bash -c "$runner" _

failed=0
for i in "${!jobs[@]}"; do
  f="$tmp/out/$(printf '%04d' "$i")"
  cat "$f"
  grep -q '^FAIL' "$f" && failed=$((failed + 1))
done
echo "${#jobs[@]} files for Windows (MinGW-w64 $("$CXX" -dumpversion)): $(( ${#jobs[@]} - failed )) compiled, $failed failed"
[ "$failed" = 0 ]
