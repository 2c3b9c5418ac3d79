#!/bin/bash
# The README's window screenshots: a live run against the lab's real servers (tests/lab), from the
# client namespace, under Xvfb at 1600x1000, 1024x700 and QT_SCALE_FACTOR=2 on 1600x1000, plus a run
# caught mid-way and a failed link's checks (1600x1000).
# Without a CA file the lab's certificates are not trusted (amber), the global catalog over TLS is
# dropped and one Control Room node lacks the web ports (red), the file share answers (green).
#   bash tests/gui/screenshots.sh BUILD_DIR      (root; brings the lab up and down under the lab lock)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:?usage: screenshots.sh BUILD_DIR}
driver=$build/tests/gui/screenshot_driver
out=$root/resources/screenshots
cmake --build "$build" --target screenshot_driver >/dev/null

shoot() { # name screen scale link [mid-run]
    local name=$1 screen=$2 scale=$3 link=$4 mode=${5:-} ready
    ready=$(mktemp -u /tmp/topocheck-shot.XXXXXX)
    ip netns exec tccli env QT_SCALE_FACTOR="$scale" xvfb-run -a -s "-screen 0 ${screen}x24" bash -c '
        "$1" "$2" "$3" "$4" $6 & pid=$!
        for _ in $(seq 600); do [ -e "$4" ] && break; sleep 0.1; done
        [ -e "$4" ] || { echo "no run finished in 60 s" >&2; kill "$pid"; exit 1; }
        import -window root "$5"
        kill "$pid"; wait "$pid" || true' _ "$driver" "$here/lab-site.json" "$link" "$ready" "$out/$name.png" "$mode"
    rm -f "$ready"
    echo "$out/$name.png"
}

flock /tmp/topocheck-lab.lock python3 "$root/tests/lab/reaper.py" bash -c '
    set -e
    "$1/tests/lab/lab.sh" up >/dev/null
    trap "\"$1/tests/lab/lab.sh\" down >/dev/null" EXIT
    '"$(declare -f shoot)"'
    here=$2; out=$3; driver=$4
    shoot window-1600x1000 1600x1000 1 "control-room>control-room"
    shoot window-1024x700 1024x700 1 "control-room>active-directory"
    shoot window-scale2 1600x1000 2 "control-room>active-directory"
    shoot window-mid-run 1600x1000 1 "control-room>control-room" mid-run
    shoot failed-link-details 1600x1000 1 "control-room>active-directory"
' _ "$root" "$here" "$out" "$driver"
