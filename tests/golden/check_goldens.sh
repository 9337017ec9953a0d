#!/usr/bin/env bash
# Runs every golden case and diffs its layers.csv against the checked-in one.
set -u
NPUSIM="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
for case in "$HERE"/*/; do
  name=$(basename "$case")
  if ! "$HERE/run_case.sh" "$NPUSIM" "$case" "$T/$name" 2>"$T/$name.err"; then
    echo "FAIL: $name: npusim failed"; cat "$T/$name.err"; fails=$((fails + 1)); continue
  fi
  if diff -u "$case/layers.csv" "$T/$name/layers.csv"; then passes=$((passes + 1))
  else echo "FAIL: $name: layers.csv differs (scripts/update_goldens.sh regenerates on purpose)"; fails=$((fails + 1)); fi
done
echo "golden: $passes passed, $fails failed"
[ "$fails" -eq 0 ] && [ "$passes" -gt 0 ]
