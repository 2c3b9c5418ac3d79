#!/bin/bash
# fleet.sh -- the Ansible fleet playbook (installer/ansible/topocheck.yml) run for real: Debian's
# ansible-playbook, over SSH, against three machines in network namespaces of this test's own (two Bot
# Agents and one Control Room node), each running the installed /usr/bin/topocheck; then the merged
# JSON, CSV and PDF are checked (python3, pdftotext). CTest fleet_playbook (label lab, fixture package).
#
#   tcfhub (controller: ansible-playbook, bridge tcfbr 10.239.15.1/24)
#     ├── tcfcr1  fleet-cr1  10.239.15.10  Control Room node: sshd; `topocheck --listen --as control-room`
#     ├── tcfba1  fleet-ba1  10.239.15.21  Bot Agent: sshd
#     └── tcfba2  fleet-ba2  10.239.15.22  Bot Agent: sshd; the Control Room's firewall refuses it 443
#
# Each node has its own UTS namespace (its own host name, which Topocheck reports as the vantage) and
# an sshd bound to its address: key-only, root, a throwaway client key and host keys made per run,
# known_hosts written from those host keys (strict checking), no PAM, no DNS. The namespaces share the
# host's file system, so /usr/bin/topocheck, python3 and the per-host work directories are the host's.
# No route leaves 10.239.15.0/24 (not the lab's 10.234.0.0/24 nor run-wine.sh's 10.231.0.0/30).
# The profile names only the Control Room node (control-room and load-balancer): each Bot Agent tests
# HTTP/HTTPS to it (answered by the listener, --expect-listener) and the exposure checks of its cluster
# ports (refused: pass); the node tests its own loopback services. A second, shorter run gives
# fleet-cr1 a role Topocheck refuses (exit status 2): that host fails, its listener is stopped all the
# same, and fleet-ba1 is merged alone with fleet-cr1 named as missing.
#
# Without the package installed it skips (77), unless CI or TOPOCHECK_EXPECT_PACKAGE=1 (then it fails).
# TOPOCHECK_FLEET_EXE=/path/to/topocheck runs a build instead (development); TOPOCHECK_FLEET_KEEP=DIR
# keeps the results, the playbook's output and the inventory there. Needs root, iproute2,
# nftables, openssh-server, ansible, poppler-utils. Removes its namespaces, sshd, keys and files on exit.
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
PLAYBOOK=$SRC/installer/ansible/topocheck.yml
NETNS=$SRC/tests/lab/netns.sh
HUB=tcfhub NET=10.239.15
NODES=(fleet-cr1 fleet-ba1 fleet-ba2)
declare -A NS=([fleet-cr1]=tcfcr1 [fleet-ba1]=tcfba1 [fleet-ba2]=tcfba2)
declare -A ADDR=([fleet-cr1]=$NET.10 [fleet-ba1]=$NET.21 [fleet-ba2]=$NET.22)
CR=${ADDR[fleet-cr1]}
t0=$(date +%s.%N)
say() { printf 'fleet.sh: %s\n' "$*"; }
fail() { printf 'fleet.sh: FAIL: %s\n' "$*" >&2; exit 1; }
elapsed() { python3 -c "import sys,time; print(f'{time.time()-float(sys.argv[1]):.1f}')" "$t0"; }

[ "$(id -u)" = 0 ] || { say "needs root (network namespaces): skipped"; exit 77; }
strict() { [ -n "${CI:-}" ] || [ "${TOPOCHECK_EXPECT_PACKAGE:-0}" = 1 ]; }
if [ -n "${TOPOCHECK_FLEET_EXE:-}" ]; then
  EXE=$TOPOCHECK_FLEET_EXE
  [ -x "$EXE" ] || fail "TOPOCHECK_FLEET_EXE=$EXE is not an executable"
else
  EXE=/usr/bin/topocheck
  if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' topocheck 2>/dev/null || true)" != "ii " ]; then
    strict && fail "the topocheck package is not installed"
    say "the topocheck package is not installed: skipped"; exit 77
  fi
fi
for tool in ip nft /usr/sbin/sshd ssh ssh-keygen unshare ansible-playbook pdftotext python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing (installer/debian-deps.sh test installs it)"
done

W=$(mktemp -d /tmp/topocheck-fleet.XXXXXX)
chmod 755 "$W"
declare -A SSHD_PID=()
cleanup() {
  local rc=$? n
  set +e
  for n in "${!SSHD_PID[@]}"; do kill "${SSHD_PID[$n]}" 2>/dev/null; done
  for n in "${!SSHD_PID[@]}"; do wait "${SSHD_PID[$n]}" 2>/dev/null; done
  "$NETNS" down "$HUB" "${NS[@]}" 2>/dev/null
  if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
    for n in "${NODES[@]}"; do
      [ -s "$W/nodes/$n/sshd.log" ] && sed "s/^/  sshd $n: /" "$W/nodes/$n/sshd.log" | tail -n 8 | cut -c1-300 >&2
      [ -s "$W/nodes/$n/work/listener.log" ] && sed "s/^/  listener $n: /" "$W/nodes/$n/work/listener.log" | tail -n 8 | cut -c1-300 >&2
    done
  fi
  if [ -n "${TOPOCHECK_FLEET_KEEP:-}" ] && [ -d "$W/results" ]; then
    mkdir -p "$TOPOCHECK_FLEET_KEEP" && cp -r "$W/results" "$W/playbook.log" "$W/inventory.ini" "$W/profile.json" "$TOPOCHECK_FLEET_KEEP/"
  fi
  rm -rf "$W"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the network: a bridge in the controller's namespace, one veth to each node -----------------
"$NETNS" down "$HUB" "${NS[@]}" 2>/dev/null || true   # leftovers of a killed run
for ns in "$HUB" "${NS[@]}"; do
  ip netns add "$ns"
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1   # IPv4 only, no router solicitations
  ip -n "$ns" link set lo up
done
ip -n "$HUB" link add tcfbr type bridge
ip -n "$HUB" addr add "$NET.1/24" dev tcfbr
ip -n "$HUB" link set tcfbr up
for n in "${NODES[@]}"; do
  ns=${NS[$n]}
  ip link add "h-$ns" netns "$HUB" type veth peer name fleet0 netns "$ns"
  ip -n "$HUB" link set "h-$ns" master tcfbr up
  ip -n "$ns" addr add "${ADDR[$n]}/24" dev fleet0
  ip -n "$ns" link set fleet0 up
done
# The Control Room node's firewall, as the vendor's document asks: from outside the cluster only HTTP
# and HTTPS (and SSH, for Ansible), every other port refused, so the Bot Agents' exposure checks pass
# although the listener holds the cluster ports; and HTTPS from fleet-ba2 is refused (an ICMP
# admin-prohibited: "filtered"), so that the two agents disagree on one flow.
ip netns exec "${NS[fleet-cr1]}" nft -f - <<EOF
table inet tcfleet {
  chain input {
    type filter hook input priority filter; policy accept;
    ip saddr ${ADDR[fleet-ba2]} tcp dport 443 reject with icmpx admin-prohibited
    ip saddr { ${ADDR[fleet-ba1]}, ${ADDR[fleet-ba2]} } tcp dport != { 22, 80, 443 } reject with tcp reset
  }
}
EOF

# --- sshd in each node: key-only root login with a key made for this run -----------------------
mkdir -p "$W/ssh" /run/sshd
chmod 700 "$W/ssh"; chmod 755 /run/sshd
ssh-keygen -q -t ed25519 -N '' -C topocheck-fleet-test -f "$W/ssh/id_ed25519"
cp "$W/ssh/id_ed25519.pub" "$W/ssh/authorized_keys"
: > "$W/ssh/known_hosts"
for n in "${NODES[@]}"; do
  d=$W/nodes/$n
  mkdir -p "$d/work"
  ssh-keygen -q -t ed25519 -N '' -C "$n" -f "$d/ssh_host_ed25519_key"
  echo "${ADDR[$n]} $(cut -d' ' -f1-2 "$d/ssh_host_ed25519_key.pub")" >> "$W/ssh/known_hosts"
  cat > "$d/sshd_config" <<EOF
ListenAddress ${ADDR[$n]}:22
HostKey $d/ssh_host_ed25519_key
PidFile $d/sshd.pid
AuthorizedKeysFile $W/ssh/authorized_keys
AllowUsers root
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
StrictModes no
X11Forwarding no
AllowTcpForwarding no
PrintMotd no
MaxStartups 30:30:60
Subsystem sftp internal-sftp
EOF
  /usr/sbin/sshd -t -f "$d/sshd_config" || fail "sshd -t rejected $d/sshd_config"
  # ip netns exec, unshare and sh each exec the next: $! is sshd itself, in its own UTS namespace
  ip netns exec "${NS[$n]}" unshare --uts /bin/sh -c 'hostname "$1" && exec /usr/sbin/sshd -D -e -f "$2"' \
    sh "$n" "$d/sshd_config" < /dev/null > "$d/sshd.log" 2>&1 &
  SSHD_PID[$n]=$!
done
for n in "${NODES[@]}"; do
  for _ in $(seq 100); do
    banner=$(ip netns exec "$HUB" timeout 1 bash -c "exec 3<>/dev/tcp/${ADDR[$n]}/22 && head -c 8 <&3" 2>/dev/null || true)
    [ "$banner" = SSH-2.0- ] && break
    kill -0 "${SSHD_PID[$n]}" 2>/dev/null || fail "sshd of $n exited: $(cat "$W/nodes/$n/sshd.log")"
    sleep 0.1
  done
  [ "$banner" = SSH-2.0- ] || fail "sshd of $n does not answer on ${ADDR[$n]}:22"
done
say "3 nodes up, sshd answering ($(elapsed) s)"

# --- the profile and the inventory -----------------------------------------------------------------
LISTEN=false
"$EXE" --help 2>&1 | grep -q -- '--listen' && LISTEN=true
cat > "$W/profile.json" <<EOF
{"format": "topocheck-profile/1", "name": "Fleet test", "template": "automation360",
 "hosts": {"control-room": ["$CR"], "load-balancer": ["$CR"]},
 "options": {"timeout_ms": 1500, "concurrency": 128}}
EOF
{
  echo "[control_room]"
  echo "fleet-cr1 ansible_host=$CR topocheck_remote_dir=$W/nodes/fleet-cr1/work topocheck_listen_addresses='[\"$CR\"]'"
  echo "[bot_agents]"
  for n in fleet-ba1 fleet-ba2; do echo "$n ansible_host=${ADDR[$n]} topocheck_remote_dir=$W/nodes/$n/work"; done
  cat <<EOF
[all:vars]
ansible_user=root
ansible_ssh_private_key_file=$W/ssh/id_ed25519
ansible_ssh_common_args=-o UserKnownHostsFile=$W/ssh/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=10
ansible_python_interpreter=/usr/bin/python3
topocheck_exe=$EXE
topocheck_merge_exe=$EXE
topocheck_results_dir=$W/results
topocheck_listen_duration_s=120
EOF
} > "$W/inventory.ini"

# --- the playbook, from the controller's namespace ---------------------------------------------
mkdir -p "$W/ansible/tmp" "$W/ansible/cp" "$W/ansible/remote" "$W/ansible/async"
: > "$W/ansible.cfg"          # no /etc/ansible/ansible.cfg, no ~/.ansible.cfg
export ANSIBLE_CONFIG=$W/ansible.cfg ANSIBLE_HOME=$W/ansible ANSIBLE_LOCAL_TEMP=$W/ansible/tmp \
  ANSIBLE_REMOTE_TEMP=$W/ansible/remote ANSIBLE_ASYNC_DIR=$W/ansible/async \
  ANSIBLE_SSH_CONTROL_PATH_DIR=$W/ansible/cp ANSIBLE_FORKS=5 ANSIBLE_PIPELINING=True ANSIBLE_NOCOLOR=1 \
  ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_DISPLAY_SKIPPED_HOSTS=False ANSIBLE_RETRY_FILES_ENABLED=False \
  ANSIBLE_LOCALHOST_WARNING=False ANSIBLE_INVENTORY_UNPARSED_WARNING=False
say "ansible-playbook $(ansible-playbook --version 2>/dev/null | sed -n '1s/^ansible-playbook //p'), topocheck_listen=$LISTEN, $EXE"
rc=0
ip netns exec "$HUB" timeout 240 ansible-playbook -i "$W/inventory.ini" "$PLAYBOOK" \
  -e "topocheck_profile=$W/profile.json" -e "topocheck_listen=$LISTEN" > "$W/playbook.log" 2>&1 || rc=$?
if [ "$rc" != 0 ]; then
  cat "$W/playbook.log" >&2
  fail "ansible-playbook exit status $rc"
fi
grep -E '^(PLAY RECAP|fleet-|localhost)' "$W/playbook.log" | sed 's/^/  /'
grep -A3 '"msg": "' "$W/playbook.log" | grep -m1 'vantage(s) merged' | sed 's/^ *"msg": /  /' || true
say "playbook done ($(elapsed) s)"

# --- what the playbook left ---------------------------------------------------------------------
for n in "${NODES[@]}"; do
  [ -s "$W/results/hosts/$n.json" ] || fail "no results fetched from $n ($W/results/hosts/$n.json)"
done
for f in merged.json merged.pdf merged.csv; do [ -s "$W/results/$f" ] || fail "the merge wrote no $f"; done
bound=$(ip netns exec "${NS[fleet-cr1]}" ss -Hlntu | awk '$5 !~ /:22$/ {print $1, $5}' | paste -sd' ')
[ -z "$bound" ] || fail "the listener left ports bound on fleet-cr1: $bound"
if [ "$LISTEN" = true ]; then
  grep -q 'holding' "$W/nodes/fleet-cr1/work/listener.log" || fail "the listener held nothing: $(cat "$W/nodes/fleet-cr1/work/listener.log")"
  grep -q 'Show what the listener held' "$W/playbook.log" || fail "the playbook did not stop the listener"
fi

python3 - "$W/results" "$LISTEN" "${ADDR[fleet-ba2]}" <<'PY' || fail "the merged results are not what the three vantages saw"
import csv, glob, json, os, sys
d, listen, ba2_addr = sys.argv[1], sys.argv[2] == "true", sys.argv[3]
nodes = {"fleet-cr1": "control-room", "fleet-ba1": "bot-agent", "fleet-ba2": "bot-agent"}
inputs = {os.path.basename(p)[:-5]: json.load(open(p)) for p in sorted(glob.glob(d + "/hosts/*.json"))}
merged = json.load(open(d + "/merged.json"))
problems = []
def need(cond, what):
    if not cond: problems.append(what)

# each host ran as its inventory group's role, under its own host name
for name, role in nodes.items():
    v = inputs[name]["vantage"]
    need(v["role"] == role and v["hostname"] == name, f"{name}: vantage {v} (expected role {role}, hostname {name})")
need(merged["format"] == "topocheck-results/1", "merged format")
need(merged["vantage"]["role"] == "merged", f"merged vantage {merged['vantage']}")
src = {(m["hostname"], m["role"]) for m in merged.get("merged_from", [])}
need(src == set(nodes.items()), f"merged_from {sorted(src)}, expected {sorted(nodes.items())}")

key = lambda c: (c["flow"], c["host"], c["port"], c.get("via", ""), c.get("ports", ""))
mkeys = {}
for c in merged["checks"]:
    mkeys.setdefault(key(c), []).append(c)
# every check that any vantage tested is in the merge, from a machine of the flow's own source role
tested = 0
for name, r in inputs.items():
    for c in r["checks"]:
        if c["state"] == "not-tested":
            continue
        tested += 1
        m = mkeys.get(key(c))
        if not m:
            problems.append(f"{name}: {c['flow']} {c['host']}:{c['port']} missing from the merge"); continue
        for mc in m:
            need(mc.get("tested_from") in nodes, f"{c['flow']}:{c['port']} tested_from {mc.get('tested_from')!r}")
            if mc["expect"] != "closed":
                need(nodes.get(mc.get("tested_from")) == mc["from"],
                     f"{c['flow']}:{c['port']} tested_from {mc.get('tested_from')} is not a {mc['from']}")
# and every planned check (tested or not) is there once per (flow, host, port)
planned = {key(c) for r in inputs.values() for c in r["checks"]}
need(set(mkeys) == planned, f"the merge has {len(mkeys)} distinct checks, the vantages planned {len(planned)}")
froms = {c.get("tested_from") for c in merged["checks"] if c["state"] != "not-tested"}
# with the listener one agent passes HTTPS and the other is refused: both agents name a check
expected = set(nodes) if listen else {"fleet-cr1", "fleet-ba1"}
need(froms >= expected, f"tested_from {sorted(x or '' for x in froms)}, expected {sorted(expected)}")
for prefix in ("bot-agent>load-balancer:", "outside>control-room:", "control-room>localhost:"):
    need(any(c["flow"].startswith(prefix) and c["state"] != "not-tested" for c in merged["checks"]),
         f"no tested {prefix}* check in the merge")

# the refused agent's HTTPS failure wins over the other agent's pass, named with its vantage
https = [c for c in merged["checks"] if c["flow"] == "bot-agent>load-balancer:https"]
need(len(https) == 1 and https[0]["verdict"] == "fail", f"bot-agent>load-balancer:https in the merge: {https}")
if listen and https:
    need(https[0]["tested_from"] == "fleet-ba2" and https[0]["state"] == "filtered",
         f"bot-agent>load-balancer:https: fleet-ba2's refusal does not win: {https}")
ba1_https = [c for c in inputs["fleet-ba1"]["checks"] if c["flow"] == "bot-agent>load-balancer:https"]
http = [c for c in merged["checks"] if c["flow"] == "bot-agent>load-balancer:http"]
if listen:
    need(all(c["verdict"] == "pass" and c["reason"] == "listener" for c in ba1_https),
         f"fleet-ba1's HTTPS check did not meet the listener: {ba1_https}")
    need(len(http) == 1 and http[0]["reason"] == "listener" and http[0]["verdict"] == "pass",
         f"bot-agent>load-balancer:http in the merge did not meet the listener: {http}")
exposure = [c for c in merged["checks"] if c["flow"].startswith("outside>control-room:")]
need(exposure and all(c["verdict"] == "pass" for c in exposure), "an exposure check failed: a cluster port answered")
s = merged["summary"]
need(s["fail"] >= 1 and sum(s.values()) == len(merged["checks"]), f"merged summary {s} for {len(merged['checks'])} checks")

# issue 15: every tested check of every machine, named with its machine, and per (link, role) a tally
vc = merged.get("vantage_checks")
need(isinstance(vc, list) and len(vc) == tested,
     f"vantage_checks: {len(vc) if isinstance(vc, list) else vc!r} checks, the vantages tested {tested}")
vfrom = {c.get("tested_from") for c in vc or []}
need(vfrom == set(nodes), f"vantage_checks tested_from {sorted(str(x) for x in vfrom)}, expected {sorted(nodes)}")
for name, r in inputs.items():
    mine = sum(1 for c in r["checks"] if c["state"] != "not-tested")
    got = sum(1 for c in vc or [] if c.get("tested_from") == name)
    need(got == mine, f"vantage_checks: {got} checks from {name}, it tested {mine}")
fleet = merged.get("fleet")
need(isinstance(fleet, list) and fleet, f"no fleet tallies in merged.json: {fleet!r}")
lb = [t for t in fleet or [] if t.get("link") == "bot-agent>load-balancer" and t.get("role") == "bot-agent"]
need(len(lb) == 1 and lb[0]["decides"] and lb[0]["machines"] == 2
     and lb[0]["pass"] + lb[0]["warn"] + lb[0]["fail"] == 2, f"fleet tally of the Bot Agents' load balancer link: {lb}")
if listen and lb:
    need(lb[0]["pass"] == 1 and lb[0]["fail"] == 1 and lb[0]["failing"] == ["fleet-ba2"],
         f"fleet tally: fleet-ba2's refusal is not the one failure of the load balancer link: {lb}")
for t in fleet or []:
    need(t.get("role") in set(nodes.values()), f"fleet tally of an unknown role: {t}")
    need(t["pass"] + t["warn"] + t["fail"] <= t["machines"] <= 2, f"fleet tally counts: {t}")
with open(d + "/fleet-lb.txt", "w") as out:
    if lb: out.write(f"{lb[0]['pass']} {lb[0]['machines']}\n")

# the CSV: every tested check of every machine, and the plan's row of each check no machine tested
untested = sum(1 for c in merged["checks"] if c["state"] == "not-tested")
rows = list(csv.reader(open(d + "/merged.csv", newline="")))
need(len(rows) - 1 == tested + untested,
     f"merged.csv has {len(rows) - 1} rows; the vantages tested {tested} checks and {untested} were tested by none")

for p in problems: print("  merged:", p[:600], file=sys.stderr)
if problems:
    for name, r in inputs.items():
        bad = [c for c in r["checks"] if c["verdict"] == "fail"]
        for c in bad[:6]:
            print(f"  {name} failed: {c['flow']} {c['host']}:{c['port']} {c['state']} {c['reason']} {c['detail'][:100]}", file=sys.stderr)
        if len(bad) > 6: print(f"  {name}: {len(bad) - 6} more failed", file=sys.stderr)
    sys.exit(1)
per = ", ".join(f"{n} {len(r['checks'])} checks {r['summary']['fail']} failed" for n, r in inputs.items())
print(f"fleet.sh: merged.json: {len(merged['checks'])} checks from 3 vantages ({per}); {tested} tested, "
      f"every one in the merge; summary {json.dumps(s)}; merged.csv {len(rows) - 1} rows")
PY

pdftotext -layout "$W/results/merged.pdf" "$W/merged.txt" || fail "pdftotext could not read merged.pdf"
pages=$(pdfinfo "$W/results/merged.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
for want in fleet-cr1 fleet-ba1 fleet-ba2 "Bot Agent" "Load balancer" "$CR" 443; do
  grep -qF -- "$want" "$W/merged.txt" || fail "merged.pdf does not mention \"$want\""
done
# the fleet section: one line per link and group of machines, "N of M machines pass", as the JSON tallies say
read -r lb_pass lb_machines < "$W/results/fleet-lb.txt" || fail "no fleet tally of the load balancer link"
pdftotext -raw "$W/results/merged.pdf" - | tr -s ' \n' '  ' > "$W/merged-raw.txt" || fail "pdftotext -raw could not read merged.pdf"
fleet_line="Bot Agent → Load balancer / firewall Bot Agent decides $lb_pass of $lb_machines machine(s|\(s\)) pass"
grep -qE "5 Fleet: each link as every machine saw it.*$fleet_line" "$W/merged-raw.txt" \
  || fail "merged.pdf has no fleet line \"$fleet_line\": $(grep -oE '5 Fleet.{0,600}' "$W/merged-raw.txt" | head -c 700)"
grep -qF "How the merge decides:" "$W/merged-raw.txt" || fail "merged.pdf does not explain how the merge decides"
say "merged.pdf: ${pages:-?} pages naming the three vantages, the Bot Agent -> load balancer flows and $CR:443;" \
  "fleet line \"... $lb_pass of $lb_machines machines pass\""

# --- a host whose input Topocheck refuses (exit status 2) fails; its listener is stopped all the same
# and the other hosts are merged without it, the summary naming it
sed "s/^fleet-cr1 /fleet-cr1 topocheck_role=no-such-role /" "$W/inventory.ini" > "$W/inventory-refused.ini"
rc=0
ip netns exec "$HUB" timeout 240 ansible-playbook -i "$W/inventory-refused.ini" "$PLAYBOOK" -e topocheck_hosts=fleet-cr1,fleet-ba1 \
  -e "topocheck_profile=$W/profile.json" -e "topocheck_listen=$LISTEN" -e "topocheck_results_dir=$W/refused" \
  > "$W/playbook-refused.log" 2>&1 || rc=$?
refused_fail() { cat "$W/playbook-refused.log" >&2; fail "$*"; }
[ "$rc" = 2 ] || refused_fail "a host's refused input: ansible-playbook exit status $rc, expected 2 (a host failed)"
grep -q 'fatal: \[fleet-cr1\]: FAILED!.*"no-such-role"' "$W/playbook-refused.log" || refused_fail "fleet-cr1 did not fail on its role"
grep -q '1 vantage(s) merged.*no results from: fleet-cr1' "$W/playbook-refused.log" \
  || refused_fail "the merge of the remaining host does not name fleet-cr1 as missing"
python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))
assert [s["hostname"] for s in m["merged_from"]] == ["fleet-ba1"], m["merged_from"]' "$W/refused/merged.json" \
  || refused_fail "refused/merged.json does not hold fleet-ba1 alone"
if [ "$LISTEN" = true ]; then
  grep -q 'stopped' "$W/nodes/fleet-cr1/work/listener.log" || refused_fail "the failed host's listener was not stopped"
fi
bound=$(ip netns exec "${NS[fleet-cr1]}" ss -Hlntu | awk '$5 !~ /:22$/ {print $1, $5}' | paste -sd' ')
[ -z "$bound" ] || refused_fail "the failed host's listener left ports bound: $bound"
say "a refused role (exit status 2) fails its host only: listener stopped, fleet-ba1 merged alone, fleet-cr1 named missing"
say "PASS in $(elapsed) s"
