#!/usr/bin/env bash
# Regenerates the golden expected outputs on purpose (tests/golden/*/layers.csv and the checked-in
# SD2 traces); review the diff before committing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${NPUSIM_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/build.sh"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
for case in "$ROOT"/tests/golden/*/; do
  name=$(basename "$case")
  "$ROOT/tests/golden/run_case.sh" "$BUILD/npusim" "$case" "$T/$name"
  cp "$T/$name/layers.csv" "$case/layers.csv"
  echo "updated tests/golden/$name/layers.csv"
done
"$ROOT/scripts/gen_sd2_traces.sh" 2>/dev/null
echo "updated workloads/sd2_inpainting/*.trace"
git -C "$ROOT" status --short -- tests/golden workloads/sd2_inpainting
