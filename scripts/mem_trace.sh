#!/usr/bin/env bash
# Writes a synthetic memory trace for `npusim dram` on stdout: N untimed 64-byte requests, either
# sequential reads or random addresses in 16 GiB with 30 % writes (fixed seed: the same file every time).
# Used by bench.sh and pgo_train.sh, so the benchmark and the profile see the same traffic.
#   scripts/mem_trace.sh seq|rand N
set -euo pipefail
case "${1:-}" in
  seq) awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "R 0x%x\n", i * 64 }' ;;
  rand) awk -v n="$2" 'BEGIN { srand(1); for (i = 0; i < n; i++) printf "%s 0x%x\n", (rand() < 0.3 ? "W" : "R"), int(rand() * 2^28) * 64 }' ;;
  *) echo "usage: scripts/mem_trace.sh seq|rand N" >&2; exit 2 ;;
esac
