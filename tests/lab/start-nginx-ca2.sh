#!/bin/bash
# start-nginx-ca2.sh WORKDIR ADDR CERTDIR [PORT]
# An HTTPS server (nginx, TLS 1.2/1.3, HTTP/1.1) on ADDR:PORT (default 9443) whose certificate
# (CERTDIR/ca2-valid.pem, certs.sh) is issued by the lab's SECOND CA, ca2.pem: a stand-in for a
# publicly trusted server (a public load balancer, Office 365), trusted only once a test puts ca2.pem
# into the system store. Answers every GET with 200 text.
# Env: NETNS, NAME (default nginx-ca2). Prints the nginx master PID once HTTPS answers with a chain
# that verifies against ca2.pem.
source "$(dirname "$0")/lib.sh"
need_args $# 3
W=$1 A=$2 C=$(cd "$3" && pwd) P=${4:-9443}
svc_dir nginx-ca2
mkdir -p "$D/tmp"
cat > "$D/nginx.conf" <<EOF2
worker_processes 1;
pid $D/nginx.pid;
error_log $D/error.log notice;
events { worker_connections 128; }
http {
  access_log $D/access.log;
  client_body_temp_path $D/tmp/body; proxy_temp_path $D/tmp/proxy; fastcgi_temp_path $D/tmp/fastcgi;
  uwsgi_temp_path $D/tmp/uwsgi; scgi_temp_path $D/tmp/scgi;
  ssl_protocols TLSv1.2 TLSv1.3;
  server {
    listen $A:$P ssl;
    ssl_certificate $C/ca2-valid.pem;
    ssl_certificate_key $C/ca2-valid.key;
    default_type text/plain;
    location / { return 200 "lab nginx (second CA) on \$server_addr:\$server_port\\n"; }
  }
}
EOF2
nsexec nginx -t -q -p "$D" -c "$D/nginx.conf" -e "$D/error.log" 2>"$D/nginx-t.out" || { cat "$D/nginx-t.out" >&2; exit 1; }
launch nginx -p "$D" -c "$D/nginx.conf" -e "$D/error.log" -g 'daemon off;'
ready 10 curl -fsS -o /dev/null --max-time 1 --cacert "$C/ca2.pem" --resolve "lb.lab.test:$P:$A" "https://lb.lab.test:$P/"
