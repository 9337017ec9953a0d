#!/usr/bin/env bash
# run_case.sh NPUSIM CASE_DIR OUT_DIR: runs one golden case into OUT_DIR.
set -euo pipefail
NPUSIM="$1"; CASE="$2"; OUT="$3"
WL=$(ls "$CASE"/workload.* | head -1)
ARGS=()
if [ -f "$CASE/args" ]; then mapfile -t ARGS <"$CASE/args"; fi
"$NPUSIM" run --workload "$WL" --out "$OUT" --quiet "${ARGS[@]}"
