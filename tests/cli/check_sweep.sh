#!/usr/bin/env bash
# The DRAM engine's fast paths (incremental FR-FCFS, trains, the scan's calendar) against its full scan
# beyond the presets, with a build compiled with -DNPU_DRAM_CHECK_TRAINS, which checks every decision at
# run time and aborts on the first that differs (docs/dram.md section 6a): a UNet subset and a mixed-size
# memory trace over ranks, bank organizations, channels, page policies, schedulers, refresh modes and
# mappings, command-bus cycles, rank-switch bubbles; the trace also with the protocol checker (--check-dram). Run by scripts/test.sh (whole suite) with the check build; refuses any other binary.
#   NPUSIM_SOURCE_DIR=<repo> tests/cli/check_sweep.sh <check-build npusim>
. "$(dirname "$0")/lib.sh" "$@"
if ! "$NPUSIM" --version | grep -q "DRAM decision checks"; then
  echo "check_sweep: $NPUSIM is not a check build (-DNPU_DRAM_CHECK_TRAINS)"; exit 2
fi
W="$SRC/workloads/sd2_inpainting"
(head -1 "$W/unet_512.trace"; sed -n '2,$p' "$W/unet_512.trace" | awk 'NR % 24 == 1') >"$T/unet.trace"
# 20 k untimed requests of 32 B to 512 B at random addresses in 16 GiB, 30 % writes
awk 'BEGIN { srand(7); for (i = 0; i < 20000; i++) { r = rand(); s = r < 0.5 ? 64 : r < 0.7 ? 128 : r < 0.8 ? 256 : r < 0.9 ? 32 : 512
       line = int(rand() * 2^27) * 2; printf "%s 0x%x%08x %d\n", rand() < 0.3 ? "W" : "R", int(line / 2^26), (line % 2^26) * 64, s } }' >"$T/mix.trace"
sweep() {  # sweep <description> <npusim args...>: passes if the run ends normally (no mismatch abort)
  local what="$1"; shift
  if "$NPUSIM" "$@" --out "$T/o" --quiet >"$T/log" 2>&1; then pass; else fail "$what: $(head -1 "$T/log")"; fi
}
for cfg in "lpddr5x-8533 ranks=8" "lpddr5x-8533 ranks=4 page=closed" "lpddr4-3200 ranks=8 tRTRS=9" \
           "lpddr5-6400 bank_groups=1 banks_per_group=16" "ddr4-3200 ranks=8" "hbm2 ranks=2 page=closed" \
           "lpddr5x-8533 channels=8 scheduler=fcfs" "lpddr5x-8533 ranks=8 refresh=all_bank" \
           "lpddr5x-8533 ranks=2 mapping=RoCoBaRaCh" "ddr4-3200 ranks=4 mapping=row_locality" \
           "lpddr5x-8533 tCMD_ACT=5 tCMD_CAS=3 tCMD_PRE=2 tCMD_REF=3" "ddr4-3200 ranks=2 tCMD_CAS=6 tCMD_ACT=3 tRTRS=5"; do
  set -- $cfg
  args=(--set "dram.preset=$1"); shift
  for kv in "$@"; do
    case "${kv%%=*}" in
      ranks|bank_groups|banks_per_group|channels) args+=(--set "dram.organization.$kv") ;;
      page) args+=(--set "dram.controller.page_policy=${kv#*=}") ;;
      tCMD_*|tRTRS) args+=(--set "dram.timing.$kv") ;;
      *) args+=(--set "dram.controller.$kv") ;;
    esac
  done
  sweep "run $cfg" run --workload "$T/unet.trace" "${args[@]}"
  sweep "dram $cfg" dram --trace "$T/mix.trace" "${args[@]}"
  # and every command against every timing constraint (the protocol checker: a violation exits 1)
  sweep "dram --check-dram $cfg" dram --trace "$T/mix.trace" --check-dram "${args[@]}"
done
summary
