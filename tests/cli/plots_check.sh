#!/usr/bin/env bash
# plots_check.sh NPUSIM: scripts/plot_report.py and scripts/compare_runs.py on real runs.
#  Runs workloads/traces/example_small.trace with memory.model=ideal and with the default memory.model=dram, plots
#  both, compares them, and checks that the expected PNGs exist, are non-empty, are PNGs (magic bytes)
#  and are byte-identical when made twice; that plots whose data is missing are skipped with a message
#  (and not written); and the exit status 2 paths (no report, bad --labels).
#  Without matplotlib for /usr/bin/python3 the test is skipped (exit 77, ctest's SKIP_RETURN_CODE for it), unless
#  CI is set (CI installs it).
. "$(dirname "$0")/lib.sh" "$@"
PY=/usr/bin/python3
PLOT="$SRC/scripts/plot_report.py"
COMPARE="$SRC/scripts/compare_runs.py"

if ! "$PY" -c 'import matplotlib, numpy' 2>/dev/null; then
  if [ -z "${CI+set}" ]; then
    echo 'plots_check: skipped (no matplotlib)'
    exit 77
  fi
  fail "$PY cannot import matplotlib and numpy (CI is set: install python3-matplotlib python3-numpy)"
  summary
fi

is_png() {  # is_png FILE: exists, non-empty, starts with the 8-byte PNG signature
  [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]
}

TRACE="$SRC/workloads/traces/example_small.trace"
check "npusim run (memory.model=ideal)" "$NPUSIM" run --workload "$TRACE" --set memory.model=ideal --out "$T/ideal" --quiet
check "npusim run (memory.model=dram, the default)" "$NPUSIM" run --workload "$TRACE" --out "$T/dram" --quiet

# plot_report.py on both runs, default output folder OUT_DIR/plots.
for run in ideal dram; do
  out="$T/$run/plots"
  "$PY" "$PLOT" "$T/$run" >"$T/$run.stdout" 2>"$T/$run.stderr"
  rc=$?
  check "plot_report.py $run exits 0 (rc $rc: $(head -1 "$T/$run.stderr"))" test "$rc" -eq 0
  # Every report has energy_breakdown_j and freq_mhz: the energy and frequency plots are always made.
  expected="layer_time.png roofline.png energy_per_layer.png energy_breakdown.png freq_per_layer.png"
  absent=""
  if [ "$run" = dram ]; then expected="$expected dram_per_layer.png"; else absent="dram_per_layer.png"; fi
  for f in $expected; do
    check "$run: $f is a non-empty PNG" is_png "$out/$f"
    check "$run: $f listed on stdout" grep -qxF "$out/$f" "$T/$run.stdout"
  done
  for f in $absent; do
    check "$run: $f not written" test ! -e "$out/$f"
    check "$run: skipping $f is reported" grep -q "skipped $f: " "$T/$run.stdout"
  done
  check "$run: no other files in plots/" \
    test "$(find "$out" -type f | wc -l)" -eq "$(echo $expected | wc -w)"
done

# --outdir, and determinism: the same report gives byte-identical PNGs.
"$PY" "$PLOT" "$T/dram" --outdir "$T/again" >/dev/null 2>&1
check "plot_report.py --outdir exits 0" test $? -eq 0
for f in "$T/dram/plots"/*.png; do
  check "deterministic $(basename "$f")" cmp -s "$f" "$T/again/$(basename "$f")"
done

# A plot folder reused for a run without DRAM loses the stale DRAM plot.
"$PY" "$PLOT" "$T/ideal" --outdir "$T/again" >"$T/reuse.stdout" 2>&1
check "stale dram_per_layer.png removed when the new run has no DRAM columns" test ! -e "$T/again/dram_per_layer.png"

# compare_runs.py
"$PY" "$COMPARE" "$T/ideal" "$T/dram" --labels ideal,dram --outdir "$T/cmp" >"$T/cmp.stdout" 2>"$T/cmp.stderr"
rc=$?
check "compare_runs.py exits 0 (rc $rc: $(head -1 "$T/cmp.stderr"))" test "$rc" -eq 0
for f in compare_totals.png compare_op_time.png; do
  check "compare: $f is a non-empty PNG" is_png "$T/cmp/$f"
  check "compare: $f listed on stdout" grep -qxF "$T/cmp/$f" "$T/cmp.stdout"
done
(cd "$T" && "$PY" "$COMPARE" ideal dram >/dev/null 2>&1)
check "compare_runs.py default outdir ./compare_plots" is_png "$T/compare_plots/compare_totals.png"

# Exit status 2 with a one-line error.
exit2() {  # exit2 "<description>" <command...>: exits 2, one line on stderr, nothing written
  local what="$1"; shift
  "$@" >"$T/e.stdout" 2>"$T/e.stderr"
  local rc=$?
  check "$what: exit 2 (got $rc)" test "$rc" -eq 2
  check "$what: one-line error" test "$(wc -l <"$T/e.stderr")" -eq 1
}
mkdir -p "$T/empty" "$T/nocsv"
cp "$T/ideal/report.json" "$T/nocsv/"
exit2 "plot_report.py on a folder without report.json" "$PY" "$PLOT" "$T/empty"
check "plot_report.py error names report.json" grep -q "report.json" "$T/e.stderr"
check "plot_report.py on an empty folder writes nothing" test -z "$(ls -A "$T/empty")"
exit2 "plot_report.py on a folder without layers.csv" "$PY" "$PLOT" "$T/nocsv"
check "plot_report.py error names layers.csv" grep -q "layers.csv" "$T/e.stderr"
exit2 "plot_report.py on a missing folder" "$PY" "$PLOT" "$T/missing"
exit2 "compare_runs.py with a folder without report.json" "$PY" "$COMPARE" "$T/ideal" "$T/empty" --outdir "$T/cmp2"
check "compare_runs.py on a bad folder writes nothing" test ! -e "$T/cmp2"
exit2 "compare_runs.py with too few --labels" "$PY" "$COMPARE" "$T/ideal" "$T/dram" --labels one --outdir "$T/cmp2"
exit2 "compare_runs.py with one folder" "$PY" "$COMPARE" "$T/ideal" --outdir "$T/cmp2"

summary
