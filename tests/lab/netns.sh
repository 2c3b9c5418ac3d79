#!/bin/bash
# netns.sh pair SRV_NS CLI_NS CLI_ADDR[,CLI_ADDR...] SRV_ADDR...
#     two network namespaces joined by a veth pair: SRV_NS0 (in SRV_NS, every SRV_ADDR) <-> CLI_NS0
#     (in CLI_NS, every CLI_ADDR). Addresses are a.b.c.d or a.b.c.d/len (default /24), or IPv6
#     (default /64; fe80::... for a fixed link-local address). lo is up in both.
#     No default route in either: nothing started there reaches anything but that subnet. IPv6 is
#     off on the veth ends unless an IPv6 address is given; then only the given addresses are there
#     (no automatic link-local address, no DAD, no router solicitation or advertisement).
#     icmp_ratelimit=0 in SRV_NS (see below).
# netns.sh down NS...
#     SIGTERM (then SIGKILL) every process still inside each NS, by PID; delete the namespaces,
#     which also deletes the veth pair
# netns.sh firewall NS      load nftables rules from stdin into NS
# netns.sh exists NS        exit 0 if NS exists
# NS: at most 14 characters (interface names are limited to 15). Needs root, iproute2, nftables.
set -euo pipefail
cmd=${1:-}
usage() { sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }
exists() { ip netns list | awk '{print $1}' | grep -qx -- "$1"; }
[ -n "$cmd" ] || usage

case $cmd in
pair)
  [ $# -ge 5 ] || usage
  S=$2 C=$3 CA=$4; shift 4
  for n in "$S" "$C"; do
    [ ${#n} -le 14 ] || { echo "netns.sh: name '$n' longer than 14 characters" >&2; exit 2; }
    exists "$n" && { echo "netns.sh: namespace $n already exists (netns.sh down $n)" >&2; exit 1; }
  done
  trap 'ip netns del "$S" 2>/dev/null; ip netns del "$C" 2>/dev/null; ip link del "${C}0" 2>/dev/null' ERR
  ip netns add "$S"; ip netns add "$C"
  for n in "$S" "$C"; do
    # interfaces created from now on start with IPv6 disabled (lo, already there, keeps ::1)
    ip netns exec "$n" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
  done
  ip link add "${C}0" netns "$C" type veth peer name "${S}0" netns "$S"
  case " ${CA//,/ } $* " in
  *:*)
    # IPv6 on the veth ends with only the addresses given: set up before the link comes up, so that
    # the kernel neither makes a link-local address of its own nor sends DAD probes or solicitations
    for n in "$S" "$C"; do
      for k in addr_gen_mode=1 accept_dad=0 dad_transmits=0 accept_ra=0 router_solicitations=0 disable_ipv6=0; do
        ip netns exec "$n" sysctl -qw "net.ipv6.conf.${n}0.$k"
      done
      ip netns exec "$n" sysctl -qw net.ipv6.icmp.ratelimit=0
    done ;;
  *)
    ip netns exec "$S" sysctl -qw "net.ipv6.conf.${S}0.disable_ipv6=1"
    ip netns exec "$C" sysctl -qw "net.ipv6.conf.${C}0.disable_ipv6=1" ;;
  esac
  # ICMP errors (port unreachable, admin-prohibited) are rate limited per destination (~1/s after a
  # burst of 6): without this, later "refused"/"prohibited" answers arrive late and look "filtered"
  ip netns exec "$S" sysctl -qw net.ipv4.icmp_ratelimit=0
  add_address() { # NS ADDR
    local a=$2 flags=()
    case $a in */*) ;; *:*) a=$a/64;; *) a=$a/24;; esac
    case $a in *:*) flags=(nodad);; esac
    ip -n "$1" addr add "$a" dev "${1}0" "${flags[@]}"
  }
  for a in ${CA//,/ }; do add_address "$C" "$a"; done
  for a in "$@"; do add_address "$S" "$a"; done
  for n in "$S" "$C"; do ip -n "$n" link set lo up; ip -n "$n" link set "${n}0" up; done
  # the link needs a moment to come up (no DAD for IPv4)
  for _ in $(seq 50); do
    ip -n "$S" -br link show "${S}0" | grep -q ' UP ' && ip -n "$C" -br link show "${C}0" | grep -q ' UP ' && break
    sleep 0.05
  done
  trap - ERR
  ;;
down)
  shift
  for NS in "$@"; do
    exists "$NS" || continue
    pids=$(ip netns pids "$NS" | tr '\n' ' ')
    if [ -n "${pids// }" ]; then
      kill -TERM $pids 2>/dev/null || true
      for _ in $(seq 50); do [ -z "$(ip netns pids "$NS")" ] && break; sleep 0.1; done
      pids=$(ip netns pids "$NS" | tr '\n' ' ')
      [ -n "${pids// }" ] && { echo "netns.sh: SIGKILL to $pids (in $NS)" >&2; kill -KILL $pids 2>/dev/null || true; }
    fi
    ip netns del "$NS"
  done
  ;;
firewall)
  [ $# -eq 2 ] || usage
  exists "$2" || { echo "netns.sh: no namespace $2" >&2; exit 1; }
  ip netns exec "$2" nft -f -
  ;;
exists)
  [ $# -eq 2 ] || usage
  exists "$2"
  ;;
*) usage ;;
esac
