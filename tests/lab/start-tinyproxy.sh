#!/bin/bash
# start-tinyproxy.sh WORKDIR ADDR PORT [CONNECT_PORTS]
# Debian's tinyproxy as the HTTP proxy that Bot Agents and browsers are told to use, on ADDR:PORT.
#   Plain HTTP (GET http://host/...) is always forwarded.
#   CONNECT (the tunnel used for https:// and wss://) is allowed to the ports in CONNECT_PORTS
#   (space-separated; default "443"). tinyproxy only knows an allow list: to refuse CONNECT to 443
#   pass another port, e.g. "563" -- the client then gets "HTTP/1.0 403 Access violation".
# Names are resolved inside the namespace: ip netns exec bind-mounts /etc/netns/NS/hosts (lab.sh).
# tinyproxy starts as root and works as the "tinyproxy" user: its log and pid file are in
# WORKDIR/NAME, owned by that user. -d keeps it in the foreground.
# Env BASIC_AUTH="USER PASSWORD": every request needs Proxy-Authorization (Basic), else
#   "407 Proxy Authentication Required" with Proxy-Authenticate: Basic realm="Tinyproxy" (CONNECT too).
# Env FILTER="REGEX ...": requests for matching host names get tinyproxy's own "403 Filtered" page.
# Env: NETNS, NAME (default tinyproxy). Prints the PID once a proxied HTTP request is answered
# by the proxy itself (an "Access violation"/"Unable to connect" page proves tinyproxy answered).
source "$(dirname "$0")/lib.sh"
need_args $# 3
W=$1 A=$2 P=$3 CP=${4:-443}
svc_dir tinyproxy
chown tinyproxy:tinyproxy "$D"
{
  printf 'User tinyproxy\nGroup tinyproxy\nListen %s\nPort %s\nTimeout 60\nMaxClients 64\n' "$A" "$P"
  printf 'LogFile "%s/tinyproxy.log"\nLogLevel Info\nPidFile "%s/tinyproxy.pid"\n' "$D" "$D"
  printf 'DefaultErrorFile "/usr/share/tinyproxy/default.html"\nViaProxyName "labproxy"\n'
  for c in $CP; do printf 'ConnectPort %s\n' "$c"; done
  [ -n "${BASIC_AUTH:-}" ] && printf 'BasicAuth %s\n' "$BASIC_AUTH"
  if [ -n "${FILTER:-}" ]; then
    tr ' ' '\n' <<< "$FILTER" > "$D/filter"
    printf 'Filter "%s/filter"\nFilterType ere\n' "$D"
  fi
  true
} > "$D/tinyproxy.conf"
launch tinyproxy -d -c "$D/tinyproxy.conf"
# readiness: the proxy's own answer to a request for a port where nothing listens (no upstream needed)
ready 10 bash -c 'curl -sS --max-time 2 -o /dev/null -w "%{http_code}" -x "http://$0:$1" http://127.0.0.1:9/ | grep -qE "^(4|5)[0-9][0-9]$"' "$A" "$P"
