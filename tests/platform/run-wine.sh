#!/bin/bash
# tests/platform/run-wine.sh -- runs ossocket_test against a server in its own network namespace:
# a listener (open), a port nothing listens on (refused) and a port an nftables DROP rule swallows
# (dropped, a timeout that cannot turn into an answer), over IPv4 and IPv6, plus the loopback cases.
#   run-wine.sh --build-dir DIR   cross-build ossocket_test.exe with MinGW-w64 (static: Wine needs no
#                                 DLL of ours) into DIR and run it under wine64; the Wine prefix is DIR/prefix
#   run-wine.sh --native BIN      run the native ossocket_test the same way
# Creates namespaces tcwsrv-PID and tcwcli-PID (veth 10.231.0.0/30 and fd77:231::/64, nftables table
# "tcw" in the server namespace) and deletes them on exit. Needs root; exit 77 = skipped.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
build="" native=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --native) native=$2; shift 2 ;;
    *) echo "usage: run-wine.sh --build-dir DIR | --native BIN" >&2; exit 2 ;;
  esac
done
[ -n "$build$native" ] || { echo "usage: run-wine.sh --build-dir DIR | --native BIN" >&2; exit 2; }
# In CI (CI set) a missing tool is a failure, never a skip.
skip() { [ -n "${CI:-}" ] && { echo "run-wine.sh: FAIL (CI): $*" >&2; exit 1; }; echo "run-wine.sh: skipped: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
export PATH=$PATH:/usr/sbin:/sbin
for tool in ip nft python3; do command -v "$tool" >/dev/null || skip "no $tool (installer/debian-deps.sh test)"; done

OPEN=8080 REFUSED=8081 DROPPED=8082
SRV=tcwsrv-$$ CLI=tcwcli-$$ VS=tcw$$s VC=tcw$$c
WINE="" WINESERVER=""
if [ -n "$build" ]; then
  CXX=$(command -v x86_64-w64-mingw32-g++-posix || true)
  WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
  WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver)
  [ -n "$CXX" ] || skip "no x86_64-w64-mingw32-g++-posix (g++-mingw-w64-x86-64-posix)"
  [ -x "$WINE" ] || skip "no wine64"
  mkdir -p "$build"
  build=$(cd "$build" && pwd)
  echo "== cross-building $build/ossocket_test.exe"
  "$CXX" -std=c++17 -O1 -Wall -Wextra -Wpedantic -Werror -static -static-libgcc -static-libstdc++ \
    -I"$ROOT/app/engine/platform" "$HERE/ossocket_test.cpp" "$ROOT/app/engine/platform/ossocket_windows.cpp" \
    -lws2_32 -liphlpapi -o "$build/ossocket_test.exe"
  export WINEPREFIX=$build/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  # a wineserver left from an earlier run lives in a deleted namespace: sockets would be made there
  "$WINESERVER" -k 2>/dev/null || true
fi

listener=""
cleanup() {
  set +e
  [ -n "$WINESERVER" ] && { "$WINESERVER" -k 2>/dev/null; "$WINESERVER" -w 2>/dev/null; }
  [ -n "$listener" ] && kill "$listener" 2>/dev/null && wait "$listener" 2>/dev/null
  ip netns del "$SRV" 2>/dev/null
  ip netns del "$CLI" 2>/dev/null
}
trap cleanup EXIT

ip netns add "$SRV"
ip netns add "$CLI"
ip link add "$VS" type veth peer name "$VC"
ip link set "$VS" netns "$SRV"
ip link set "$VC" netns "$CLI"
ip -n "$SRV" addr add 10.231.0.1/30 dev "$VS"
ip -n "$SRV" addr add fd77:231::1/64 dev "$VS" nodad
ip -n "$CLI" addr add 10.231.0.2/30 dev "$VC"
ip -n "$CLI" addr add fd77:231::2/64 dev "$VC" nodad
for ns in "$SRV" "$CLI"; do ip -n "$ns" link set lo up; done
ip -n "$SRV" link set "$VS" up
ip -n "$CLI" link set "$VC" up
ip netns exec "$SRV" nft -f - <<EOF
table inet tcw {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport $DROPPED drop
  }
}
EOF
# the open port: a dual-stack listener the kernel completes handshakes for (never accepts)
ip netns exec "$SRV" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", '"$OPEN"'))
s.listen(128)
time.sleep(900)' &
listener=$!
for _ in $(seq 50); do
  ip netns exec "$SRV" ss -Hltn "sport = :$OPEN" | grep -q . && break
  sleep 0.1
done

args=(--remote 10.231.0.1 --remote fd77:231::1 --open-port "$OPEN" --refused-port "$REFUSED" --dropped-port "$DROPPED")
if [ -n "$native" ]; then
  echo "== $native in $CLI"
  ip netns exec "$CLI" "$native" "${args[@]}"
else
  echo "== wine64 ossocket_test.exe in $CLI (WINEPREFIX=$WINEPREFIX; the first run creates it, ~10 s)"
  ip netns exec "$CLI" "$WINE" "$build/ossocket_test.exe" "${args[@]}"
fi
