#!/bin/bash
# engine_bench.sh ENGINE_BENCH_BINARY -- the probe engine against nmap on the Control Room cluster port set.
#
# Builds its own namespaces (not the lab's): tcbsrv holds three hosts, 10.235.0.2 listens on all 309
# cluster ports, .3 refuses them all (no listener: TCP reset), .4 drops them all (nftables); tcbcli
# (10.235.0.1) is the client. Runs the 927 checks through the real engine (timeout 1000 ms,
# concurrency 512) and the same work with `nmap -sT -Pn -n -T4`, prints the figures and checks:
# every state right, wall <= 1.25 x timeout and below nmap's, peak RSS < 60 MB, main-thread stall < 50 ms.
# Everything it created is removed on exit, failure included. Needs root, iproute2, nftables, nmap.
set -euo pipefail
BENCH=${1:?usage: engine_bench.sh ENGINE_BENCH_BINARY}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NETNS="$HERE/../lab/netns.sh"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
SRV=tcbsrv CLI=tcbcli NET=10.235.0
OPEN=$NET.2 CLOSED=$NET.3 DROP=$NET.4
TIMEOUT_MS=${BENCH_TIMEOUT_MS:-1000} CONCURRENCY=${BENCH_CONCURRENCY:-512}
PORTS=4575,5672,47100-47200,47500-47598,47599,47600,4567,4569-4571,5800-5900
WORK=$(mktemp -d /tmp/topocheck-bench.XXXXXX)
LISTENER=""

[ "$(id -u)" = 0 ] || { echo "engine_bench.sh: needs root (network namespaces)" >&2; exit 77; }
for tool in ip nft nmap; do command -v $tool >/dev/null || { echo "engine_bench.sh: $tool is missing" >&2; exit 77; }; done

cleanup() {
  local rc=$?
  set +e
  if [ -n "$LISTENER" ]; then kill "$LISTENER" 2>/dev/null; wait "$LISTENER" 2>/dev/null; fi
  "$NETNS" down "$CLI" "$SRV" 2>/dev/null
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$NETNS" down "$CLI" "$SRV" 2>/dev/null || true   # leftovers of a killed run
"$NETNS" pair "$SRV" "$CLI" "$NET.1" "$OPEN" "$CLOSED" "$DROP"
nft_ports=${PORTS//,/, }
"$NETNS" firewall "$SRV" <<EOF2
table inet tcbench {
  chain input {
    type filter hook input priority filter; policy accept;
    ip daddr $DROP tcp dport { $nft_ports } drop
  }
}
EOF2

# the listening host: one socket per port, accept and close
cat > "$WORK/listen.py" <<'EOF2'
import selectors, socket, sys
addr, spec = sys.argv[1], sys.argv[2]
ports = []
for part in spec.split(','):
    a, _, b = part.partition('-')
    ports += range(int(a), int(b or a) + 1)
sel = selectors.DefaultSelector()
for p in ports:
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, p)); s.listen(128); s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
print(len(ports), flush=True)
while True:
    for key, _ in sel.select():
        try:
            c, _ = key.fileobj.accept(); c.close()
        except OSError:
            pass
EOF2
ip netns exec "$SRV" /usr/bin/python3 "$WORK/listen.py" "$OPEN" "$PORTS" > "$WORK/listen.out" 2>&1 &
LISTENER=$!
for _ in $(seq 100); do [ -s "$WORK/listen.out" ] && break; sleep 0.05; done
[ "$(head -n1 "$WORK/listen.out")" = 309 ] || { echo "engine_bench.sh: the listener did not start: $(cat "$WORK/listen.out")" >&2; exit 1; }

echo "== topocheck engine: 927 checks, timeout $TIMEOUT_MS ms, concurrency $CONCURRENCY"
set +e
ip netns exec "$CLI" "$BENCH" "$TIMEOUT_MS" "$CONCURRENCY" "$PORTS" "$OPEN" "$CLOSED" "$DROP" > "$WORK/engine.out"
engine_rc=$?
set -e
cat "$WORK/engine.out"
get() { awk -v k="$1" '$1 == k {print $2}' "$WORK/engine.out"; }

echo "== nmap -sT -Pn -n -T4, same hosts and ports"
t0=$(date +%s%N)
ip netns exec "$CLI" nmap -sT -Pn -n -T4 -p "$PORTS" -oX "$WORK/nmap.xml" "$OPEN" "$CLOSED" "$DROP" > /dev/null
nmap_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
/usr/bin/python3 - "$WORK/nmap.xml" "$OPEN" "$CLOSED" "$DROP" > "$WORK/nmap.out" <<'EOF2'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
want = {sys.argv[2]: 'open', sys.argv[3]: 'closed', sys.argv[4]: 'filtered'}
right = 0
for host in root.iter('host'):
    addr = host.find('address').get('addr')
    counts = {}
    for e in host.iter('extraports'):
        counts[e.get('state')] = counts.get(e.get('state'), 0) + int(e.get('count'))
    for p in host.iter('port'):
        s = p.find('state').get('state')
        counts[s] = counts.get(s, 0) + 1
    right += counts.get(want[addr], 0)
    print(addr, ' '.join(f'{k}={v}' for k, v in sorted(counts.items())))
print('nmap_right', right)
EOF2
cat "$WORK/nmap.out"
echo "nmap_wall_ms $nmap_ms"

wall=$(get wall_ms); rss_kb=$(get peak_rss_kb); stall=$(get max_stall_ms); wrong=$(get wrong)
ratio=$(awk -v a="$wall" -v b="$nmap_ms" 'BEGIN {printf "%.2f", b / a}')
echo "== summary"
printf 'topocheck %d ms, nmap %d ms: topocheck is %sx faster; peak RSS %.1f MB; worst main-thread stall %d ms\n' \
  "$wall" "$nmap_ms" "$ratio" "$(awk -v k="$rss_kb" 'BEGIN {print k / 1024}')" "$stall"

fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
# A figure against its target: within it is ok; up to 1.5 times it is reported and tolerated (a noisy
# machine must not block a landing); beyond that it fails (a real regression must).
figure() { # what value target unit
  if [ "$2" -le "$3" ]; then echo "ok   $1 $2 $4 (target $3 $4)"
  elif [ $(( $2 * 2 )) -le $(( $3 * 3 )) ]; then echo "over $1 $2 $4 (target $3 $4; within 1.5 x: tolerated)"
  else echo "FAIL $1 $2 $4 (target $3 $4; beyond 1.5 x)"; fail=1; fi
}
check "every state right (927 checks, 0 wrong)" '[ "$engine_rc" = 0 ] && [ "$wrong" = 0 ]'
check "wall $wall ms < nmap $nmap_ms ms (same run)" '[ "$wall" -lt "$nmap_ms" ]'
figure "wall" "$wall" $(( TIMEOUT_MS * 125 / 100 )) ms
figure "peak RSS" "$rss_kb" $(( 60 * 1024 )) kB
figure "main-thread stall" "$stall" 50 ms
exit $fail
