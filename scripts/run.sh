#!/usr/bin/env bash
# Quick start: installs missing packages, builds, simulates the default workload on the default NPU preset
# and prints the summary. Extra arguments go to `npusim run` (e.g. --set array.rows=64).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/deps.sh"
"$ROOT/scripts/build.sh"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
exec "${NPUSIM_BUILD_DIR:-$ROOT/build}/npusim" run \
  --config "$ROOT/configs/mobile_npu.yaml" \
  --workload "$ROOT/workloads/traces/example_small.trace" \
  --out "$ROOT/results/example_small" "$@"
