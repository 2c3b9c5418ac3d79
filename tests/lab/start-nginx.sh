#!/bin/bash
# start-nginx.sh WORKDIR ADDR CERTDIR [HTTP_PORT [HTTPS_PORT [OPENSEARCH_PORT [WS_BACKEND]]]]
# One nginx (master + 1 worker) serving:
#   http://ADDR:80/            200 text; GET /health -> {"status":"ok"}
#   https://ADDR:443/          same over TLS (CERTDIR/valid.pem), HTTP/2 or HTTP/1.1 by ALPN
#   WebSocket on both, on ANY path: a request with "Upgrade: websocket" is proxied to WS_BACKEND
#     (default 127.0.0.1:8080 = start-websocketd.sh; nginx alone cannot answer an upgrade)
#   http://ADDR:47599/         OpenSearch-like JSON: / (cluster info), /_cluster/health, 404 JSON else
# A port of 0 is not opened. Env TLS_VARIANTS="CERT@ADDR:PORT ..." adds more HTTPS listeners that use
# CERTDIR/CERT.pem, e.g. "expired@10.234.0.3:443 wrongname@10.234.0.4:443 selfsigned@10.234.0.5:443".
# nginx 1.22 (Debian 12): HTTP/2 is "listen ... ssl http2"; without ssl, "http2" is h2c with prior
# knowledge only (no "Upgrade: h2c"), and WebSocket over HTTP/2 (RFC 8441) is not supported: a wss://
# client must offer ALPN http/1.1 (or none).
# Env LB_CASES=1 adds, on ADDR, the load balancers and middleboxes the HTTP-family checks must tell apart:
#   :8081  a redirecting load balancer: everything (WebSocket upgrades too) -> 301 https://$host$uri
#   :8082  an origin with its WebSocket at /ws only: every other path 404, upgrade or not
#   :8083  a fake Azure Application Gateway (Server: Microsoft-Azure-Application-Gateway/v2 through the
#          headers-more module, ApplicationGatewayAffinity + ...CORS cookies): / 200 text, WebSocket upgrades
#   :8084  a load balancer whose backend is down: nginx's own 502 Bad Gateway
#   :8085  403 Forbidden on every path (what a proxy relays from a web server that refuses)
#   :9201  OpenSearch-like JSON behind the fake Application Gateway
#   :9202  401 as OpenSearch's security plugin answers an anonymous GET / (realm "OpenSearch Security")
#   :9203  401 with JSON from an API that is not OpenSearch (Bearer realm "api")
# and LB_CASES_TLS="CERT@ADDR:PORT ..." HTTPS listeners (CERTDIR/CERT.pem) where every path 404s, upgrade
# or not, e.g. "expired@10.234.0.3:8443". LB_CASES needs libnginx-mod-http-headers-more-filter.
# Env: NETNS, NAME (default nginx), TLS_VARIANTS, LB_CASES, LB_CASES_TLS. Prints the nginx master PID
# once HTTP answers.
source "$(dirname "$0")/lib.sh"
need_args $# 3
W=$1 A=$2 C=$(cd "$3" && pwd) P=${4:-80} PS=${5:-443} PO=${6:-47599} WSB=${7:-127.0.0.1:8080}
svc_dir nginx
mkdir -p "$D/tmp"
# the site shared by every HTTP/HTTPS listener
cat > "$D/site.conf" <<EOF
location / {
    error_page 418 = @websocket;
    if (\$http_upgrade ~* "^websocket\$") { return 418; }
    default_type text/plain;
    return 200 "lab nginx on \$server_addr:\$server_port (\$server_protocol)\\n";
}
location = /health {
    error_page 418 = @websocket;
    if (\$http_upgrade ~* "^websocket\$") { return 418; }
    default_type application/json;
    return 200 '{"status":"ok"}\\n';
}
location @websocket {
    proxy_pass http://$WSB;
    proxy_http_version 1.1;
    proxy_set_header Upgrade \$http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_set_header Host \$host;
    proxy_read_timeout 300s;
}
EOF
tls_server() { # ADDR:PORT CERTNAME
  printf '  server {\n    listen %s ssl http2;\n    ssl_certificate %s/%s.pem;\n    ssl_certificate_key %s/%s.key;\n    include %s/site.conf;\n  }\n' \
    "$1" "$C" "$2" "$C" "$2" "$D"
}
lb_cases() { # the servers of LB_CASES (above)
  local ws="proxy_pass http://$WSB; proxy_http_version 1.1; proxy_set_header Upgrade \$http_upgrade; proxy_set_header Connection upgrade;"
  local appgw='more_set_headers "Server: Microsoft-Azure-Application-Gateway/v2"; add_header Set-Cookie "ApplicationGatewayAffinityCORS=3f6c1b2e9d; Path=/; SameSite=None; Secure" always; add_header Set-Cookie "ApplicationGatewayAffinity=3f6c1b2e9d; Path=/" always;'
  cat <<EOF
  server { listen $A:8081; return 301 https://\$host\$request_uri; }
  server {
    listen $A:8082;
    location = /ws { $ws }
    location / { return 404 "no such page\\n"; }
  }
  server {
    listen $A:8083;
    $appgw
    location / {
      error_page 418 = @websocket;
      if (\$http_upgrade ~* "^websocket\$") { return 418; }
      default_type text/plain;
      return 200 "lab fake Azure Application Gateway\\n";
    }
    location @websocket { $ws }
  }
  server { listen $A:8084; location / { proxy_pass http://127.0.0.1:9; } }
  server { listen $A:8085; return 403; }
  server {
    listen $A:9201;
    $appgw
    default_type application/json;
    location = / { return 200 '{"name":"lab-node","cluster_name":"lab","version":{"distribution":"opensearch","number":"2.11.0"}}\n'; }
  }
  server {
    listen $A:9202;
    add_header WWW-Authenticate 'Basic realm="OpenSearch Security"' always;
    default_type text/plain;
    location / { return 401 "Unauthorized"; }
  }
  server {
    listen $A:9203;
    add_header WWW-Authenticate 'Bearer realm="api"' always;
    default_type application/json;
    location / { return 401 '{"message":"Unauthorized"}'; }
  }
EOF
  for v in ${LB_CASES_TLS:-}; do
    printf '  server {\n    listen %s ssl;\n    ssl_certificate %s/%s.pem;\n    ssl_certificate_key %s/%s.key;\n    return 404;\n  }\n' \
      "${v#*@}" "$C" "${v%@*}" "$C" "${v%@*}"
  done
}
{
  [ "${LB_CASES:-0}" = 1 ] && echo "load_module /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so;"
  cat <<EOF
worker_processes 1;
pid $D/nginx.pid;
error_log $D/error.log notice;
events { worker_connections 512; }
http {
  access_log $D/access.log;
  client_body_temp_path $D/tmp/body; proxy_temp_path $D/tmp/proxy; fastcgi_temp_path $D/tmp/fastcgi;
  uwsgi_temp_path $D/tmp/uwsgi; scgi_temp_path $D/tmp/scgi;
  ssl_protocols TLSv1.2 TLSv1.3;     # nginx 1.22's default still has TLSv1/1.1 and lacks 1.3
EOF
  [ "$P" != 0 ] && printf '  server {\n    listen %s:%s;\n    include %s/site.conf;\n  }\n' "$A" "$P" "$D"
  [ "$PS" != 0 ] && tls_server "$A:$PS" valid
  for v in ${TLS_VARIANTS:-}; do tls_server "${v#*@}" "${v%@*}"; done
  [ "$PO" != 0 ] && cat <<EOF
  server {   # OpenSearch-like REST endpoint (canned answers)
    listen $A:$PO;
    default_type application/json;
    location = / { return 200 '{"name":"lab-node","cluster_name":"lab","cluster_uuid":"AAAAAAAAAAAAAAAAAAAAAA","version":{"distribution":"opensearch","number":"2.11.0","build_type":"deb","minimum_wire_compatibility_version":"7.10.0","minimum_index_compatibility_version":"7.0.0"},"tagline":"The OpenSearch Project: https://opensearch.org/"}\n'; }
    location = /_cluster/health { return 200 '{"cluster_name":"lab","status":"green","timed_out":false,"number_of_nodes":1,"number_of_data_nodes":1,"active_primary_shards":0,"active_shards":0,"relocating_shards":0,"initializing_shards":0,"unassigned_shards":0}\n'; }
    location / { return 404 '{"error":{"type":"index_not_found_exception","reason":"no such index"},"status":404}\n'; }
  }
EOF
  [ "${LB_CASES:-0}" = 1 ] && lb_cases
  echo "}"
} > "$D/nginx.conf"
nsexec nginx -t -q -p "$D" -c "$D/nginx.conf" -e "$D/error.log" 2>"$D/nginx-t.out" || { cat "$D/nginx-t.out" >&2; exit 1; }
# 'daemon off': the master stays in the foreground, so $PID is the master
launch nginx -p "$D" -c "$D/nginx.conf" -e "$D/error.log" -g 'daemon off;'
if [ "$P" != 0 ]; then ready 10 curl -fsS -o /dev/null --max-time 1 "http://$A:$P/health"
else ready 10 "${TCP_OPEN[@]}" "$A" "$PS"; fi
