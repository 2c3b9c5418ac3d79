#!/bin/bash
# start-udp-responder.sh WORKDIR ADDR PORT
# servers/udp_responder.py on ADDR:PORT/udp: every datagram gets a non-Kerberos (HTTP-looking) reply.
# The lab uses it on the impostor's udp/88: "something else answers on the Kerberos port".
# Env: NETNS, NAME (default udp-responder). Prints the PID once a datagram gets its answer.
source "$(dirname "$0")/lib.sh"
need_args $# 3
W=$1 A=$2 P=$3
svc_dir udp-responder
launch "$PY" "$LAB/servers/udp_responder.py" "$A" "$P"
ready 10 "$PY" -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.5)
s.sendto(b"ping", (sys.argv[1], int(sys.argv[2])))
sys.exit(0 if s.recv(512).startswith(b"HTTP/1.0 400") else 1)' "$A" "$P"
