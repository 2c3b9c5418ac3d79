#!/bin/bash
# start-smbd.sh WORKDIR ADDR [PORT [MIN_PROTOCOL [MAX_PROTOCOL]]]
# Samba smbd, standalone, SMB2/3 only by default (MIN_PROTOCOL SMB2_02, MAX_PROTOCOL SMB3_11), on
# ADDR:PORT (default 445), NetBIOS off, with one anonymous read-only share [pub].
#   MIN_PROTOCOL = MAX_PROTOCOL = NT1: an SMB1-only server (what an old NAS or Windows 2003 speaks);
#   its readiness check is an SMB1 NEGOTIATE that must pick "NT LM 0.12" (DialectIndex 0).
# Two instances can share a namespace (NAME=..., different ADDR): each binds only its own address.
#   smbd -F (foreground) only: -i ("interactive") serves ONE connection and exits, and
#   --no-process-group makes smbd's SIGTERM handler signal the caller's whole process group.
#   smbd spawns samba-dcerpcd on demand (first RPC, e.g. smbclient -L) in a new session; it survives
#   smbd, so its own pid file is registered for stop.sh (pids/NAME-dcerpcd.pidfile).
# Env: NETNS, NAME (default smbd). Prints the smbd PID once an SMB2 NEGOTIATE gets an answer.
source "$(dirname "$0")/lib.sh"
need_args $# 2
W=$1 A=$2 P=${3:-445} MINP=${4:-SMB2_02} MAXP=${5:-SMB3_11}
svc_dir smbd
mkdir -p "$D"/{lock,state,cache,private,run,log,ncalrpc,bind-dns,share}
echo "hello from the lab share" > "$D/share/hello.txt"
cat > "$D/smb.conf" <<EOF
[global]
    workgroup = TESTGRP
    netbios name = LABSMB
    server role = standalone server
    server min protocol = $MINP
    server max protocol = $MAXP
    smb ports = $P
    interfaces = $A
    bind interfaces only = yes
    disable netbios = yes
    name resolve order = host
    lock directory = $D/lock
    state directory = $D/state
    cache directory = $D/cache
    private dir = $D/private
    pid directory = $D/run
    ncalrpc dir = $D/ncalrpc
    binddns dir = $D/bind-dns
    passdb backend = tdbsam:$D/private/passdb.tdb
    log file = $D/log/log.%m
    log level = 1
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes
    map to guest = Bad User
    guest account = nobody
    usershare path =
[pub]
    path = $D/share
    read only = yes
    guest ok = yes
EOF
testparm -s "$D/smb.conf" >"$D/testparm.out" 2>&1 || { cat "$D/testparm.out" >&2; exit 1; }
echo "$D/run/samba-dcerpcd.pid" > "$W/pids/$N-dcerpcd.pidfile"
# smbd -F calls setsid() itself (and gives up if it already leads a session): no setsid wrapper
SETSID=0 launch smbd -F -s "$D/smb.conf"
if [ "$MAXP" = NT1 ]; then
  ready 15 bash -c '"$0" "$1" "$2" "$3" smb1 | grep -q "status=0x00000000 DialectIndex=0x0 "' "$PY" "$LAB/probes/smb_probe.py" "$A" "$P"
else
  ready 15 "$PY" "$LAB/probes/smb_probe.py" "$A" "$P"
fi
