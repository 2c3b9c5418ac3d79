#!/bin/bash
# lint.sh -- ansible-lint --offline on installer/ansible (the fleet playbook, its role defaults, group_vars),
# production profile, and ansible-playbook --syntax-check. CTest fleet_ansible_lint (label unit).
# Without ansible-lint it skips (77), except in CI (then it fails): installer/debian-deps.sh test installs it.
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
for tool in ansible-lint ansible-playbook; do
  if ! command -v "$tool" >/dev/null; then
    [ -n "${CI:-}" ] && { echo "lint.sh: FAIL: $tool is missing (installer/debian-deps.sh test)" >&2; exit 1; }
    echo "lint.sh: $tool is missing: skipped"; exit 77
  fi
done
W=$(mktemp -d /tmp/topocheck-lint.XXXXXX)
trap 'rm -rf "$W"' EXIT
# caches and Ansible's home in the temporary directory; no ansible.cfg of the machine or the user
: > "$W/ansible.cfg"
export HOME=$W XDG_CACHE_HOME=$W/cache ANSIBLE_HOME=$W/ansible ANSIBLE_CONFIG=$W/ansible.cfg ANSIBLE_LOCAL_TEMP=$W/tmp NO_COLOR=1
cd "$SRC"
ansible-playbook --syntax-check -i installer/ansible/inventory.example.ini installer/ansible/topocheck.yml \
  -e topocheck_profile=/dev/null > "$W/syntax.log" 2>&1 || { cat "$W/syntax.log" >&2; echo "lint.sh: FAIL: syntax check" >&2; exit 1; }
rc=0
ansible-lint --offline --profile production installer/ansible > "$W/lint.log" 2>&1 || rc=$?
cat "$W/lint.log"
[ "$rc" = 0 ] || { echo "lint.sh: FAIL: ansible-lint exit status $rc" >&2; exit 1; }
grep -Eq 'Passed with production profile: 0 failure\(s\), 0 warning\(s\) on [1-9][0-9]* files' "$W/lint.log" \
  || { echo "lint.sh: FAIL: ansible-lint did not report a clean pass over the files" >&2; exit 1; }
echo "lint.sh: PASS ($(ansible-lint --version 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'))"
