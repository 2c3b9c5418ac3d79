#!/bin/bash
# start-amqp10.sh WORKDIR ADDR [PORT]
# An AMQP 1.0 endpoint (Apache Qpid Proton, python3-qpid-proton) on ADDR:PORT (default 5673) -- see
# servers/amqp10_server.py. An AMQP 0-9-1 client's protocol header gets the AMQP 1.0 header back
# ("AMQP" 0 1 0 0), then a close with amqp:connection:framing-error: what a 1.0-only broker answers.
# Env: NETNS, NAME (default amqp10). Prints the server PID once a 0-9-1 header gets the 1.0 header back.
source "$(dirname "$0")/lib.sh"
need_args $# 2
W=$1 A=$2 P=${3:-5673}
svc_dir amqp10
launch "$PY" "$LAB/servers/amqp10_server.py" "$A" "$P"
ready 15 "$PY" -c '
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1)
s.sendall(b"AMQP\x00\x00\x09\x01")
got = b""
while len(got) < 8:
    chunk = s.recv(8 - len(got))
    if not chunk:
        break
    got += chunk
sys.exit(0 if got == b"AMQP\x00\x01\x00\x00" else 1)' "$A" "$P"
