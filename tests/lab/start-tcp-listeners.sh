#!/bin/bash
# start-tcp-listeners.sh WORKDIR ADDR PORTSPEC...
# servers/tcp_listeners.py: one process accepting TCP connections on every listed port or range of
# ADDR ("4575 47100-47200 5800-5900"), saying nothing. The lab's second Control Room node (cr2):
# its cluster ports must be open, nothing more.
# Env: NETNS, NAME (default tcp-listeners). Prints the PID once the first and last ports accept.
source "$(dirname "$0")/lib.sh"
need_args $# 3
W=$1 A=$2; shift 2
svc_dir tcp-listeners
launch "$PY" "$LAB/servers/tcp_listeners.py" "$A" "$@"
first=${1%-*} last=${!#}; last=${last#*-}
ready 10 bash -c 'exec 3<>"/dev/tcp/$0/$1" 4<>"/dev/tcp/$0/$2"' "$A" "$first" "$last"
