#!/bin/bash
# installed-package.sh -- the installed Debian package against the lab (CTest installed_package_headless,
# fixture lab): /usr/bin/topocheck, as dpkg installed it, runs --headless from the client namespace on
# a profile of the lab's hosts. It must exit 0 or 1 (checks ran; 2 = it refused its input) and write
# topocheck-results/1 with checks, some of which passed (it reached the lab's servers).
# Without the package it skips (exit 77); TOPOCHECK_EXPECT_PACKAGE=1 (tests/run-all.sh) makes that a failure.
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
EXE=/usr/bin/topocheck CLI_NS=tccli
fail() { echo "installed-package.sh: FAIL: $*" >&2; exit 1; }

if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' topocheck 2>/dev/null || true)" != "ii " ]; then
  { [ "${TOPOCHECK_EXPECT_PACKAGE:-0}" = 1 ] || [ -n "${CI:-}" ]; } && fail "the topocheck package is not installed"
  echo "installed-package.sh: the topocheck package is not installed: skipped"; exit 77
fi
[ "$(dpkg-query -S "$EXE" 2>/dev/null | cut -d: -f1)" = topocheck ] || fail "$EXE is not the package's"
[ -r /run/topocheck-lab/ca.pem ] || fail "the lab is not up (/run/topocheck-lab/ca.pem missing)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
# the profile of tests/lab/tst_headless_lab.cpp, from a Bot Agent
cat > "$tmp/lab.json" <<'JSON'
{"format": "topocheck-profile/1", "name": "Lab (installed package)", "template": "automation360",
 "vantage": "bot-agent",
 "hosts": {"control-room": ["cr2.lab.test"], "load-balancer": ["lb.lab.test"],
           "active-directory": ["dc1.lab.test"], "file-share": ["files.lab.test"], "sql-server": ["sql.lab.test"]},
 "options": {"timeout_ms": 1500, "concurrency": 256, "kerberos_realm": "TEST.LOCAL",
             "ca_file": "/run/topocheck-lab/ca.pem"}}
JSON
rc=0
timeout 300 ip netns exec "$CLI_NS" "$EXE" --headless --profile "$tmp/lab.json" --json "$tmp/results.json" \
  2> "$tmp/stderr" || rc=$?
echo "installed-package.sh: ip netns exec $CLI_NS $EXE --headless --profile lab.json --json results.json: exit $rc"
case $rc in
0|1) ;;
*) sed 's/^/  stderr: /' "$tmp/stderr" >&2; fail "exit status $rc (expected 0 or 1)" ;;
esac
[ -s "$tmp/results.json" ] || fail "no results file"
/usr/bin/python3 - "$tmp/results.json" <<'PY' || fail "the results file is not valid topocheck-results/1 with checks"
import json, sys
r = json.load(open(sys.argv[1]))
checks = r.get("checks")
assert r.get("format") == "topocheck-results/1", r.get("format")
assert isinstance(checks, list) and checks, "no checks"
assert all(c.get("verdict") in ("pass", "warn", "fail", "skipped") for c in checks), "a check without a verdict"
passed = sum(c["verdict"] == "pass" for c in checks)
assert passed > 0, "no check passed: the lab was not reached"
print(f"installed-package.sh: {r.get('tool')}: {len(checks)} checks, summary {json.dumps(r.get('summary'))}")
PY
echo "installed-package.sh: PASS"
