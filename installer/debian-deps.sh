#!/bin/bash
# debian-deps.sh build|test -- the Debian 12 (bookworm) packages Topocheck needs, installed
# non-interactively and only when missing (nothing is fetched, not even the package lists, when
# everything is there already). Run as root.
#   build  compiler, CMake, Ninja, Qt 6.4 (Widgets, Charts, Svg, WebSockets, Test; the offscreen and
#          xcb platform plugins come with libqt6gui6), Qt's Linguist tools (lupdate, lrelease) and a
#          font for offscreen rendering
#   test   build + everything the tests use: the integration lab's servers (tests/lab: OpenLDAP,
#          MIT Kerberos, Samba, FreeTDS, nginx, websocketd, RabbitMQ, exim4, OpenSSH, xrdp, nghttp2,
#          gRPC, tinyproxy), nmap, Xvfb, ImageMagick, poppler (PDF -> PNG), clang 14 with libFuzzer,
#          file and dpkg-dev (DEB package checks), ansible and ansible-lint (the fleet playbook)
# No daemon starts during the install: a policy-rc.d that answers 101 makes invoke-rc.d refuse every
# start that the maintainer scripts of slapd, krb5-kdc, smbd/nmbd, nginx, rabbitmq, xrdp, sshd,
# exim4, tinyproxy would do (nmbd alone would broadcast NetBIOS). An existing policy-rc.d (Docker
# images ship one) is left alone; one created here is removed on exit. debconf preseeds answer the
# questions of slapd, krb5-config and samba-common.
# No daemon starts at boot either: the services and sockets of the packages this script installs that
# their install enabled are disabled again (listed in /var/lib/topocheck-lab/disabled-units; a machine
# set up by an earlier version is adopted once from apt's history of this script's own command line).
# An installed MTA other than exim (postfix, sendmail, opensmtpd...) is kept: exim4-daemon-light would
# replace it, so the lab runs exim from its packages unpacked in /var/lib/topocheck-lab/exim4 instead.
# Idempotent: a second run changes nothing.
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
  qt6-tools-dev qt6-l10n-tools # translations: the Qt6LinguistTools CMake package (-dev) and lupdate/lrelease (l10n)
  fonts-dejavu-core            # the offscreen platform has no fonts of its own: PDFs and renders need one
)
LAB=(
  iproute2 nftables procps util-linux curl openssl ca-certificates netcat-openbsd python3
  slapd ldap-utils                                 # LDAP, LDAPS, global catalog
  krb5-kdc krb5-admin-server krb5-user             # Kerberos KDC (kdb5_util, kadmin.local), kinit/klist
  samba smbclient                                  # SMB2/3, and SMB1 (NT1) for the legacy-server case
  freetds-bin                                      # tdspool: TDS PRELOGIN on 1433
  nginx websocketd                                 # HTTP/HTTPS/WebSocket/OpenSearch-like JSON
  libnginx-mod-http-headers-more-filter            # nginx: a fake Azure Application Gateway Server header
  rabbitmq-server                                  # AMQP 0-9-1 (pulls erlang, epmd)
  exim4-daemon-light                               # SMTP submission + STARTTLS
  openssh-server openssh-client                    # SSH
  xrdp                                             # RDP X.224 + TLS
  nghttp2-server nghttp2-client python3-grpcio     # HTTP/2 (h2c, h2), gRPC health
  tinyproxy                                        # the HTTP proxy (CONNECT allowed / refused)
  python3-qpid-proton                              # an AMQP 1.0 broker (tests/lab/servers/amqp10_server.py)
)
TEST=(
  "${BUILD[@]}" "${LAB[@]}"
  nmap                         # cross-checks port states
  xvfb xauth imagemagick       # GUI screenshots
  poppler-utils                # pdftoppm/pdftotext: the change-request report
  clang-14 clang libclang-rt-14-dev   # -fsanitize=fuzzer: libclang_rt.fuzzer-x86_64.a is in libclang-rt-14-dev
  file dpkg-dev                # the DEB package: dpkg-deb, dpkg-shlibdeps
  desktop-file-utils appstream man-db   # the installed package: desktop-file-validate, appstreamcli, man
  g++-mingw-w64-x86-64-posix wine64   # Windows: every file compiled with MinGW-w64; the socket test run under Wine
  ansible ansible-lint         # the fleet playbook (installer/ansible): run over SSH in namespaces, linted
)
if [ "$mode" = build ]; then PKGS=("${BUILD[@]}"); else PKGS=("${TEST[@]}"); fi

STATE=/var/lib/topocheck-lab          # what this script changed on the machine; tests/lab/lib.sh reads it
UNITS_FILE=$STATE/disabled-units      # the units it disabled, one a line (its presence: adopted, below)
EXIM_ROOT=$STATE/exim4                # exim unpacked from its packages, when another MTA is installed
APT=(apt-get -q -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
APT_INSTALL=("${APT[@]}" install --no-install-recommends)

installed() { case $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null || true) in ii*) return 0 ;; esac; return 1; }
installed_packages() { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2>/dev/null | awk '$1 == "ii" {print $2}' | sort -u; }

# An installed MTA other than exim is never replaced (exim4-daemon-light conflicts with every other
# mail-transport-agent): the lab then runs exim from its unpacked packages instead, see start-exim4.sh.
other_mta() {
  dpkg-query -W -f='${db:Status-Abbrev}\t${Package}\t${Provides}\n' 2>/dev/null \
    | awk -F'\t' '$1 ~ /^ii/ && $2 !~ /^exim4-daemon-/ && $3 ~ /(^|[ ,])mail-transport-agent([ ,(]|$)/ {print $2}' | paste -sd' '
}
MTA="" UNPACK_EXIM=0
if [ "$mode" = test ]; then
  MTA=$(other_mta)
  if [ -n "$MTA" ] || installed exim4-daemon-heavy; then
    for i in "${!PKGS[@]}"; do [ "${PKGS[$i]}" = exim4-daemon-light ] && unset 'PKGS[i]'; done
    PKGS=("${PKGS[@]}")
  fi
  if [ -n "$MTA" ]; then
    # exim4-daemon-light's Depends (bookworm) except exim4-base/-config: what the unpacked binary links
    PKGS+=(libcrypt1 libdb5.3 libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libnsl2 libpcre2-8-0)
    [ -x "$EXIM_ROOT/usr/sbin/exim4" ] || UNPACK_EXIM=1
  fi
fi

# Units (services, sockets, SysV scripts) that PACKAGES ship and that are enabled now, one a line.
enabled_units_of() {
  local u
  [ $# -gt 0 ] || return 0
  { dpkg-query -L "$@" 2>/dev/null || true; } \
    | sed -nE 's#^(/usr)?/lib/systemd/system/([^/@]+\.(service|socket))$#\2#p; s#^/etc/init\.d/([^/.]+)$#\1.service#p' \
    | sort -u | while read -r u; do unit_enabled "$u" && echo "$u"; done
  return 0
}
# Every enabled service and socket, SysV ones included, one a line.
enabled_units_all() {
  local f
  {
    if command -v systemctl >/dev/null; then
      systemctl list-unit-files --state=enabled --no-legend --no-pager 2>/dev/null | awk '{print $1}'
    fi
    for f in /etc/rc[2345].d/S??*; do if [ -e "$f" ]; then f=${f##*/}; echo "${f:3}.service"; fi; done
  } | sort -u
}
unit_enabled() {
  local n=${1%.service}
  if command -v systemctl >/dev/null; then
    # works without systemd as PID 1; SysV-only services are answered by systemd-sysv-install
    [ "$(systemctl is-enabled "$1" 2>/dev/null)" = enabled ]
  else
    [ -x "/etc/init.d/$n" ] && compgen -G "/etc/rc[2345].d/S??$n" >/dev/null
  fi
}
unit_disable() {
  if command -v systemctl >/dev/null; then systemctl disable --quiet "$1" 2>/dev/null || systemctl disable "$1"
  else update-rc.d "${1%.service}" disable; fi
}
# The lab runs its own daemons in namespaces: no server that this script brought in may start at boot.
# Disables the units of NEW_PACKAGES that are enabled now and were not in BEFORE (a file), records them.
disable_new_units() {
  local before=$1; shift
  local u done_any=()
  mkdir -p "$STATE"; touch "$UNITS_FILE"
  while read -r u; do
    grep -qxF "$u" "$before" && continue
    unit_disable "$u" </dev/null; echo "$u" >> "$UNITS_FILE"; done_any+=("$u")
  done < <(enabled_units_of "$@")
  [ ${#done_any[@]} -eq 0 ] || echo "debian-deps.sh: disabled at boot (the lab starts its own daemons): ${done_any[*]}"
}
# A machine set up by an earlier version of this script has its servers enabled and no record: the
# packages that this script's own apt-get command line installed (apt's history) are adopted once.
adopt_earlier_install() {
  [ -e "$UNITS_FILE" ] && return 0
  local sig="Commandline: ${APT_INSTALL[*]} " empty pkgs
  mapfile -t pkgs < <({ cat /var/log/apt/history.log 2>/dev/null; zcat -f /var/log/apt/history.log.*.gz 2>/dev/null; } \
    | awk -v sig="$sig" 'index($0, "Start-Date:") == 1 {ours = 0} index($0, sig) == 1 {ours = 1}
        ours && /^Install: / {sub(/^Install: /, ""); gsub(/\([^)]*\)/, ""); gsub(/:[a-z0-9]+/, ""); gsub(/,/, " "); print}' \
    | tr ' ' '\n' | sed '/^$/d' | sort -u)
  empty=$(mktemp); disable_new_units "$empty" "${pkgs[@]}"; rm -f "$empty"
}

missing=()
for p in "${PKGS[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ] && [ "$UNPACK_EXIM" = 0 ]; then
  adopt_earlier_install
  echo "debian-deps.sh $mode: all ${#PKGS[@]} packages present${MTA:+ (MTA $MTA kept; the lab runs exim from $EXIM_ROOT)}"
  exit 0
fi
adopt_earlier_install
echo "debian-deps.sh $mode: installing ${#missing[@]} of ${#PKGS[@]} packages: ${missing[*]}"

created=0 work=$(mktemp -d)
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\n# installer/debian-deps.sh: no service starts from maintainer scripts\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d; created=1
fi
trap '[ "$created" = 1 ] && rm -f /usr/sbin/policy-rc.d; rm -rf "$work"' EXIT
debconf-set-selections <<'EOT'
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
EOT
t0=$(date +%s)
# the lists lock is not covered by DPkg::Lock::Timeout: retry while another apt-get update runs
for try in 1 2 3 4 5 6; do
  "${APT[@]}" update && break
  [ "$try" = 6 ] && { echo "debian-deps.sh: apt-get update failed" >&2; exit 1; }
  sleep 10
done
if [ ${#missing[@]} -gt 0 ]; then
  installed_packages > "$work/packages.before"
  enabled_units_all > "$work/units.before"
  "${APT_INSTALL[@]}" "${missing[@]}"
  echo "debian-deps.sh $mode: installed ${missing[*]} in $(( $(date +%s) - t0 )) s"
  mapfile -t new < <(installed_packages | comm -13 "$work/packages.before" -)
  disable_new_units "$work/units.before" "${new[@]}"
fi
if [ "$UNPACK_EXIM" = 1 ]; then
  mkdir -p "$work/debs" "$STATE"; chmod 755 "$work"
  chown _apt "$work/debs" 2>/dev/null || true     # apt-get download fetches as _apt where it can
  (cd "$work/debs" && apt-get -q download exim4-daemon-light exim4-base exim4-config)
  rm -rf "$EXIM_ROOT.new"; mkdir -p "$EXIM_ROOT.new"
  for d in "$work"/debs/*.deb; do dpkg-deb -x "$d" "$EXIM_ROOT.new"; done
  if ldd "$EXIM_ROOT.new/usr/sbin/exim4" | grep 'not found'; then
    echo "debian-deps.sh: the unpacked exim4 misses the libraries above" >&2; exit 1
  fi
  rm -rf "$EXIM_ROOT"; mv "$EXIM_ROOT.new" "$EXIM_ROOT"
  # Debian's exim looks its user up before it reads any configuration (exim4-base's postinst makes it)
  getent passwd Debian-exim >/dev/null \
    || useradd --system --user-group --home-dir /var/spool/exim4 --no-create-home --shell /usr/sbin/nologin Debian-exim
  echo "debian-deps.sh: MTA $MTA kept; exim for the lab unpacked in $EXIM_ROOT"
fi
# a postinst that started a daemon anyway would show up here (the lab runs its own, in namespaces)
if [ "$mode" = test ] && ss -Hltnu | awk '{print $5}' | grep -Eq ':(25|88|139|389|445|464|749|3128|3350|3389|4369|5672|8888)$'; then
  echo "debian-deps.sh: WARNING, something listens on a lab port:" >&2; ss -ltnup >&2
fi
