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
# the DRAM controller alone: 200 k sequential and random 64-byte requests
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "R 0x%x\n", i * 64 }' >"$T/seq.trace"
awk 'BEGIN { srand(1); for (i = 0; i < 200000; i++) printf "%s 0x%x\n", (rand() < 0.3 ? "W" : "R"), int(rand() * 2^28) * 64 }' >"$T/rand.trace"
"$NPUSIM" dram --trace "$T/seq.trace" --out "$T/o" --quiet
"$NPUSIM" dram --trace "$T/rand.trace" --out "$T/o" --quiet
