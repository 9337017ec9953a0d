#!/usr/bin/env bash
# The training run of profile-guided optimization (scripts/build.sh calls it with an instrumented npusim):
# the hot paths of the runs that matter, on one thread so that the profile is the same every time.
#   scripts/pgo_train.sh NPUSIM
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NPUSIM="$1"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
W="$ROOT/workloads/sd2_inpainting"
# every 12th layer of a UNet step at 512 px (61 layers, 0.5 GB of DRAM traffic): the DRAM path
(head -1 "$W/unet_512.trace"; sed -n '2,$p' "$W/unet_512.trace" | awk 'NR % 12 == 1') >"$T/unet_sub.trace"
"$NPUSIM" run --workload "$T/unet_sub.trace" --set memory.threads=1 --out "$T/o" --quiet
# the whole step with ideal memory: tiler and compute models
"$NPUSIM" run --workload "$W/unet_512.trace" --set memory.model=ideal --out "$T/o" --quiet
# the DRAM controller alone: 1 M sequential and random 64-byte requests (with 200 k the random replay
# came out 6 % slower than a build without the profile; with 1 M it is as fast)
for kind in seq rand; do
  "$ROOT/scripts/mem_trace.sh" "$kind" 1000000 >"$T/$kind.trace"
  "$NPUSIM" dram --trace "$T/$kind.trace" --out "$T/o" --quiet
done
