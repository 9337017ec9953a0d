#!/usr/bin/env bash
# Writes a synthetic memory trace for `npusim dram` on stdout: N untimed 64-byte requests, either
# sequential reads or random addresses in 16 GiB with 30 % writes (fixed seed: the same file every time).
# Used by bench.sh and pgo_train.sh, so the benchmark and the profile see the same traffic.
#   scripts/mem_trace.sh seq|rand N      N: a positive decimal integer, below 10^15
# Bad arguments (a missing, extra or non-numeric N, N = 0): usage on stderr, exit 2.
set -euo pipefail
usage() {
  [ $# -eq 0 ] || echo "mem_trace.sh: $*" >&2
  echo "usage: scripts/mem_trace.sh seq|rand N   (N requests: a positive decimal integer below 10^15)" >&2
  exit 2
}
[ $# -eq 2 ] || usage "expected 2 arguments, got $#"
case "$1" in seq|rand) ;; *) usage "unknown kind '$1' (seq or rand)" ;; esac
n="$2"
[[ "$n" =~ ^[0-9]+$ ]] || usage "N must be a positive decimal integer, got '$n'"
n="${n#"${n%%[!0]*}"}"   # without leading zeros (awk would read them as decimal anyway)
# awk's numbers are doubles: below 10^15 (< 2^53) every request index and address stays exact
[ -n "$n" ] || usage "N must be positive, got '$2'"
[ "${#n}" -le 15 ] || usage "N must be below 10^15, got '$2'"
# Addresses are printed in two halves: mawk's %x saturates at 0xffffffff. The high half is 2^32 bytes
# (2^26 requests of 64 bytes); below 4 GiB only the low half is printed.
case "$1" in
  seq) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) { hi = int(i / 2^26); lo = (i % 2^26) * 64
          if (hi) printf "R 0x%x%08x\n", hi, lo; else printf "R 0x%x\n", lo } }' ;;
  rand) awk -v n="$n" 'BEGIN { srand(1); for (i = 0; i < n; i++) { op = rand() < 0.3 ? "W" : "R"; line = int(rand() * 2^28)
          printf "%s 0x%x%08x\n", op, int(line / 2^26), (line % 2^26) * 64 } }' ;;
esac
