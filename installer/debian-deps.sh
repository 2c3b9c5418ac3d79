#!/bin/bash
# debian-deps.sh build|test -- the Debian 12 (bookworm) packages Topocheck needs, installed
# non-interactively and only when missing (nothing is fetched, not even the package lists, when
# everything is there already). Run as root.
#   build  compiler, CMake, Ninja, Qt 6.4 (Widgets, Charts, Svg, WebSockets, Test; the offscreen and
#          xcb platform plugins come with libqt6gui6) and a font for offscreen rendering
#   test   build + everything the tests use: the integration lab's servers (tests/lab: OpenLDAP,
#          MIT Kerberos, Samba, FreeTDS, nginx, websocketd, RabbitMQ, exim4, OpenSSH, xrdp, nghttp2,
#          gRPC, tinyproxy), nmap, Xvfb, ImageMagick, poppler (PDF -> PNG), clang 14 with libFuzzer,
#          file and dpkg-dev (DEB package checks)
# No daemon starts during the install: a policy-rc.d that answers 101 makes invoke-rc.d refuse every
# start that the maintainer scripts of slapd, krb5-kdc, smbd/nmbd, nginx, rabbitmq, xrdp, sshd,
# exim4, tinyproxy would do (nmbd alone would broadcast NetBIOS). An existing policy-rc.d (Docker
# images ship one) is left alone; one created here is removed on exit. debconf preseeds answer the
# questions of slapd, krb5-config and samba-common.
set -euo pipefail
usage() { sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }
mode=${1:-}
[ "$mode" = build ] || [ "$mode" = test ] || usage
[ "$(id -u)" = 0 ] || { echo "debian-deps.sh: run as root" >&2; exit 1; }
if ! grep -q '^12' /etc/debian_version 2>/dev/null; then
  echo "debian-deps.sh: warning: written for Debian 12, this is $(cat /etc/debian_version 2>/dev/null || echo 'not Debian')" >&2
fi
export DEBIAN_FRONTEND=noninteractive

BUILD=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev                 # Core Gui Widgets Network PrintSupport Test; pulls libqt6gui6 (offscreen + xcb plugins) and qt6-qpa-plugins
  qt6-charts-dev qt6-svg-dev libqt6svg6 qt6-websockets-dev
  libqt6opengl6-dev            # Qt6Charts' CMake package needs Qt6OpenGL (no GL headers are needed)
  fonts-dejavu-core            # the offscreen platform has no fonts of its own: PDFs and renders need one
)
LAB=(
  iproute2 nftables procps util-linux curl openssl ca-certificates netcat-openbsd python3
  slapd ldap-utils                                 # LDAP, LDAPS, global catalog
  krb5-kdc krb5-admin-server krb5-user             # Kerberos KDC (kdb5_util, kadmin.local), kinit/klist
  samba smbclient                                  # SMB2/3, and SMB1 (NT1) for the legacy-server case
  freetds-bin                                      # tdspool: TDS PRELOGIN on 1433
  nginx websocketd                                 # HTTP/HTTPS/WebSocket/OpenSearch-like JSON
  rabbitmq-server                                  # AMQP 0-9-1 (pulls erlang, epmd)
  exim4-daemon-light                               # SMTP submission + STARTTLS
  openssh-server openssh-client                    # SSH
  xrdp                                             # RDP X.224 + TLS
  nghttp2-server nghttp2-client python3-grpcio     # HTTP/2 (h2c, h2), gRPC health
  tinyproxy                                        # the HTTP proxy (CONNECT allowed / refused)
)
TEST=(
  "${BUILD[@]}" "${LAB[@]}"
  nmap                         # cross-checks port states
  xvfb xauth imagemagick       # GUI screenshots
  poppler-utils                # pdftoppm/pdftotext: the change-request report
  clang-14 clang libclang-rt-14-dev   # -fsanitize=fuzzer: libclang_rt.fuzzer-x86_64.a is in libclang-rt-14-dev
  file dpkg-dev                # the DEB package: dpkg-deb, dpkg-shlibdeps
)
if [ "$mode" = build ]; then PKGS=("${BUILD[@]}"); else PKGS=("${TEST[@]}"); fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "debian-deps.sh $mode: all ${#PKGS[@]} packages present"; exit 0; fi
echo "debian-deps.sh $mode: installing ${#missing[@]} of ${#PKGS[@]} packages: ${missing[*]}"

created=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\n# installer/debian-deps.sh: no service starts from maintainer scripts\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d; created=1
fi
trap '[ "$created" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
debconf-set-selections <<'EOF'
slapd slapd/no_configuration boolean true
krb5-config krb5-config/default_realm string TEST.LOCAL
krb5-config krb5-config/kerberos_servers string 127.0.0.1
krb5-config krb5-config/admin_server string 127.0.0.1
krb5-config krb5-config/add_servers_realm string TEST.LOCAL
krb5-config krb5-config/add_servers boolean false
krb5-config krb5-config/read_conf boolean true
krb5-kdc krb5-kdc/debconf boolean false
samba-common samba-common/dhcp boolean false
samba-common samba-common/workgroup string WORKGROUP
EOF
APT=(apt-get -q -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
t0=$(date +%s)
# the lists lock is not covered by DPkg::Lock::Timeout: retry while another apt-get update runs
for try in 1 2 3 4 5 6; do
  "${APT[@]}" update && break
  [ "$try" = 6 ] && { echo "debian-deps.sh: apt-get update failed" >&2; exit 1; }
  sleep 10
done
"${APT[@]}" install --no-install-recommends "${missing[@]}"
echo "debian-deps.sh $mode: installed ${missing[*]} in $(( $(date +%s) - t0 )) s"
# a postinst that started a daemon anyway would show up here (the lab runs its own, in namespaces)
if [ "$mode" = test ] && ss -Hltnu | awk '{print $5}' | grep -Eq ':(25|88|139|389|445|464|749|3128|3350|3389|4369|5672|8888)$'; then
  echo "debian-deps.sh: WARNING, something listens on a lab port:" >&2; ss -ltnup >&2
fi
