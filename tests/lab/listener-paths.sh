#!/bin/bash
# listener-paths.sh up TOPOCHECK_EXE WORKDIR
#     In the lab's server namespace (tclab): the address 10.234.0.20 on tclab0; a plain TCP server
#     holding 10.234.0.20:47599 first (a port in use); nftables table `inet tclisten` that drops
#     TCP 4567, rejects TCP 47600 with a reset and answers TCP 4575 with a SYN proxy (nothing listens
#     there: the listener's profile moves that flow to 14575); then `TOPOCHECK_EXE --listen --as
#     control-room --address 10.234.0.20` with WORKDIR/listen-profile.json. Prints KEY=value lines:
#     listener_pid, holder_pid, synproxy (yes, or "missing: <nft's error>").
# listener-paths.sh down WORKDIR
#     Stops the listener as Ctrl-C does (SIGINT), then the holder; removes the table, the address and
#     the sysctl change. Prints the listener's exit status and what `ss -lntu` still shows bound on
#     10.234.0.20 in tclab ("bound: none"); exits 1 when something is left.
# Needs root and the lab (tests/lab/lab.sh up). Used by tst_listener_lab.
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
NS=tclab ADDR=10.234.0.20 TABLE=tclisten
cmd=${1:-}
die() { echo "listener-paths.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
ip netns list | awk '{print $1}' | grep -qx "$NS" || die "no namespace $NS: is the lab up (tests/lab/lab.sh up)?"
bound() { ip netns exec "$NS" ss -Hlntu "src $ADDR" | awk '{print $1, $5}' | sort | tr '\n' ';'; }

case $cmd in
up)
  [ $# = 3 ] || die "usage: listener-paths.sh up TOPOCHECK_EXE WORKDIR"
  EXE=$2 W=$3
  [ -x "$EXE" ] || die "$EXE is not an executable"
  mkdir -p "$W"
  ip -n "$NS" addr add "$ADDR/24" dev "${NS}0" 2>/dev/null || true
  # a port in use before the listener starts: it must skip it and name the process
  ip netns exec "$NS" setsid /usr/bin/python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 47599)); s.listen(16); print("ready", flush=True)
held = []
while True:
    c, _ = s.accept(); held.append(c)  # accepts and says nothing
    held = held[-64:]
' "$ADDR" < /dev/null > "$W/holder.out" 2>&1 &
  echo $! > "$W/holder.pid"
  for _ in $(seq 100); do grep -q ready "$W/holder.out" 2>/dev/null && break; sleep 0.05; done
  grep -q ready "$W/holder.out" || die "the port holder did not start: $(cat "$W/holder.out")"

  ip netns exec "$NS" nft -f - <<EOF2
table inet $TABLE {
  chain input {
    type filter hook input priority filter - 5; policy accept;
    ip daddr $ADDR tcp dport 4567 drop
    ip daddr $ADDR tcp dport 47600 reject with tcp reset
  }
}
EOF2
  # the SYN proxy: the kernel completes the handshake itself where nothing listens
  synproxy=yes
  cat /proc/sys/net/netfilter/nf_conntrack_tcp_loose > "$W/tcp_loose" 2>/dev/null || true
  if ! err=$(ip netns exec "$NS" sysctl -qw net.netfilter.nf_conntrack_tcp_loose=0 2>&1 && ip netns exec "$NS" nft -f - 2>&1 <<EOF2
table inet $TABLE {
  chain prerouting {
    type filter hook prerouting priority raw; policy accept;
    ip daddr $ADDR tcp dport 4575 tcp flags syn notrack
  }
  chain input {
    ip daddr $ADDR tcp dport 4575 ct state invalid,untracked synproxy mss 1460 wscale 7 timestamp sack-perm
    ip daddr $ADDR tcp dport 4575 ct state invalid drop
  }
}
EOF2
  ); then
    synproxy="missing: $(echo "$err" | head -n 3 | tr '\n' ' ')"
  fi

  cat > "$W/listen-profile.json" <<EOF2
{"format": "topocheck-profile/1", "name": "listener lab", "template": "automation360",
 "hosts": {"control-room": ["$ADDR"]}, "ports": {"cluster-monitoring": 14575}}
EOF2
  ip netns exec "$NS" setsid "$EXE" --listen --profile "$W/listen-profile.json" --as control-room \
    --address "$ADDR" --duration-s 600 < /dev/null > "$W/listener.out" 2>&1 &
  echo $! > "$W/listener.pid"
  for _ in $(seq 200); do
    case "$(bound)" in *":47200;"*) break;; esac
    kill -0 "$(cat "$W/listener.pid")" 2>/dev/null || die "the listener exited: $(tail -n 20 "$W/listener.out")"
    sleep 0.05
  done
  case "$(bound)" in *":47200;"*) ;; *) die "the listener holds no port after 10 s: $(tail -n 20 "$W/listener.out")";; esac
  echo "listener_pid=$(cat "$W/listener.pid")"
  echo "holder_pid=$(cat "$W/holder.pid")"
  echo "synproxy=$synproxy"
  ;;
down)
  [ $# = 2 ] || die "usage: listener-paths.sh down WORKDIR"
  W=$2 rc=0
  if [ -s "$W/listener.pid" ]; then
    pid=$(cat "$W/listener.pid")
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "listener: still running 10 s after SIGINT, killed"; kill -KILL "$pid"; rc=1; fi
    wait "$pid" 2>/dev/null || true
    rm -f "$W/listener.pid"
    echo "listener_stopped=yes"
  fi
  # the listener alone (the holder still runs): nothing of it may stay bound
  left=$(bound | tr ';' '\n' | grep -v ':47599$' | tr '\n' ' ' || true)
  echo "bound_after_listener: ${left:-none}"
  [ -z "${left// }" ] || rc=1
  if [ -s "$W/holder.pid" ]; then
    kill -TERM "$(cat "$W/holder.pid")" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$(cat "$W/holder.pid")" 2>/dev/null || break; sleep 0.1; done
    rm -f "$W/holder.pid"
  fi
  ip netns exec "$NS" nft delete table inet "$TABLE" 2>/dev/null || true
  [ -s "$W/tcp_loose" ] && ip netns exec "$NS" sysctl -qw net.netfilter.nf_conntrack_tcp_loose="$(cat "$W/tcp_loose")" || true
  ip -n "$NS" addr del "$ADDR/24" dev "${NS}0" 2>/dev/null || true
  left=$(bound)
  echo "bound: ${left:-none}"
  [ -z "$left" ] || rc=1
  exit $rc
  ;;
*)
  sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2 ;;
esac
