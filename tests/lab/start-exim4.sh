#!/bin/bash
# start-exim4.sh WORKDIR ADDR CERTDIR [PORT]
# exim4 (Debian's exim4-daemon-light) as a mail submission server on ADDR:PORT (default 587) with
# STARTTLS (certificate CERTDIR/valid.pem). It never delivers anything: MAIL FROM before STARTTLS is
# refused ("Must issue a STARTTLS command first"), every RCPT TO is refused.
# Own config, spool and logs in WORKDIR/exim4/ (spool and log owned by Debian-exim).
# Why exim: Debian 12's opensmtpd advertises STARTTLS but its TLS setup is broken there, and postfix
# needs a whole instance directory tree; exim runs from one file with -C.
# exim binds as root, then works as Debian-exim (spool, logs): WORKDIR must be searchable by others.
# Where another MTA is installed, debian-deps.sh unpacked exim to $EXIM_UNPACKED (lib.sh) rather than
# replace it: that binary runs then (exim_path points at it; it needs only the Debian-exim user).
# Env: NETNS, NAME (default exim4), GREETING_DELAY=N: a connect ACL holds the 220 greeting back N
# seconds (a relay slowed by reverse-DNS or ident lookups). STRICT_PORT=M: listen on M as well, where
# PIPECONNECT is not advertised, so smtp_enforce_sync (exim's default) answers a client that talks
# before the greeting with 554 (on PORT, exim 4.96 takes such early EHLO as PIPECONNECT and answers it
# after the greeting). Prints the exim PID once the 220 banner arrives.
source "$(dirname "$0")/lib.sh"
need_args $# 3
W=$1 A=$2 C=$(cd "$3" && pwd) P=${4:-587} DELAY=${GREETING_DELAY:-0}
[[ $DELAY =~ ^[0-9]+$ ]] || die "GREETING_DELAY must be whole seconds, not '$DELAY'"
STRICT=${STRICT_PORT:-} PORTS=$P
[ -n "$STRICT" ] && PORTS="$P : $STRICT"
if [ -x "$EXIM_UNPACKED/usr/sbin/exim4" ]; then EXIM=$EXIM_UNPACKED/usr/sbin/exim4
else EXIM=$(command -v exim4) || die "no exim4: run installer/debian-deps.sh test"; fi
svc_dir exim4
mkdir -p "$D/spool" "$D/log"; chown Debian-exim:Debian-exim "$D/spool" "$D/log"
# exim works as Debian-exim: every directory above the spool must be searchable (o+x) for it
runuser -u Debian-exim -- test -w "$D/spool" || die "Debian-exim cannot reach $D/spool (chmod o+x on $W and its parents)"
CONNECT_ACL="" CONNECT_ACL_BODY="" PIPECONNECT=""
[ -n "$STRICT" ] && PIPECONNECT="pipelining_connect_advertise_hosts = \${if eq{\$received_port}{$STRICT}{:}{*}}"
if [ "$DELAY" -gt 0 ]; then
  CONNECT_ACL="acl_smtp_connect = acl_check_connect"
  CONNECT_ACL_BODY=$(printf 'acl_check_connect:\n  accept  delay = %ss' "$DELAY")
fi
cat > "$D/exim.conf" <<EOF
primary_hostname = mail.lab.test
exim_path = $EXIM
local_interfaces = <; $A
daemon_smtp_ports = $PORTS
exim_user = Debian-exim
exim_group = Debian-exim
spool_directory = $D/spool
log_file_path = $D/log/%slog
pid_file_path = $D/exim.pid
keep_environment =
host_lookup =
rfc1413_hosts =
tls_advertise_hosts = *
tls_certificate = $C/valid.pem
tls_privatekey = $C/valid.key
acl_smtp_mail = acl_check_mail
acl_smtp_rcpt = acl_check_rcpt
$PIPECONNECT
$CONNECT_ACL
begin acl
$CONNECT_ACL_BODY
acl_check_mail:
  deny    message = Must issue a STARTTLS command first
          !encrypted = *
  accept
acl_check_rcpt:
  deny    message = relay not permitted (test lab)
EOF
# -bdf: listening daemon in the foreground; -oX: the port list; no queue runner (-q)
launch "$EXIM" -C "$D/exim.conf" -bdf -oX "${PORTS// /}"
ready $(( 10 + DELAY )) bash -c 'exec 3<>"/dev/tcp/$0/$1"; read -t $2 -r l <&3; [[ $l == 220* ]]' "$A" "$P" $(( 2 + DELAY ))
