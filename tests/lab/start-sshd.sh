#!/bin/bash
# start-sshd.sh WORKDIR ADDR [PORT]
# OpenSSH sshd on ADDR:PORT (default 22) with its own host key and config; public-key login only.
#   Client key: WORKDIR/sshd/client_key (authorized for every user, e.g. root):
#   ssh -i WORKDIR/sshd/client_key -p PORT -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no root@ADDR
# sshd must be started by absolute path (it re-executes itself) and needs /run/sshd (privsep dir).
# Env: NETNS, NAME (default sshd). Prints the sshd PID once it sends its "SSH-2.0-" banner.
source "$(dirname "$0")/lib.sh"
need_args $# 2
W=$1 A=$2 P=${3:-22}
svc_dir sshd
mkdir -p /run/sshd; chmod 0755 /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$D/ssh_host_ed25519_key" -C lab-host
ssh-keygen -q -t ed25519 -N '' -f "$D/client_key" -C lab-client
cp "$D/client_key.pub" "$D/authorized_keys"
cat > "$D/sshd_config" <<EOF
Port $P
ListenAddress $A
HostKey $D/ssh_host_ed25519_key
PidFile $D/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AuthorizedKeysFile $D/authorized_keys
StrictModes no
UseDNS no
Subsystem sftp internal-sftp
EOF
/usr/sbin/sshd -t -f "$D/sshd_config" || die "sshd -t rejected $D/sshd_config"
# -D: no daemonizing; -e: log to stderr (=> $LOG)
launch /usr/sbin/sshd -D -e -f "$D/sshd_config"
ready 10 "$PY" "$LAB/probes/ssh_banner.py" "$A" "$P"
