#!/usr/bin/env bash
# Speed benchmark (not a test): wall time and peak memory of representative runs on this machine.
#   scripts/bench.sh [REPEATS]     (default 5; the best and the median wall time are reported)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${NPUSIM_BUILD_DIR:-$ROOT/build}"
REPEATS="${1:-5}"
"$ROOT/scripts/deps.sh"
"$ROOT/scripts/build.sh"
NPUSIM="$BUILD/npusim"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT

# bench NAME npusim-args...: prints best/median wall seconds and peak RSS over REPEATS runs.
bench() {
  local name="$1"; shift
  local times=()
  for _ in $(seq 1 "$REPEATS"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$NPUSIM" "$@" --out "$T/out" --quiet
    t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')")
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  local best; best=$(echo "$sorted" | head -1)
  local median; median=$(echo "$sorted" | sed -n "$(( (REPEATS + 1) / 2 ))p")
  local rss="n/a"
  if [ -x /usr/bin/time ]; then
    rss="$(/usr/bin/time -f '%M' "$NPUSIM" "$@" --out "$T/out" --quiet 2>&1 >/dev/null | tail -1) KiB"
  fi
  printf '%-44s best %8.3f s   median %8.3f s   peak RSS %s\n' "$name" "$best" "$median" "$rss"
  BEST="$best"
}

# bench_rate N NAME npusim-args...: bench, then N requests / best wall time.
bench_rate() {
  local n="$1"; shift
  bench "$@"
  awk -v n="$n" -v t="$BEST" 'BEGIN { printf "%-44s %.2f M requests/s (best)\n", "", n / t / 1e6 }'
}

echo "npusim benchmark on $(nproc) cores, $REPEATS repeats, $(date -u +%Y-%m-%d)"
W="$ROOT/workloads/sd2_inpainting"
bench "UNet step 512 px b2 (memory ideal)" run --workload "$W/unet_512.trace" --set memory.model=ideal
bench "UNet step 768 px b2 (memory ideal)" run --workload "$W/unet_768.trace" --set memory.model=ideal
bench "VAE decoder 512 px (memory ideal)" run --workload "$W/vae_decoder_512.trace" --set memory.model=ideal
bench "text encoder b2 (memory ideal)" run --workload "$W/text_encoder_512.trace" --set memory.model=ideal

# The memory path: every tile's traffic through the DRAM controller (at most 3 repeats: it is the slow part;
# one run alone says little on a machine whose speed varies by tens of percent).
REPEATS_SAVED=$REPEATS; REPEATS=$(( REPEATS < 3 ? REPEATS : 3 ))
bench "UNet step 512 px b2 (memory dram)" run --workload "$W/unet_512.trace" --set memory.model=dram
bench "UNet step 512 px b2 (memory dram, 1 thread)" run --workload "$W/unet_512.trace" --threads 1
bench "VAE decoder 512 px (memory dram)" run --workload "$W/vae_decoder_512.trace" --set memory.model=dram
bench "pipeline 512 px, 50 steps (memory dram)" pipeline
bench "pipeline 512 px, 50 steps (memory ideal)" pipeline --set memory.model=ideal

# The DRAM controller alone (npusim dram): 10 million 64-byte requests, sequential and random
# (30 % writes), untimed, 64 in flight. Requests per second = 10e6 / wall time.
for kind in seq rand; do "$ROOT/scripts/mem_trace.sh" "$kind" 10000000 >"$T/$kind.trace"; done
bench_rate 10000000 "npusim dram: 10M sequential requests" dram --trace "$T/seq.trace"
bench_rate 10000000 "npusim dram: 10M random requests" dram --trace "$T/rand.trace"
REPEATS=$REPEATS_SAVED
