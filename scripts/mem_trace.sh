#!/usr/bin/env bash
# Writes a synthetic memory trace for `npusim dram` on stdout: N untimed 64-byte requests, either
# sequential reads or random addresses in 16 GiB with 30 % writes (fixed seed: the same file every time).
# Used by bench.sh and pgo_train.sh, so the benchmark and the profile see the same traffic.
#   scripts/mem_trace.sh seq|rand N
set -euo pipefail
case "${1:-}" in
  seq) awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "R 0x%x\n", i * 64 }' ;;
  # the address is printed in two halves: mawk's %x saturates at 0xffffffff
  rand) awk -v n="$2" 'BEGIN { srand(1); for (i = 0; i < n; i++) { op = rand() < 0.3 ? "W" : "R"; line = int(rand() * 2^28)
          printf "%s 0x%x%08x\n", op, int(line / 2^26), (line % 2^26) * 64 } }' ;;
  *) echo "usage: scripts/mem_trace.sh seq|rand N" >&2; exit 2 ;;
esac
