#!/bin/bash
# start-impostor.sh WORKDIR ADDR CERTDIR [HTTP_PORTS [HTTPS_PORTS]]
# "Another service sits on the port": one nginx on ADDR answering plain HTTP (an HTML page) on every
# port of HTTP_PORTS and HTTPS (certificate CERTDIR/valid.pem, which names the impostor too) on every
# port of HTTPS_PORTS. Defaults: the ports of the services the app checks --
#   HTTP  389 3268 88 445 1433 5672 587 22 3389 5678 47599
#   HTTPS 636 3269
# A protocol check pointed here (LDAP, Kerberos over TCP, SMB, TDS, AMQP, SMTP, SSH, RDP, gRPC,
# OpenSearch JSON) must see the port open and the service wrong ("mismatch"). nginx answers bytes it
# cannot parse with "400 Bad Request" and waits for a request on protocols where the server speaks
# first (SSH, SMTP banners): a client must time out or detect the HTML.
# Env: NETNS, NAME (default impostor). Prints the nginx master PID once HTTP answers.
source "$(dirname "$0")/lib.sh"
need_args $# 3
W=$1 A=$2 C=$(cd "$3" && pwd)
HP=${4:-389 3268 88 445 1433 5672 587 22 3389 5678 47599} HS=${5:-636 3269}
svc_dir impostor
mkdir -p "$D/tmp"
{
  cat <<EOF2
worker_processes 1;
pid $D/nginx.pid;
error_log $D/error.log notice;
events { worker_connections 256; }
http {
  access_log $D/access.log;
  client_body_temp_path $D/tmp/body; proxy_temp_path $D/tmp/proxy; fastcgi_temp_path $D/tmp/fastcgi;
  uwsgi_temp_path $D/tmp/uwsgi; scgi_temp_path $D/tmp/scgi;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_certificate $C/valid.pem;
  ssl_certificate_key $C/valid.key;
  server {
EOF2
  for p in $HP; do printf '    listen %s:%s;\n' "$A" "$p"; done
  for p in $HS; do printf '    listen %s:%s ssl;\n' "$A" "$p"; done
  cat <<'EOF2'
    default_type text/html;
    location / {
      return 200 "<!DOCTYPE html>\n<html><head><title>Intranet portal</title></head><body><h1>Intranet portal</h1><p>lab impostor on $server_addr:$server_port</p></body></html>\n";
    }
  }
}
EOF2
} > "$D/nginx.conf"
nsexec nginx -t -q -p "$D" -c "$D/nginx.conf" -e "$D/error.log" 2>"$D/nginx-t.out" || { cat "$D/nginx-t.out" >&2; exit 1; }
launch nginx -p "$D" -c "$D/nginx.conf" -e "$D/error.log" -g 'daemon off;'
set -- $HP
ready 10 curl -fsS -o /dev/null --max-time 1 "http://$A:$1/"
