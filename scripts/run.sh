#!/usr/bin/env bash
# Quick start: installs missing packages, builds, simulates the default workload (one SD2-inpainting UNet
# denoising step at 512 px, batch 2 for classifier-free guidance) on the default NPU preset
# and prints the summary. Extra arguments go to `npusim run` (e.g. --set array.rows=64).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/deps.sh"
"$ROOT/scripts/build.sh"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
exec "${NPUSIM_BUILD_DIR:-$ROOT/build}/npusim" run \
  --config "$ROOT/configs/mobile_npu.yaml" \
  --workload "$ROOT/workloads/sd2_inpainting/unet_512.trace" \
  --out "$ROOT/results/unet_512" "$@"
