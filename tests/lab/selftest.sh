#!/bin/bash
# selftest.sh -- with the lab up (lab.sh up), check every promise of the topology from the client
# namespace tccli, with the reference probes in probes/ (one-line OK/FAIL results), curl, smbclient,
# kinit and ssh. Prints one line per check and ends with "N passed, N failed"; exit 1 if any failed.
# Slow negative checks (a dropped port, a server that never speaks) run in the background meanwhile.
# Needs root. Env: VERBOSE=1 prints the full output of failed checks (default: first 8 lines).
set -euo pipefail
LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
[ "$(id -u)" = 0 ] || { echo "selftest.sh: run as root" >&2; exit 1; }
[ -r /run/topocheck-lab/env ] || { echo "selftest.sh: the lab is not up (/run/topocheck-lab/env missing): lab.sh up" >&2; exit 1; }
# shellcheck disable=SC1091
source /run/topocheck-lab/env
# everything below runs inside the client namespace, where the lab's hosts/resolv.conf are mounted
if [ "$(ip netns identify $$ 2>/dev/null)" != "$TOPOCHECK_LAB_CLIENT_NS" ]; then
  exec ip netns exec "$TOPOCHECK_LAB_CLIENT_NS" "$0" "$@"
fi

PY=/usr/bin/python3 P=$LAB/probes CA=$TOPOCHECK_LAB_CA W=$TOPOCHECK_LAB_WORKDIR
SRV=$TOPOCHECK_LAB_SERVER IMP=$TOPOCHECK_LAB_IMPOSTOR CR2=$TOPOCHECK_LAB_CR2
T=$(mktemp -d /tmp/topocheck-selftest.XXXXXX)
trap 'rm -rf "$T"' EXIT
now() { date +%s%N; }
T0=$(now)
n=0 async=()

# run_check FILE NAME REGEX CMD...: run CMD (15 s max), write one result line (+ output if failed)
run_check() {
  local f=$1 name=$2 re=$3 out; shift 3
  out=$(timeout 15 "$@" 2>&1) || true
  if grep -qE -- "$re" <<<"$out"; then
    printf 'ok   %-40s %s\n' "$name" "$(grep -m1 -E -- "$re" <<<"$out" | cut -c1-140)" > "$f"
  else
    { printf 'FAIL %-40s expected /%s/\n' "$name" "$re"
      if [ "${VERBOSE:-0}" = 1 ]; then sed 's/^/     | /' <<<"$out"; else sed 's/^/     | /' <<<"$out" | head -n 8; fi; } > "$f"
  fi
}
check() { n=$((n + 1)); run_check "$T/$(printf %04d $n)" "$@"; cat "$T/$(printf %04d $n)"; }
check_bg() { n=$((n + 1)); run_check "$T/$(printf %04d $n)" "$@" & async+=("$! $T/$(printf %04d $n)"); }
section() { echo "== $*"; }

section "slow negative checks (in the background)"
check_bg "tcp/3269 on .2 dropped"            "filtered \(no-response\)"      $PY "$P/tcp_connect.py" "$SRV" 3269 1000
check_bg "udp/1434 on .2 dropped"            "no answer: timed out"          $PY "$P/krb_probe.py" "$SRV" 1434 --udp
check_bg "impostor ssh/22 is not SSH"        "^FAIL"                         $PY "$P/ssh_banner.py" "$IMP" 22
check_bg "impostor smtp/587 is not SMTP"     "^FAIL"                         $PY "$P/smtp_starttls.py" "$IMP" 587 --ca "$CA"
check_bg "smtp/2525 STARTTLS after a 2 s greeting" "^OK SMTP .*\(verified\)"  $PY "$P/smtp_starttls.py" mail.lab.test 2525 --ca "$CA"
check_bg "smtp/2526 early talker gets 554"   "^554 "                         $PY -c '
import socket, sys, time
s = socket.create_connection((sys.argv[1], 2526), timeout=6)
s.sendall(b"EHLO early.invalid\r\n")          # before the greeting: a synchronization error
buf, end = b"", time.monotonic() + 6
while b"554" not in buf and time.monotonic() < end:
    d = s.recv(4096)
    if not d: break
    buf += d
print(*[l for l in buf.decode("latin-1").splitlines() if l[:3] in ("220", "554")], sep="\n")' mail.lab.test

section "client namespace ($TOPOCHECK_LAB_CLIENT_NS) and isolation"
check "client address"                      "inet $TOPOCHECK_LAB_CLIENT/24" ip -4 -o addr show dev "${TOPOCHECK_LAB_CLIENT_NS}0"
check "no default route (client)"           "^none$"   bash -c 'ip route show default | grep . || echo none'
check "no default route (server)"           "^none$"   bash -c "ip -n $TOPOCHECK_LAB_SERVER_NS route show default | grep . || echo none"
check "nothing routed outside 10.234.0/24"  "unreachable" bash -c 'ip route get 192.0.2.1 2>&1'
check "client veth: the lab's IPv6 only"    "^fd00:234::1/64 fe80::1/64$" bash -c "ip -6 -o addr show dev ${TOPOCHECK_LAB_CLIENT_NS}0 | awk '{print \$4}' | sort | xargs"
check "server veth: the lab's IPv6 only"    "^fd00:234::2/64 fd00:234::9/64 fe80::9/64$" bash -c "ip -n $TOPOCHECK_LAB_SERVER_NS -6 -o addr show dev ${TOPOCHECK_LAB_SERVER_NS}0 | awk '{print \$4}' | sort | xargs"
check "no IPv6 default route (client)"      "^none$"   bash -c "ip -6 route show default | grep . || echo none"
check "nothing routed outside fd00:234::/64" "unreachable" bash -c 'ip -6 route get 2001:db8::1 2>&1'
check "icmp_ratelimit=0 in the server ns"   "^0$"      ip netns exec "$TOPOCHECK_LAB_SERVER_NS" cat /proc/sys/net/ipv4/icmp_ratelimit
check "resolv.conf: 127.0.0.1 only"         "^nameserver 127\.0\.0\.1$" cat /etc/resolv.conf
check "unknown name fails at once"          "^rc=2 fast$" bash -c 's=$(date +%s%N); getent hosts no-such-host.example.invalid; rc=$?; [ $(( ($(date +%s%N) - s) / 1000000 )) -lt 1500 ] && echo "rc=$rc fast" || echo "rc=$rc slow"'
for nm in dc1 files sql cr1 lb mail; do check "name $nm.lab.test" "^$SRV " getent hosts "$nm.lab.test"; done
check "name lab.test.local"                 "^$SRV "   getent hosts lab.test.local
i=3; for nm in expired wrongname selfsigned expiring impostor smb1 cr2; do
  check "name $nm.lab.test" "^10\.234\.0\.$i " getent hosts "$nm.lab.test"; i=$((i + 1))
done

section "10.234.0.2: open ports"
for p in 389 636 3268 88 445 1433 80 443 5672 587 22 3389 47599 5678 5679 3128 3129 \
         5673 5680 2525 2526 9443 3130 8081 8082 8083 8084 8085 9201 9202 9203 14330 14331 14332 14333 14334 14335 14336 14337; do
  check "tcp/$p open" "open \(syn-ack\)" $PY "$P/tcp_connect.py" "$SRV" "$p"
done
section "10.234.0.2: firewall and missing listeners"
check "tcp/47600 reset"                     "closed \(conn-refused\)"       $PY "$P/tcp_connect.py" "$SRV" 47600
check "tcp/4575 admin-prohibited"           "filtered \(host-unreachable\)" $PY "$P/tcp_connect.py" "$SRV" 4575
check "tcp/4569 no listener"                "closed \(conn-refused\)"       $PY "$P/tcp_connect.py" "$SRV" 4569
check "udp/464 no listener"                 "Connection refused"            $PY "$P/krb_probe.py" "$SRV" 464 --udp
check "tcp/11433 (tdspool's real port) closed" "closed \(conn-refused\)"    $PY "$P/tcp_connect.py" "$SRV" 11433

section "10.234.0.2: protocols"
check "ldap/389 anonymous + RootDSE"        "^OK bind anonymous resultCode=0.*defaultNamingContext=dc=test" $PY "$P/ldap_probe.py" dc1.lab.test 389
check "ldap/389 bind alice"                 "^OK bind 'cn=alice.*resultCode=0" $PY "$P/ldap_probe.py" dc1.lab.test 389 --bind "$TOPOCHECK_LAB_LDAP_USER" "$TOPOCHECK_LAB_LDAP_PASSWORD"
check "ldap/389 bad password"               "resultCode=49"                 $PY "$P/ldap_probe.py" dc1.lab.test 389 --bind "$TOPOCHECK_LAB_LDAP_USER" nope
check "ldaps/636 verified by name"          "^OK .*TLSv1\.[23] \(verified\)" $PY "$P/ldap_probe.py" dc1.lab.test 636 --tls --ca "$CA"
check "gc/3268 global catalog"              "^OK .*isGlobalCatalogReady=TRUE" $PY "$P/ldap_probe.py" dc1.lab.test 3268
check "kerberos/88 udp unknown user"        "^OK udp .*KRB-ERROR 6 "        $PY "$P/krb_probe.py" dc1.lab.test 88 --udp
check "kerberos/88 tcp preauth required"    "^OK tcp .*KRB-ERROR 25 "       $PY "$P/krb_probe.py" dc1.lab.test 88 --tcp --user alice
sed 's/^\[libdefaults\]/&\n    udp_preference_limit = 1/' "$TOPOCHECK_LAB_KRB5_CONFIG" > "$T/krb5-tcp.conf"
check "kerberos/88 kinit alice (MIT, TCP)"  "krbtgt/TEST.LOCAL@TEST.LOCAL"  env KRB5_CONFIG="$T/krb5-tcp.conf" KRB5CCNAME="FILE:$T/cc" \
  bash -c 'echo alicepass | kinit alice >/dev/null && klist'
check "smb/445 SMB2 NEGOTIATE (3.1.1)"      "^OK smb2: SMB 3\.1\.1"         $PY "$P/smb_probe.py" files.lab.test 445
check "smb/445 SMB1 refused"                "DialectIndex=0xffff"           $PY "$P/smb_probe.py" files.lab.test 445 smb1
check "smb/445 smbclient -L lists pub"      "pub +Disk"                     smbclient -s "$W/smbd/smb.conf" -L //files.lab.test -N
check "tds/1433 PRELOGIN"                   "^OK TDS PRELOGIN"              $PY "$P/tds_prelogin.py" sql.lab.test 1433
check "http/80 GET /health"                 '^HTTP 200 application/json$'  curl -sS --max-time 5 -w '\nHTTP %{http_code} %{content_type}\n' http://lb.lab.test/health
for nm in dc1 files sql cr1 lb mail; do
  check "https/443 certificate for $nm.lab.test" "^OK TLSv1\.3 .*verify ok" $PY "$P/tls_probe.py" "$nm.lab.test" 443 --ca "$CA"
done
check "https/443 certificate for lab.test.local" "^OK TLSv1\.3 .*verify ok" $PY "$P/tls_probe.py" lab.test.local 443 --ca "$CA"
check "https/443 certificate for the IP"    "^OK TLSv1\.3 .*verify ok"      $PY "$P/tls_probe.py" "$SRV" 443 --ca "$CA"
check "https/443 HTTP/2 via ALPN"           "^200 2$"                       curl -sS --max-time 5 --cacert "$CA" -o /dev/null -w '%{http_code} %{http_version}\n' https://lb.lab.test/
check "ws/80 upgrade + echo"                "^OK ws: 101 .*ping-lab"        $PY "$P/ws_upgrade.py" "ws://cr1.lab.test/"
check "wss/443 upgrade + echo"              "^OK wss: 101 .*ping-lab"       $PY "$P/ws_upgrade.py" "wss://cr1.lab.test/socket" --ca "$CA"
check "opensearch/47599 GET /"              '"distribution":"opensearch"'   curl -sS --max-time 5 http://cr1.lab.test:47599/
check "opensearch/47599 health"             '"status":"green"'              curl -sS --max-time 5 http://cr1.lab.test:47599/_cluster/health
check "amqp/5672 Connection.Start"          "^OK AMQP 0-9 .*product=RabbitMQ" $PY "$P/amqp_probe.py" cr1.lab.test 5672
check "smtp/587 STARTTLS verified"          "^OK SMTP .*\(verified\), EHLO after TLS: 250" $PY "$P/smtp_starttls.py" mail.lab.test 587 --ca "$CA"
check "ssh/22 banner + KEXINIT"             "^OK SSH-2\.0-OpenSSH"          $PY "$P/ssh_banner.py" cr1.lab.test 22
check "ssh/22 key login"                    "^login-ok$"                    ssh -i "$TOPOCHECK_LAB_SSH_KEY" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@cr1.lab.test echo login-ok
check "rdp/3389 X.224 + TLS"                "selectedProtocol=1 PROTOCOL_SSL .*TLS" $PY "$P/rdp_probe.py" cr1.lab.test 3389 --tls
check "grpc/5678 Health/Check SERVING"      "^OK gRPC Health/Check: SERVING" $PY "$P/grpc_health.py" cr1.lab.test 5678
check "grpc/5678 unknown service"           "grpc-status:5"                 $PY "$P/grpc_health.py" cr1.lab.test 5678 --service no.such.Service
check "h2c/5679 preface (nghttpd)"          "^OK HTTP/2: server SETTINGS"   $PY "$P/h2_preface.py" cr1.lab.test 5679
check "h2/443 preface over TLS"             "^OK HTTP/2 ALPN=h2"            $PY "$P/h2_preface.py" cr1.lab.test 443 --tls
check "h2 preface to an HTTP/1.1 port"      "^FAIL not HTTP/2"              $PY "$P/h2_preface.py" cr1.lab.test 80

section "10.234.0.2: HTTP proxies"
PX=$TOPOCHECK_LAB_PROXY PN=$TOPOCHECK_LAB_PROXY_NO_CONNECT
check "proxy 3128: https (CONNECT 443)"     "^200$"  curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' -x "$PX" --cacert "$CA" https://lb.lab.test/health
check "proxy 3128: http"                    "^200$"  curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' -x "$PX" http://lb.lab.test/health
check "proxy 3128: CONNECT to 22 refused"   "CONNECT tunnel failed, response 403" curl -sS --max-time 5 -o /dev/null -p -x "$PX" http://cr1.lab.test:22/
check "proxy 3129: https (CONNECT 443) refused" "CONNECT tunnel failed, response 403" curl -sS --max-time 5 -o /dev/null -x "$PN" --cacert "$CA" https://lb.lab.test/health
check "proxy 3129: http"                    "^200$"  curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' -x "$PN" http://lb.lab.test/health

section "10.234.0.2: the cases added for real deployments (#10)"
check "amqp10/5673 answers with its 1.0 header" "offered protocol header 414d515000010000" $PY "$P/amqp_probe.py" cr1.lab.test 5673
check "https/9443 verifies against ca2.pem"  "^OK TLSv1\.[23] .*verify ok"  $PY "$P/tls_probe.py" lb.lab.test 9443 --ca "$W/pki/ca2.pem"
check "https/9443 not against the lab CA"    "code 20 \(unable to get local issuer" $PY "$P/tls_probe.py" lb.lab.test 9443 --ca "$CA"
for m in 14330:ENCRYPT_OFF 14331:ENCRYPT_ON 14332:ENCRYPT_REQ 14333:ENCRYPT_NOT_SUP 14336:ENCRYPT_REQ 14337:ENCRYPT_ON; do
  check "tds/${m%%:*} PRELOGIN ${m#*:}"       "^OK TDS PRELOGIN .*encryption=${m#*:}," $PY "$P/tds_prelogin.py" sql.lab.test "${m%%:*}"
done
check "tds/14334 strict: clear PRELOGIN closed" "^FAIL no TDS answer"        $PY "$P/tds_prelogin.py" sql.lab.test 14334
check "tds/14335 strict: clear PRELOGIN alerted" "^FAIL not a TDS PRELOGIN response: b'.x15.x03" $PY "$P/tds_prelogin.py" sql.lab.test 14335
for p in 14334 14335; do
  check "tds/$p strict: TLS first, ALPN tds/8.0" "^OK TLSv1\.[23] .*ALPN=tds/8\.0.*verify ok" $PY "$P/tls_probe.py" sql.lab.test "$p" --ca "$CA" --alpn tds/8.0
done
check "tds_server.py --selftest ([MS-TDS] 4.1)" "^selftest ok" $PY "$LAB/servers/tds_server.py" --selftest
check "lb/8081 redirects to HTTPS"          "^301 https://lb\.lab\.test/$" curl -sS --max-time 5 -o /dev/null -w '%{http_code} %{redirect_url}\n' http://lb.lab.test:8081/
check "lb/8082 WebSocket at /ws"            "^OK ws: 101 .*ping-lab"        $PY "$P/ws_upgrade.py" "ws://lb.lab.test:8082/ws"
check "lb/8082 404 elsewhere"               "^404$"  curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' http://lb.lab.test:8082/socket
check "lb/8083 App Gateway Server header"   "^Server: Microsoft-Azure-Application-Gateway/v2" bash -c 'curl -sS --max-time 5 -D - -o /dev/null http://lb.lab.test:8083/ | tr -d "\r"'
check "lb/8083 App Gateway affinity cookie" "^Set-Cookie: ApplicationGatewayAffinity=" bash -c 'curl -sS --max-time 5 -D - -o /dev/null http://lb.lab.test:8083/ | tr -d "\r"'
check "lb/8084 backend down: 502"           "^502$"  curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' http://lb.lab.test:8084/
check "lb/8085 403 everywhere"              "^403$"  curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' http://lb.lab.test:8085/x
check "opensearch/9201 behind App Gateway"  "^Server: Microsoft-Azure-Application-Gateway/v2" bash -c 'curl -sS --max-time 5 -D - http://cr1.lab.test:9201/ | tr -d "\r"'
check "opensearch/9201 JSON"                '"distribution":"opensearch"'   curl -sS --max-time 5 http://cr1.lab.test:9201/
check "opensearch/9202 security realm 401"  '^WWW-Authenticate: Basic realm="OpenSearch Security"' bash -c 'curl -sS --max-time 5 -D - -o /dev/null http://cr1.lab.test:9202/ | tr -d "\r"'
check "api/9203 Bearer 401"                 '^WWW-Authenticate: Bearer realm="api"' bash -c 'curl -sS --max-time 5 -D - -o /dev/null http://cr1.lab.test:9203/ | tr -d "\r"'
printf '\0\0\0\0\0' > "$T/health.grpc"   # an empty HealthCheckRequest, length-prefixed
check "grpc/5680 Health/Check SERVING"      "^OK gRPC Health/Check: SERVING" $PY "$P/grpc_health.py" cr1.lab.test 5680
check "grpc/5680 App Gateway headers"       "^server: Microsoft-Azure-Application-Gateway/v2" bash -c "curl -sS --max-time 5 --http2-prior-knowledge -D - -o /dev/null -H 'content-type: application/grpc' -H 'te: trailers' --data-binary @$T/health.grpc http://cr1.lab.test:5680/grpc.health.v1.Health/Check | tr -d '\r'"
check "grpc/5678 no App Gateway headers"    "^no-gateway$" bash -c "curl -sS --max-time 5 --http2-prior-knowledge -D - -o /dev/null -H 'content-type: application/grpc' -H 'te: trailers' --data-binary @$T/health.grpc http://cr1.lab.test:5678/grpc.health.v1.Health/Check | grep -qi ApplicationGateway && echo gateway || echo no-gateway"
PA=$TOPOCHECK_LAB_PROXY_AUTH
check "proxy 3130: 407 without credentials" '^407 Basic realm="Tinyproxy"$' bash -c "curl -sS --max-time 5 -D - -o /dev/null -x '$PA' http://lb.lab.test/health | tr -d '\r' | awk '/^HTTP/{c=\$2} /^Proxy-Authenticate:/{sub(/^Proxy-Authenticate: /,\"\"); a=\$0} END{print c, a}'"
check "proxy 3130: CONNECT gets 407"        "CONNECT tunnel failed, response 407" curl -sS --max-time 5 -o /dev/null -x "$PA" --cacert "$CA" https://lb.lab.test/health
check "proxy 3130: 200 with lab:labpass"    "^200$"  curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' -x "$PA" -U lab:labpass http://lb.lab.test/health

section "10.234.0.3-6: certificates"
check "expired.lab.test: expired"           "code 10 \(certificate has expired\)" $PY "$P/tls_probe.py" expired.lab.test 443 --ca "$CA"
check "wrongname.lab.test: name mismatch"   "code 62 \(Hostname mismatch"  $PY "$P/tls_probe.py" wrongname.lab.test 443 --ca "$CA"
check "10.234.0.4: IP mismatch"             "code 64 \(IP address mismatch" $PY "$P/tls_probe.py" "$TOPOCHECK_LAB_WRONGNAME" 443 --ca "$CA"
check "selfsigned.lab.test: self-signed"    "code 18 \(self-signed certificate\)" $PY "$P/tls_probe.py" selfsigned.lab.test 443 --ca "$CA"
check "expiring.lab.test: expires soon"     "^OK .*WARN expires in (9|10) days" $PY "$P/tls_probe.py" expiring.lab.test 443 --ca "$CA"

section "10.234.0.7: impostor (another service on the port)"
for p in 389 3268 88 445 1433 5672 587 22 3389 5678 47599; do
  check "impostor tcp/$p answers HTML" "<h1>Intranet portal</h1>" curl -sS --max-time 5 "http://impostor.lab.test:$p/"
done
for p in 636 3269; do
  check "impostor tcp/$p answers HTTPS" "<h1>Intranet portal</h1>" curl -sS --max-time 5 --cacert "$CA" "https://impostor.lab.test:$p/"
done
check "impostor ldap/389 is not LDAP"       "^FAIL"  $PY "$P/ldap_probe.py" impostor.lab.test 389
check "impostor gc/3268 is not LDAP"        "^FAIL"  $PY "$P/ldap_probe.py" impostor.lab.test 3268
check "impostor ldaps/636 is not LDAP"      "^FAIL"  $PY "$P/ldap_probe.py" impostor.lab.test 636 --tls --ca "$CA"
check "impostor ldaps/3269 is not LDAP"     "^FAIL"  $PY "$P/ldap_probe.py" impostor.lab.test 3269 --tls --ca "$CA"
check "impostor kerberos tcp/88 not a KDC"  "^FAIL"  $PY "$P/krb_probe.py" impostor.lab.test 88 --tcp
check "impostor kerberos udp/88 not a KDC"  "^FAIL udp .*not Kerberos" $PY "$P/krb_probe.py" impostor.lab.test 88 --udp
check "impostor smb/445 is not SMB"         "^FAIL"  $PY "$P/smb_probe.py" impostor.lab.test 445
check "impostor tds/1433 is not TDS"        "^FAIL not a TDS" $PY "$P/tds_prelogin.py" impostor.lab.test 1433
check "impostor amqp/5672 is not AMQP"      "^FAIL not AMQP" $PY "$P/amqp_probe.py" impostor.lab.test 5672
check "impostor rdp/3389 is not RDP"        "^FAIL"  $PY "$P/rdp_probe.py" impostor.lab.test 3389
check "impostor grpc/5678 is not gRPC"      "^FAIL"  $PY "$P/grpc_health.py" impostor.lab.test 5678
check "impostor 47599 is not OpenSearch"    "^no-opensearch$" bash -c 'curl -sS --max-time 5 http://impostor.lab.test:47599/ | grep -q "\"distribution\"" && echo opensearch || echo no-opensearch'

section "10.234.0.8: SMB1-only server"
check "smb1.lab.test: SMB2 NEGOTIATE fails" "^FAIL smb2"  $PY "$P/smb_probe.py" smb1.lab.test 445
check "smb1.lab.test: SMB1 NT LM 0.12"      "status=0x00000000 DialectIndex=0x0 " $PY "$P/smb_probe.py" smb1.lab.test 445 smb1

section "10.234.0.9: cr2 cluster ports"
check "cr2: every cluster port open"        "^open 309/309$" $PY -c '
import socket, sys
ports = [4575, 5672, 47599, 47600, 4567] + list(range(47100, 47201)) + list(range(47500, 47599)) \
      + list(range(4569, 4572)) + list(range(5800, 5901))
bad = []
for p in ports:
    try:
        socket.create_connection((sys.argv[1], p), timeout=2).close()
    except OSError as e:
        bad.append("%d:%s" % (p, e))
print("open %d/%d" % (len(ports) - len(bad), len(ports)), *bad[:10])' cr2.lab.test
check "cr2: tcp/47201 closed (outside the range)" "closed \(conn-refused\)" $PY "$P/tcp_connect.py" "$CR2" 47201
check "cr2: tcp/4568 closed (outside the range)"  "closed \(conn-refused\)" $PY "$P/tcp_connect.py" "$CR2" 4568

section "IPv6: dual.lab.test (IPv6 dropped), fd00:234::9 and fe80::9"
check "dual.lab.test: an IPv4 and an IPv6 address" "^10\.234\.0\.2 fd00:234::2$" $PY -c '
import socket, sys
print(*sorted({a[4][0] for a in socket.getaddrinfo(sys.argv[1], 445, 0, socket.SOCK_STREAM)}))' dual.lab.test
check "dual.lab.test: tcp/445 open on IPv4"    "open \(syn-ack\)" $PY "$P/tcp_connect.py" "$SRV" 445
check_bg "tcp/445 on fd00:234::2 dropped"      "filtered \(no-response\)" $PY "$P/tcp_connect.py" "$TOPOCHECK_LAB_DUAL6" 445 1000
check "fd00:234::9: tcp/4567 open"             "open \(syn-ack\)" $PY "$P/tcp_connect.py" "$TOPOCHECK_LAB_V6" 4567
check "fd00:234::9: tcp/4568 closed"           "closed \(conn-refused\)" $PY "$P/tcp_connect.py" "$TOPOCHECK_LAB_V6" 4568
check "fe80::9%tccli0: tcp/4567 open"          "open \(syn-ack\)" $PY "$P/tcp_connect.py" "$TOPOCHECK_LAB_V6_LL" 4567

section "background checks"
for a in "${async[@]}"; do
  read -r pid f <<<"$a"
  wait "$pid" || true
  cat "$f"
done
pass=$(cat "$T"/0* | grep -c '^ok ' || true)
fail=$(cat "$T"/0* | grep -c '^FAIL ' || true)
echo "selftest took $(( ($(now) - T0) / 1000000 )) ms"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
