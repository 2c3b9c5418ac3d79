#!/bin/bash
# package-purge.sh LIST -- the cleanup of the installed .deb (ctest fixture "package"): purges the
# topocheck package that tests/run-all.sh installed, then fails if any file it installed is left, or
# a directory it created that no other package owns. LIST is what run-all.sh recorded from
# `dpkg -L topocheck` ("f PATH" / "d PATH" lines). Nothing installed and no LIST: nothing to do
# (a developer's ctest run), except in CI, where the package must have been installed.
set -uo pipefail
LIST=${1:?usage: package-purge.sh LIST}
status=$(dpkg-query -W -f='${db:Status-Abbrev}' topocheck 2>/dev/null || true)
if [ ! -s "$LIST" ]; then
  if [ -n "${CI:-}" ] || [ "${TOPOCHECK_EXPECT_PACKAGE:-0}" = 1 ]; then
    echo "package-purge.sh: FAIL: no record of the installed package ($LIST)" >&2; exit 1
  fi
  echo "package-purge.sh: no package was installed by run-all.sh: nothing to remove"; exit 0
fi
case $status in
i*|r*) apt-get -q -y -o DPkg::Lock::Timeout=600 purge topocheck >/dev/null \
         || { echo "package-purge.sh: FAIL: apt-get purge topocheck failed" >&2; exit 1; } ;;
esac
left=()
while read -r kind path; do
  [ -e "$path" ] || [ -L "$path" ] || continue
  # a directory stays where another package still owns it
  [ "$kind" = d ] && dpkg-query -S "$path" >/dev/null 2>&1 && continue
  left+=("$path")
done < "$LIST"
if [ ${#left[@]} -gt 0 ]; then
  echo "package-purge.sh: FAIL: the purged package left ${#left[@]} of its paths behind:" >&2
  printf '  %s\n' "${left[@]}" >&2
  exit 1
fi
echo "package-purge.sh: package removed cleanly: of its $(wc -l < "$LIST") recorded paths, only directories" \
  "other packages own are left"
rm -f "$LIST"
