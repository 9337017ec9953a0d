#!/usr/bin/env bash
# Regenerates the checked-in SD2-inpainting traces in workloads/sd2_inpainting/ with `npusim workload`.
# The unit test Sd2Trace.CheckedInTracesMatchGenerator fails when they drift from the generator.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NPUSIM="${NPUSIM_BUILD_DIR:-$ROOT/build}/npusim"
OUT="$ROOT/workloads/sd2_inpainting"
for res in 512 768; do
  "$NPUSIM" workload sd2-inpaint --model unet --resolution "$res" --batch 2 -o "$OUT/unet_$res.trace"
  "$NPUSIM" workload sd2-inpaint --model vae_encoder --resolution "$res" --batch 1 -o "$OUT/vae_encoder_$res.trace"
  "$NPUSIM" workload sd2-inpaint --model vae_decoder --resolution "$res" --batch 1 -o "$OUT/vae_decoder_$res.trace"
  "$NPUSIM" workload sd2-inpaint --model text_encoder --resolution "$res" --batch 2 -o "$OUT/text_encoder_$res.trace"
done
