#!/bin/bash
# start-tds-server.sh WORKDIR ADDR CERTDIR [PORT=MODE[:CERT]...]
# Topocheck's TDS test server (servers/tds_server.py: python3 stdlib, no SQL Server runs on Debian) on
# ADDR, one listener per port and mode: PRELOGIN with ENCRYPT_OFF / ON / REQ / NOT_SUP and the TLS
# handshake inside PRELOGIN packets, or SQL Server 2022 strict encryption (TLS first, ALPN tds/8.0);
# CERT is a leaf of certs.sh in CERTDIR (default valid). Default ports, as lab.sh starts it:
#   14330 off  14331 on  14332 req  14333 notsup  14334 strict  14335 strict-alert  14336 req:expired
#   14337 on:selfsigned
# Env: NETNS, NAME (default tds-server). Prints the server PID once the NOT_SUP port answers a PRELOGIN
# (every port is bound before any is served).
source "$(dirname "$0")/lib.sh"
need_args $# 3
W=$1 A=$2 C=$3; shift 3
[ $# -gt 0 ] || set -- 14330=off 14331=on 14332=req 14333=notsup 14334=strict 14335=strict-alert 14336=req:expired 14337=on:selfsigned
probe=""
for s in "$@"; do [ "${s#*=}" = notsup ] && probe=${s%%=*}; done
[ -n "$probe" ] || die "needs a notsup port to tell when it is ready"
svc_dir tds-server
launch "$PY" "$LAB/servers/tds_server.py" "$A" "$C" "$@"
ready 10 "$PY" "$LAB/probes/tds_prelogin.py" "$A" "$probe"
