#!/bin/bash
# soak.sh [BUILD_DIR [CYCLES]] -- the soak run of issue 14 (not part of CI: ~45-50 minutes for 500).
#
# Runs the real window (offscreen) in monitor mode at the shortest interval (5 s) for CYCLES runs
# (default 500) against real servers, and checks after every run: memory flat (VmRSS growth after
# the first 50 cycles < 5 MB), no descriptor leak (/proc/self/fd), every runnable check of every
# cycle with a final result. The driver (tests/soak/soak_driver.cpp, target soak_driver, built here
# if missing) prints a line every 50 cycles and the figures; exit status: the driver's (0 = every
# target met).
#
# It does NOT use the shared test lab (tccli/tclab, 10.234.0.0/24: other runs and CI use them): it
# makes its own pair of namespaces with tests/lab/netns.sh, and starts the lab's own start-*.sh
# servers there:
#   tcsoakc  10.237.0.1   the client; the driver runs here
#   tcsoaks  10.237.0.2   slapd 389/636/3268/3269, krb5kdc 88 tcp+udp, nginx 80/443 (+WebSocket
#                         through websocketd) and 47599 (OpenSearch-like JSON); firewall: tcp 3269
#                         dropped, tcp 47600 reset
#            10.237.0.3   no server (file share, SQL Server): tcp 445 refused by the kernel, tcp 1433
#                         dropped
# so that some links are green and some red (refused at once, or silent until the timeout).
# The profile (written to the work directory) points every component at these addresses.
# Everything is torn down on exit, also on Ctrl-C or a failure (trap): daemons by PID (stop.sh),
# the namespaces, /etc/netns/tcsoak{s,c}, the work directory (TOPOCHECK_SOAK_KEEP=1 keeps it).
# Needs root and the lab's packages (installer/debian-deps.sh test). Run it under the lab's reaper:
#   python3 tests/lab/reaper.py tests/soak/soak.sh build/dev 500 | tee soak.log
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
LAB=$SRC/tests/lab
BUILD=$(cd "${1:-$SRC/build/dev}" && pwd)
CYCLES=${2:-500}
INTERVAL=5                  # MonitorPanel's shortest interval
SRV_NS=tcsoaks CLI_NS=tcsoakc
NET=10.237.0
CLIENT=$NET.1 SERVER=$NET.2 EMPTY=$NET.3
KEEP=${TOPOCHECK_SOAK_KEEP:-0}
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die() { echo "soak.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (network namespaces)"
case $CYCLES in ''|*[!0-9]*) die "CYCLES must be a number, not '$CYCLES'";; esac
for n in "$SRV_NS" "$CLI_NS"; do
  "$LAB/netns.sh" exists "$n" && die "namespace $n already exists (another soak run? else: $LAB/netns.sh down $n)"
done

DRIVER=$BUILD/tests/soak/soak_driver
echo "soak.sh: building soak_driver in $BUILD"
cmake --build "$BUILD" --target soak_driver -j2 >/dev/null || die "cannot build soak_driver in $BUILD"

W="" CREATED=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  echo "soak.sh: tearing down"
  [ -n "$W" ] && [ -d "$W/pids" ] && { "$LAB/stop.sh" "$W" || true; }
  [ "$CREATED" = 1 ] && { "$LAB/netns.sh" down "$CLI_NS" "$SRV_NS" || true; }
  rm -rf "/etc/netns/$CLI_NS" "/etc/netns/$SRV_NS"
  rmdir /etc/netns 2>/dev/null || true
  if [ -n "$W" ] && [ -d "$W" ]; then
    if [ "$KEEP" = 1 ]; then echo "soak.sh: kept $W"; else rm -rf "$W"; fi
  fi
  local left=""
  for n in "$CLI_NS" "$SRV_NS"; do "$LAB/netns.sh" exists "$n" && left="$left namespace $n"; done
  for h in "${CLI_NS}0" "${SRV_NS}0"; do ip link show "$h" >/dev/null 2>&1 && left="$left interface $h"; done
  [ -n "$left" ] && { echo "soak.sh: NOT clean after teardown:$left" >&2; rc=1; }
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM HUP

W=$(mktemp -d /tmp/topocheck-soak.XXXXXX)
chmod 755 "$W"
mkdir -m 700 "$W/runtime"     # the driver's XDG_RUNTIME_DIR (Qt wants 0700)
echo "soak.sh: work directory $W"
CREATED=1
"$LAB/netns.sh" pair "$SRV_NS" "$CLI_NS" "$CLIENT" "$SERVER" "$EMPTY"
# names resolve only from these files, and no DNS query leaves (nothing listens on 127.0.0.1:53)
mkdir -p "/etc/netns/$CLI_NS" "/etc/netns/$SRV_NS"
printf '127.0.0.1 localhost\n' > "/etc/netns/$CLI_NS/hosts"
printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$(uname -n)" > "/etc/netns/$SRV_NS/hosts"
for n in "$CLI_NS" "$SRV_NS"; do printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "/etc/netns/$n/resolv.conf"; done
"$LAB/netns.sh" firewall "$SRV_NS" <<EOF
table inet tcsoak_fw {
  chain input {
    type filter hook input priority filter; policy accept;
    ip daddr $SERVER tcp dport 3269 drop
    ip daddr $SERVER tcp dport 47600 reject with tcp reset
    ip daddr $EMPTY tcp dport 1433 drop
  }
}
EOF

"$LAB/certs.sh" "$W/pki" "IP:$SERVER" > "$W/certs.out"
export NETNS=$SRV_NS
start() { # LABEL SCRIPT ARGS...
  local label=$1 s=$2 pid; shift 2
  pid=$("$LAB/start-$s.sh" "$@") || die "$label did not start (start-$s.sh)"
  printf '  %-12s pid %s\n' "$label" "$pid"
}
echo "soak.sh: starting the servers in $SRV_NS"
start slapd      slapd      "$W" "$SERVER" "$W/pki"
start krb5kdc    krb5kdc    "$W" "$SERVER"
start websocketd websocketd "$W" 127.0.0.1 8080
start nginx      nginx      "$W" "$SERVER" "$W/pki"
unset NETNS

cat > "$W/soak-profile.json" <<EOF
{
  "format": "topocheck-profile/1",
  "name": "Soak (tests/soak)",
  "template": "automation360",
  "vantage": "all",
  "hosts": {
    "control-room": ["$SERVER"],
    "load-balancer": ["$SERVER"],
    "active-directory": ["$SERVER"],
    "file-share": ["$EMPTY"],
    "sql-server": ["$EMPTY"]
  },
  "options": {"timeout_ms": 800, "concurrency": 256, "kerberos_realm": "TEST.LOCAL",
              "ca_file": "$W/pki/ca.pem"}
}
EOF

echo "soak.sh: $CYCLES monitor cycles at $INTERVAL s from $CLI_NS (about $(( CYCLES * (INTERVAL + 1) / 60 )) minutes)"
set +e
ip netns exec "$CLI_NS" env QT_QPA_PLATFORM=offscreen HOME="$W" XDG_RUNTIME_DIR="$W/runtime" \
  "$DRIVER" "$W/soak-profile.json" "$CYCLES" "$INTERVAL"
rc=$?
set -e
echo "soak.sh: driver exit status $rc"
exit "$rc"
