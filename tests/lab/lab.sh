#!/bin/bash
# lab.sh up|down|status -- Topocheck's integration-test lab: real servers in network namespaces.
#
#   up      build the whole topology (below), start every daemon, wait until each one answers at
#           protocol level, write /run/topocheck-lab/env and /run/topocheck-lab/ca.pem. Leftovers of
#           an earlier (crashed) run are torn down first. Prints each service's readiness time and the
#           total; on failure names the service, tears everything down again and exits 1.
#   down    stop every recorded daemon (by PID), delete the namespaces and the veth pair,
#           /etc/netns/{tccli,tclab}, /run/topocheck-lab and the work directory; verify that nothing is
#           left (exit 1 naming what is, if anything)
#   status  what runs, one line per daemon; exit 0 only if the lab is up and every daemon alive
#
# Topology (fixed: the lab tests are written against these names and addresses):
#   tccli  10.234.0.1/24   the client; tests run here: ip netns exec tccli <test>
#          fd00:234::1/64, fe80::1
#   tclab  10.234.0.2-9    the servers (veth tccli0 <-> tclab0, no default route)
#          fd00:234::2, ::9, fe80::9
#     .2 dc1/files/sql/cr1/lb/mail.lab.test, lab.test.local: slapd 389/636/3268/3269, krb5kdc 88
#        tcp+udp, smbd 445, tdspool 1433, TDS test server 14330-14337, nginx 80/443 (+WebSocket) and 47599 (OpenSearch-like JSON),
#        gRPC health 5678 (h2c) and 5680 (headers of an Azure Application Gateway), nghttpd 5679 (h2c), rabbitmq 5672, exim4 587, sshd 22, xrdp 3389,
#        exim4 with a 2 s greeting 2525/2526, nginx HTTPS 9443 (second CA); lb.lab.test. also resolves
#        tinyproxy 3128 (CONNECT to 443 allowed) and 3129 (CONNECT to 443 refused, cr2 filtered),
#        3130 (BasicAuth: 407); nginx load-balancer cases 8081-8085, 9201-9203 (start-nginx.sh LB_CASES)
#        firewall: tcp 3269 dropped, tcp 47600 reset, tcp 4575 admin-prohibited, udp 1434 dropped;
#        tcp 4569 and udp 464 refused by the kernel (no listener)
#     .3 expired / .4 wrongname / .5 selfsigned / .6 expiring.lab.test: nginx HTTPS 443
#     .7 impostor.lab.test: HTML on the service ports, udp 88 answers non-Kerberos bytes
#     .8 smb1.lab.test: smbd speaking SMB1 (NT1) only      .9 cr2.lab.test: bare TCP listeners
#     dual.lab.test: .2 and fd00:234::2, every IPv6 packet to which is dropped
#     fd00:234::9 v6.lab.test and fe80::9: tcp 4567 listener, every other port refused
#   README.md has the full table.
# Env: TOPOCHECK_LAB_KEEP=1 keeps the work directory (configs, logs) on down and after a failed up.
# Needs root and the packages of installer/debian-deps.sh test. One lab per machine.
set -euo pipefail
LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
SRV_NS=tclab CLI_NS=tccli
NET=10.234.0
CLIENT=$NET.1 SERVER=$NET.2 EXPIRED=$NET.3 WRONG=$NET.4 SELF=$NET.5 SOON=$NET.6
IMPOSTOR=$NET.7 SMB1=$NET.8 CR2=$NET.9
# IPv6 (ULA and link-local) on the same veth pair: a dual-address name whose IPv6 address is dropped
NET6=fd00:234:
CLIENT6=$NET6:1 CLIENT_LL=fe80::1 DUAL6=$NET6:2 V6=$NET6:9 V6_LL=fe80::9
RUN=/run/topocheck-lab
LOCK=/run/lock/topocheck-lab.lock
KEEP=${TOPOCHECK_LAB_KEEP:-0}

die() { echo "lab.sh: $*" >&2; exit 1; }
now() { date +%s%N; }
ms() { echo $(( ($(now) - $1) / 1000000 )); }
ns_exists() { ip netns list | awk '{print $1}' | grep -qx -- "$1"; }
pstat() { local s; s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; echo "${s##*) }"; }
alive() { local s; s=$(pstat "$1") || return 1; case ${s%% *} in Z|X|x) return 1;; esac; }

lock() {
  mkdir -p "$(dirname "$LOCK")"
  exec 9>"$LOCK"
  flock -w 600 9 || die "another lab.sh holds $LOCK"
}

# ---------------------------------------------------------------------------------------------- down
# every trace of a lab: daemons (by recorded PID), namespaces, veth, /etc/netns, /run/topocheck-lab
teardown() {
  local w="" d
  [ -r "$RUN/workdir" ] && w=$(cat "$RUN/workdir")
  NS_INODES=""
  for n in "$CLI_NS" "$SRV_NS"; do
    ns_exists "$n" && NS_INODES="$NS_INODES $(stat -L -c %i "/run/netns/$n" 2>/dev/null || true)"
  done
  # daemons of this run
  [ -n "$w" ] && [ -d "$w/pids" ] && { "$LAB/stop.sh" "$w" || true; }
  # daemons of an earlier run whose record was lost (same directory naming, pid files still there)
  for d in /tmp/topocheck-lab.*; do
    [ "$d" != "$w" ] && compgen -G "$d/pids/*.pid" >/dev/null || continue
    "$LAB/stop.sh" "$d" || true
    [ "$KEEP" = 1 ] || rm -rf "$d"
  done
  "$LAB/netns.sh" down "$CLI_NS" "$SRV_NS"
  for h in "${CLI_NS}0" "${SRV_NS}0"; do ip link show "$h" >/dev/null 2>&1 && ip link del "$h"; done
  rm -rf "/etc/netns/$CLI_NS" "/etc/netns/$SRV_NS" "$RUN"
  rmdir /etc/netns 2>/dev/null || true
  if [ -n "$w" ] && [ -d "$w" ]; then
    if [ "$KEEP" = 1 ]; then echo "lab.sh: kept the work directory $w"; else rm -rf "$w"; fi
  fi
  LAST_WORKDIR=$w
}

# what is left of a lab (one line each); empty = nothing
leftovers() {
  local p ino
  for n in "$CLI_NS" "$SRV_NS"; do ns_exists "$n" && echo "namespace $n"; done
  for h in "${CLI_NS}0" "${SRV_NS}0"; do ip link show "$h" >/dev/null 2>&1 && echo "interface $h"; done
  for f in "/etc/netns/$CLI_NS" "/etc/netns/$SRV_NS" "$RUN"; do [ -e "$f" ] && echo "file $f"; done
  # processes still inside a deleted namespace (a namespace lives on while a process uses it)
  for ino in ${NS_INODES:-}; do
    for p in /proc/[0-9]*; do
      [ "$(readlink "$p/ns/net" 2>/dev/null)" = "net:[$ino]" ] && echo "process ${p#/proc/} in a lab namespace: $(tr '\0' ' ' < "$p/cmdline" 2>/dev/null | cut -c1-100)"
    done
  done
  # processes whose command line mentions the work directory
  if [ -n "${LAST_WORKDIR:-}" ]; then
    ps -e -o pid=,stat=,args= | awk -v w="$LAST_WORKDIR/" '$2 !~ /^[ZX]/ && index($0, w) && !/awk/ {print "process " $1 ": " substr($0, 1, 120)}'
  fi
  return 0
}

down() {
  local t left
  t=$(now)
  lock
  teardown
  left=$(leftovers)
  if [ -n "$left" ]; then echo "lab.sh down: NOT clean after $(ms "$t") ms:"; echo "$left" | sed 's/^/  /'; exit 1; fi
  echo "lab.sh down: nothing left ($(ms "$t") ms)"
}

# ------------------------------------------------------------------------------------------------ up
hosts_file() { # the lab's names, as the client resolves them
  cat <<EOF
127.0.0.1 localhost
$SERVER dc1.lab.test files.lab.test sql.lab.test cr1.lab.test lb.lab.test mail.lab.test lab.test.local
$EXPIRED expired.lab.test
$WRONG wrongname.lab.test
$SELF selfsigned.lab.test
$SOON expiring.lab.test
$IMPOSTOR impostor.lab.test
$SMB1 smb1.lab.test
$CR2 cr2.lab.test
$SERVER lb.lab.test.
$SERVER dual.lab.test
$DUAL6 dual.lab.test
$V6 v6.lab.test
EOF
}

W="" RABBIT="" CURRENT="" UP_OK=0
on_up_exit() {
  local rc=$?
  [ "$UP_OK" = 1 ] && return 0
  trap - EXIT
  echo "lab.sh up: FAILED at: ${CURRENT:-start} (after $(ms "$T0") ms)" >&2
  if [ -n "$RABBIT" ] && alive "$RABBIT"; then kill -TERM "$RABBIT" 2>/dev/null || true; wait "$RABBIT" 2>/dev/null || true; fi
  [ -n "$W" ] && [ -s "$W/rabbitmq.err" ] && { echo "start-rabbitmq.sh said:" >&2; tail -n 20 "$W/rabbitmq.err" >&2; }
  teardown >/dev/null 2>&1 || true
  [ -n "$(leftovers)" ] && { echo "lab.sh up: teardown after the failure left:" >&2; leftovers >&2; }
  exit $(( rc == 0 ? 1 : rc ))
}

start() { # LABEL SCRIPT ARGS...: run start-SCRIPT.sh, print the PID(s) and the time until ready
  local label=$1 s=$2 t pid; shift 2
  CURRENT="$label (start-$s.sh)"; t=$(now)
  pid=$("$LAB/start-$s.sh" "$@" 9>&-) || exit 1
  printf '  %-22s pid %-7s ready after %5d ms\n' "$label" "$pid" "$(ms "$t")"
}

up() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  local t n trab rpid rdone san=()
  T0=$(now)
  lock
  trap on_up_exit EXIT
  trap 'exit 130' INT; trap 'exit 143' TERM HUP; trap 'exit 141' PIPE
  CURRENT="teardown of an earlier lab"
  if [ -n "$(leftovers)" ] || compgen -G '/tmp/topocheck-lab.*/pids/*.pid' >/dev/null; then
    echo "lab.sh up: an earlier lab is still there, tearing it down first"
    teardown; [ -z "$(leftovers)" ] || { leftovers >&2; exit 1; }
  fi
  W=$(mktemp -d /tmp/topocheck-lab.XXXXXX)
  chmod 755 "$W"                    # exim and tinyproxy work as unprivileged users: need o+x
  mkdir -p "$RUN"; echo "$W" > "$RUN/workdir"
  echo "lab.sh up: work directory $W"

  CURRENT="namespaces (netns.sh pair)"; t=$(now)
  "$LAB/netns.sh" pair "$SRV_NS" "$CLI_NS" "$CLIENT,$CLIENT6,$CLIENT_LL" "$SERVER" "$EXPIRED" "$WRONG" "$SELF" "$SOON" "$IMPOSTOR" "$SMB1" "$CR2" \
    "$DUAL6" "$V6" "$V6_LL"
  # ip netns exec bind-mounts /etc/netns/NS/* over /etc/*: lab names resolve, every other name fails
  # at once (nothing listens on 127.0.0.1:53), and no DNS query leaves the namespaces
  mkdir -p "/etc/netns/$CLI_NS" "/etc/netns/$SRV_NS"
  hosts_file > "/etc/netns/$CLI_NS/hosts"
  { hosts_file; echo "127.0.1.1 $(uname -n)"; } > "/etc/netns/$SRV_NS/hosts"    # daemons look up their host name
  for n in "$CLI_NS" "$SRV_NS"; do printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "/etc/netns/$n/resolv.conf"; done
  # tdspool has no listen-address option and binds 0.0.0.0, which would take 1433 from the impostor
  # (.7): it listens on 11433 and .2:1433 is translated to it; 11433 is closed to anything else
  "$LAB/netns.sh" firewall "$SRV_NS" <<EOF
table inet tclab_fw {
  chain input {
    type filter hook input priority filter; policy accept;
    ip daddr $SERVER tcp dport 3269 drop
    ip daddr $SERVER tcp dport 47600 reject with tcp reset
    ip daddr $SERVER tcp dport 4575 reject with icmpx type admin-prohibited
    ip daddr $SERVER udp dport 1434 drop
    iifname != "lo" tcp dport 11433 ct status & dnat == 0 reject with tcp reset
    ip6 daddr $DUAL6 drop
  }
}
table ip tclab_nat {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    ip daddr $SERVER tcp dport 1433 dnat to $SERVER:11433
  }
}
EOF
  printf '  %-22s %5d ms\n' "namespaces+firewall" "$(ms "$t")"

  export NETNS=$SRV_NS
  # rabbitmq is the slow one (6-18 s on 2 cores, needs no certificate): started first, in the
  # background; its script is waited for by PID (a bare `wait` would wait for the daemons too).
  # Its stdout gets the broker PID.
  trab=$(now)
  "$LAB/start-rabbitmq.sh" "$W" "$SERVER" > "$W/rabbitmq.started" 2> "$W/rabbitmq.err" 9>&- &
  RABBIT=$!
  CURRENT="certificates (certs.sh)"; t=$(now)
  for n in dc1 files sql cr1 lb mail expired selfsigned expiring impostor smb1 cr2 dual; do san+=("DNS:$n.lab.test"); done
  san+=(DNS:lab.test.local)
  for n in "$SERVER" "$EXPIRED" "$SELF" "$SOON" "$IMPOSTOR" "$SMB1" "$CR2"; do san+=("IP:$n"); done
  "$LAB/certs.sh" "$W/pki" "${san[@]}" > "$W/certs.out"
  printf '  %-22s %5d ms\n' "certificates" "$(ms "$t")"

  echo "lab.sh up: starting the other servers in $SRV_NS"
  start slapd                slapd       "$W" "$SERVER" "$W/pki"
  start krb5kdc              krb5kdc     "$W" "$SERVER"
  start smbd                 smbd        "$W" "$SERVER"
  NAME=smbd-nt1 start "smbd-nt1 (SMB1, .8)" smbd "$W" "$SMB1" 445 NT1 NT1
  start "tdspool (1433)"     tdspool     "$W" 11433
  start "tds-server (1433x)" tds-server  "$W" "$SERVER" "$W/pki"
  start websocketd           websocketd  "$W" 127.0.0.1 8080
  TLS_VARIANTS="expired@$EXPIRED:443 wrongname@$WRONG:443 selfsigned@$SELF:443 expiring@$SOON:443" \
  LB_CASES=1 LB_CASES_TLS="expired@$EXPIRED:8443" \
    start "nginx (.2-.6)"    nginx       "$W" "$SERVER" "$W/pki"
  start "impostor (.7)"      impostor    "$W" "$IMPOSTOR" "$W/pki"
  NAME=impostor-udp88 start "impostor udp/88" udp-responder "$W" "$IMPOSTOR" 88
  start "cr2 listeners (.9)" tcp-listeners "$W" "$CR2" 4575 5672 47100-47200 47500-47598 47599 47600 4567 4569-4571 5800-5900
  NAME=v6-listener start "v6 listener (::9)" tcp-listeners "$W" "$V6" 4567
  NAME=v6-ll-listener start "fe80::9 listener" tcp-listeners "$W" "$V6_LL%${SRV_NS}0" 4567
  start sshd                 sshd        "$W" "$SERVER"
  start exim4                exim4       "$W" "$SERVER" "$W/pki"
  # greeting held back 2 s; 2526 does not advertise PIPECONNECT (early talkers get 554); a server whose
  # certificate comes from a second CA, which tst_protocols_mail_tls puts into the system store
  NAME=exim4-slow GREETING_DELAY=2 STRICT_PORT=2526 start "exim4 slow (2525/2526)" exim4 "$W" "$SERVER" "$W/pki" 2525
  start "nginx-ca2 (9443)"   nginx-ca2   "$W" "$SERVER" "$W/pki" 9443
  start xrdp                 xrdp        "$W" "$SERVER" "$W/pki"
  start "grpc-health (5678)" grpc-health "$W" "$SERVER" 5678
  NAME=grpc-appgw start "grpc App Gateway (5680)" grpc-health "$W" "$SERVER" 5680 --app-gateway
  start "nghttpd (5679)"     nghttpd     "$W" "$SERVER" 5679
  start "amqp10 (5673)"      amqp10      "$W" "$SERVER" 5673
  NAME=proxy-3128 start "tinyproxy 3128"  tinyproxy "$W" "$SERVER" 3128 443
  NAME=proxy-3129 FILTER='^cr2\.lab\.test$' start "tinyproxy 3129"  tinyproxy "$W" "$SERVER" 3129 563
  NAME=proxy-3130 BASIC_AUTH="lab labpass" start "tinyproxy 3130 (auth)" tinyproxy "$W" "$SERVER" 3130 443
  CURRENT="rabbitmq (start-rabbitmq.sh)"
  wait "$RABBIT" || exit 1
  RABBIT=""
  read -r rpid < "$W/rabbitmq.started"
  rdone=$(stat -c %.3Y "$W/rabbitmq.started"); rdone=${rdone/./}
  printf '  %-22s pid %-7s ready after %5d ms (started first, in the background)\n' rabbitmq "$rpid" $(( rdone - trab / 1000000 ))
  unset NETNS

  CURRENT="writing $RUN/env"
  cp "$W/pki/ca.pem" "$RUN/ca.pem"
  cat > "$RUN/env.tmp" <<EOF
TOPOCHECK_LAB_WORKDIR=$W
TOPOCHECK_LAB_CA=$W/pki/ca.pem
TOPOCHECK_LAB_CA_COPY=$RUN/ca.pem
TOPOCHECK_LAB_CLIENT_NS=$CLI_NS
TOPOCHECK_LAB_SERVER_NS=$SRV_NS
TOPOCHECK_LAB_CLIENT=$CLIENT
TOPOCHECK_LAB_SERVER=$SERVER
TOPOCHECK_LAB_EXPIRED=$EXPIRED
TOPOCHECK_LAB_WRONGNAME=$WRONG
TOPOCHECK_LAB_SELFSIGNED=$SELF
TOPOCHECK_LAB_EXPIRING=$SOON
TOPOCHECK_LAB_IMPOSTOR=$IMPOSTOR
TOPOCHECK_LAB_SMB1=$SMB1
TOPOCHECK_LAB_CR2=$CR2
TOPOCHECK_LAB_CLIENT6=$CLIENT6
TOPOCHECK_LAB_CLIENT_LL=$CLIENT_LL%${CLI_NS}0
TOPOCHECK_LAB_DUAL6=$DUAL6
TOPOCHECK_LAB_V6=$V6
TOPOCHECK_LAB_V6_LL=$V6_LL%${CLI_NS}0
TOPOCHECK_LAB_PROXY=http://$SERVER:3128
TOPOCHECK_LAB_PROXY_NO_CONNECT=http://$SERVER:3129
TOPOCHECK_LAB_PROXY_AUTH=http://$SERVER:3130
TOPOCHECK_LAB_REALM=TEST.LOCAL
TOPOCHECK_LAB_KRB5_CONFIG=$W/krb5kdc/krb5.conf
TOPOCHECK_LAB_KRB_USER=alice
TOPOCHECK_LAB_KRB_PASSWORD=alicepass
TOPOCHECK_LAB_LDAP_BASE=dc=test,dc=local
TOPOCHECK_LAB_LDAP_USER=cn=alice,dc=test,dc=local
TOPOCHECK_LAB_LDAP_PASSWORD=alicepass
TOPOCHECK_LAB_SMB_SHARE=pub
TOPOCHECK_LAB_SSH_KEY=$W/sshd/client_key
TOPOCHECK_LAB_WEBSOCKET_URL=ws://$SERVER/
TOPOCHECK_LAB_OPENSEARCH_URL=http://$SERVER:47599/
TOPOCHECK_LAB_GRPC_PORT=5678
TOPOCHECK_LAB_H2C_PORT=5679
TOPOCHECK_LAB_GRPC_APPGW_PORT=5680
TOPOCHECK_LAB_UP_SINCE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
  mv "$RUN/env.tmp" "$RUN/env"
  UP_OK=1
  echo "lab.sh up: ready in $(ms "$T0") ms; environment in $RUN/env"
}

# -------------------------------------------------------------------------------------------- status
status() {
  local w ok=0 f pid st name
  for n in "$CLI_NS" "$SRV_NS"; do
    if ns_exists "$n"; then echo "namespace $n: present"; else echo "namespace $n: MISSING"; ok=1; fi
  done
  if [ ! -r "$RUN/env" ]; then echo "$RUN/env: missing (lab not up)"; ok=1; fi
  w=$(cat "$RUN/workdir" 2>/dev/null || true)
  if [ -z "$w" ] || [ ! -d "$w/pids" ]; then echo "no work directory recorded"; exit 1; fi
  echo "work directory $w"
  for f in "$w"/pids/*.pid; do
    [ -e "$f" ] || continue
    read -r pid st < "$f"; name=$(basename "$f" .pid)
    if alive "$pid" && [ "$(pstat "$pid" | cut -d' ' -f20)" = "$st" ]; then printf '  %-16s pid %-7s running\n' "$name" "$pid"
    else printf '  %-16s pid %-7s NOT RUNNING\n' "$name" "$pid"; ok=1; fi
  done
  [ "$ok" = 0 ] && echo "lab is up" || echo "lab is NOT (fully) up"
  return "$ok"
}

case ${1:-} in
up) up ;;
down) [ "$(id -u)" = 0 ] || die "must run as root"; down ;;
status) status ;;
*) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2 ;;
esac
