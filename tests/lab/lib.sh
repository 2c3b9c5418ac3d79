# lib.sh -- sourced by every start-*.sh; not meant to be run on its own.
# (Adapted from the shared lab recipes, shared/lab/lib.sh; lab.sh is the entry point.)
#
# Conventions shared by all start scripts:
#   start-X.sh WORKDIR ADDR [PORT...]   (run as root)
#   * config, logs and state of service X live in WORKDIR/X/ (X = $NAME, default the service name;
#     set NAME=... to run two instances of one service in the same WORKDIR)
#   * NETNS=name: the daemon runs inside that network namespace (ip netns exec)
#   * the daemon runs in the FOREGROUND (no self-daemonizing), in its own session (setsid), with
#     stdin </dev/null and stdout/stderr to WORKDIR/X/X.out -- never to the caller's stdout, or a
#     caller that runs PID=$(start-X.sh ...) would block until the daemon exits
#   * "PID STARTTIME" goes to WORKDIR/pids/X.pid; stop.sh WORKDIR uses it (start time guards
#     against PID reuse; the session id = PID also finds the daemon's children)
#   * the script prints the PID on stdout once the service answers at protocol level, and exits
#     non-zero (with the tail of the log on stderr) if it died or did not become ready in time
set -euo pipefail
LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3     # Debian's python3: the python3-* packages are not visible to a pyenv/venv python3
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
if [ -n "${NETNS:-}" ]; then ip netns list | awk '{print $1}' | grep -qx -- "$NETNS" || die "no network namespace '$NETNS'"; fi

# run a command inside $NETNS if set (ip netns exec execs it: same PID, environment kept)
nsexec() { if [ -n "${NETNS:-}" ]; then ip netns exec "$NETNS" "$@"; else "$@"; fi; }

# /proc/PID/stat with "pid (comm) " stripped: field 1 = state, 4 = session id, 20 = start time (ticks)
pstat() { local s; s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; echo "${s##*) }"; }
# alive = exists and is not a zombie. kill -0 succeeds on zombies, and an orphaned daemon's zombie stays
# until PID 1 reaps it -- never in a container without an init, ~1.8 s later on this microVM; see reaper.py
alive() { local s; s=$(pstat "$1") || return 1; case ${s%% *} in Z|X|x) return 1;; esac; }

# svc_dir NAME: set N (instance name), D (its directory, recreated empty) and LOG
svc_dir() {
  N=${NAME:-$1}; D=$W/$N; LOG=$D/$N.out
  rm -rf "$D"; mkdir -p "$D" "$W/pids"
}

# launch CMD...: start CMD in the background as described above; sets PID.
# The command is run as a simple command (not via a shell function) so that bash's fork + exec leaves
# $! = the daemon itself: ip netns exec and setsid both exec, they do not fork.
# SETSID=0 for daemons that call setsid() themselves and fail if they already lead a session (smbd -F).
launch() {
  [ "${SETSID:-1}" = 1 ] && set -- setsid "$@"
  [ -n "${NETNS:-}" ] && set -- ip netns exec "$NETNS" "$@"
  # 9>&-: lab.sh holds its lock on fd 9; a daemon must not inherit it (it would hold the lock forever)
  "$@" </dev/null >"$LOG" 2>&1 9>&- &
  PID=$!
  local s; s=$(pstat "$PID") || die "$N exited at once (see $LOG)"
  echo "$PID $(echo "$s" | cut -d' ' -f20)" > "$W/pids/$N.pid"
}

# ready TIMEOUT_S CHECK...: poll CHECK (run in $NETNS) until it succeeds, then print $PID.
# On failure: show the log tail, SIGTERM the daemon, exit 1 (stop.sh WORKDIR removes anything else).
ready() {
  local tmo=$1; shift
  local end=$(( $(date +%s) + tmo )) delay=0.05
  [ "$tmo" -gt 20 ] && delay=0.25      # slow starters (rabbitmq): poll gently, 2 cores only
  until nsexec "$@" >/dev/null 2>&1; do
    if ! alive "$PID"; then echo "$N died during start-up; last lines of $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; fi
    if [ "$(date +%s)" -ge "$end" ]; then
      echo "$N not ready after ${tmo}s, stopping it; last lines of $LOG:" >&2; tail -n 20 "$LOG" >&2
      kill -TERM "$PID" 2>/dev/null || true; exit 1
    fi
    sleep "$delay"
  done
  echo "$PID"
}

# exim unpacked from its packages by installer/debian-deps.sh test on a machine whose MTA is not exim
# (start-exim4.sh runs it when present; TOPOCHECK_LAB_EXIM_ROOT points elsewhere for a test)
EXIM_UNPACKED=${TOPOCHECK_LAB_EXIM_ROOT:-/var/lib/topocheck-lab/exim4}

# TCP readiness check usable with ready(): ready 10 "${TCP_OPEN[@]}" HOST PORT
TCP_OPEN=(bash -c 'exec 3<>"/dev/tcp/$0/$1"')

# need_args HAVE WANT: print the usage (the script's header comment) and exit 2 if too few arguments
need_args() { [ "$1" -ge "$2" ] || { sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }; }
