#!/usr/bin/env bash
# plots_check.sh NPUSIM: scripts/plot_report.py and scripts/compare_runs.py on real runs.
#  Runs workloads/traces/example_small.trace with memory.model=ideal and with the default memory.model=dram, plots
#  both, compares them, and checks that the expected PNGs exist, are non-empty, are PNGs (magic bytes)
#  and are byte-identical when made twice; that plots whose data is missing are skipped with a message
#  (and not written); and the exit status 2 paths (no report, bad --labels, values of the wrong type).
#  With a DFS run (lpddr4-3200, per_layer) and an int4 run, through the scripts' own functions: the roofline's
#  array peak per dtype and clock (and that it is the report's utilization's denominator), the DFS
#  transitions as their own segment of compare_op_time (the stack adds up to totals.time_s), the same
#  "layers + DFS transitions = total" energy text on both energy plots, totals.energy_notes on the energy
#  plots and in compare_runs' footer.
#  Also the other user-facing scripts' argument handling: scripts/mem_trace.sh (N validated, exit 2; seq
#  addresses past 4 GiB, in the background: about 10 s of awk) and scripts/gtkwave/screenshot.sh (usage,
#  exit 2; GTKWave itself is not run).
#  Without matplotlib for /usr/bin/python3 the plot checks are skipped (exit 77, ctest's SKIP_RETURN_CODE for
#  it) after the script checks, unless CI is set (CI installs it).
. "$(dirname "$0")/lib.sh" "$@"
PY=/usr/bin/python3
PLOT="$SRC/scripts/plot_report.py"
COMPARE="$SRC/scripts/compare_runs.py"
MEMTRACE="$SRC/scripts/mem_trace.sh"
SHOT="$SRC/scripts/gtkwave/screenshot.sh"

# --- scripts/mem_trace.sh -------------------------------------------------------------------------------
# seq past 2^32 bytes: request 2^26 is at 0x100000000 (mawk's %x saturated there); in the background.
( "$MEMTRACE" seq 67108866 | tail -3 >"$T/seq_tail" ) &
SEQ_PID=$!
usage2() {  # usage2 "<description>" <command...>: exit 2, nothing on stdout, the usage on stderr
  local what="$1"; shift
  timeout 20 "$@" >"$T/u.stdout" 2>"$T/u.stderr"
  local rc=$?
  check "$what: exit 2 (got $rc)" test "$rc" -eq 2
  check "$what: nothing on stdout" test ! -s "$T/u.stdout"
  check "$what: usage on stderr" grep -q '^usage: ' "$T/u.stderr"
}
usage2 "mem_trace.sh seq abc" "$MEMTRACE" seq abc
usage2 "mem_trace.sh seq 10x" "$MEMTRACE" seq 10x
usage2 "mem_trace.sh rand 10k" "$MEMTRACE" rand 10k
usage2 "mem_trace.sh seq (no N)" "$MEMTRACE" seq
usage2 "mem_trace.sh (no arguments)" "$MEMTRACE"
usage2 "mem_trace.sh seq 5 6 (extra argument)" "$MEMTRACE" seq 5 6
usage2 "mem_trace.sh seq 0" "$MEMTRACE" seq 0
usage2 "mem_trace.sh seq -3" "$MEMTRACE" seq -3
usage2 "mem_trace.sh rand ''" "$MEMTRACE" rand ''
usage2 "mem_trace.sh seq 1e3" "$MEMTRACE" seq 1e3
usage2 "mem_trace.sh seq 10^15" "$MEMTRACE" seq 1000000000000000
usage2 "mem_trace.sh scan 3" "$MEMTRACE" scan 3
check "mem_trace.sh seq 3" test "$("$MEMTRACE" seq 3 | tr '\n' ' ')" = "R 0x0 R 0x40 R 0x80 "
check "mem_trace.sh rand 1000: 1000 lines, R/W and hex addresses below 16 GiB" \
  test "$("$MEMTRACE" rand 1000 | grep -cE '^[RW] 0x[0-3]?[0-9a-f]{8}$')" -eq 1000

# --- scripts/gtkwave/screenshot.sh (arguments only: GTKWave is not run) ----------------------------------
usage2 "screenshot.sh (no arguments)" "$SHOT"
usage2 "screenshot.sh VCD (no OUT.png)" "$SHOT" "$SRC/scripts/gtkwave/npusim.gtkw"
usage2 "screenshot.sh missing.vcd out.png" "$SHOT" "$T/missing.vcd" "$T/out.png"
usage2 "screenshot.sh VCD out.png abc" "$SHOT" "$SRC/scripts/gtkwave/npusim.gtkw" "$T/out.png" abc
usage2 "screenshot.sh VCD out.png 0" "$SHOT" "$SRC/scripts/gtkwave/npusim.gtkw" "$T/out.png" 0
usage2 "screenshot.sh VCD out.png 3 x (extra argument)" "$SHOT" "$SRC/scripts/gtkwave/npusim.gtkw" "$T/out.png" 3 x
check "screenshot.sh wrote nothing" test ! -e "$T/out.png"
# The save file lists each open_row trace at every width npusim writes (1 bit: no range; 2 to 24 bits).
for w in 16 15 24; do
  check "npusim.gtkw has ch3 bank2 open_row[$((w - 1)):0]" \
    grep -qxF "+{dram ch3 bank2 open_row} SystemC.npu.dram.ch3.bank2.open_row[$((w - 1)):0]" "$SRC/scripts/gtkwave/npusim.gtkw"
done
check "npusim.gtkw has the 1-bit open_row (no range)" \
  grep -qxF "+{dram ch0 bank0 open_row} SystemC.npu.dram.ch0.bank0.open_row" "$SRC/scripts/gtkwave/npusim.gtkw"

seq_check() {  # the background mem_trace.sh seq 67108866
  wait "$SEQ_PID"
  check "mem_trace.sh seq 67108866 ends at 0xffffffc0, 0x100000000, 0x100000040 (got: $(tr '\n' ' ' <"$T/seq_tail"))" \
    test "$(tr '\n' ' ' <"$T/seq_tail")" = "R 0xffffffc0 R 0x100000000 R 0x100000040 "
}

if ! "$PY" -c 'import matplotlib, numpy' 2>/dev/null; then
  seq_check
  if [ -z "${CI+set}" ] && [ "$fails" -eq 0 ]; then
    echo "plots_check: plot checks skipped (no matplotlib); $passes script checks passed"
    exit 77
  fi
  [ -n "${CI+set}" ] && fail "$PY cannot import matplotlib and numpy (CI is set: install python3-matplotlib python3-numpy)"
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

# Values of the wrong type: one line naming the file and the key, exit 2 (was a TypeError traceback).
bad() {  # bad NAME 'python statement on r (the report)' KEY: a copy of the dram run with report.json changed
  mkdir -p "$T/bad_$1"
  cp "$T/dram/layers.csv" "$T/dram/config.resolved.yaml" "$T/bad_$1/"
  "$PY" -c 'import json, sys; r = json.load(open(sys.argv[1])); exec(sys.argv[2]); json.dump(r, open(sys.argv[3], "w"))' \
    "$T/dram/report.json" "$2" "$T/bad_$1/report.json"
  exit2 "plot_report.py with $3 wrong" "$PY" "$PLOT" "$T/bad_$1" --outdir "$T/bad_$1/plots"
  check "plot_report.py names report.json and $3 (got: $(cat "$T/e.stderr"))" grep -qF "bad_$1/report.json: $3: expected" "$T/e.stderr"
  check "plot_report.py with $3 wrong writes nothing" test ! -e "$T/bad_$1/plots"
}
bad time 'r["totals"]["time_s"] = "0.1"' totals.time_s
bad ltime 'r["layers"][3]["time_s"] = "abc"' 'layers[3].time_s'
bad rows 'r["config"]["array_rows"] = "128"' config.array_rows
bad notes 'r["totals"]["energy_notes"] = "no IDD"' totals.energy_notes
bad ebd 'r["totals"]["energy_breakdown_j"]["mac"] = None' totals.energy_breakdown_j.mac
bad freq 'r["layers"][0]["freq_mhz"] = 0' 'layers[0].freq_mhz'
bad dfs 'r["totals"]["dfs_transitions"] = "4"' totals.dfs_transitions
exit2 "compare_runs.py with a report of a wrong type" "$PY" "$COMPARE" "$T/ideal" "$T/bad_time" --outdir "$T/cmp2"
check "compare_runs.py names the key (got: $(cat "$T/e.stderr"))" grep -qF "bad_time/report.json: totals.time_s: expected" "$T/e.stderr"
check "compare_runs.py with a report of a wrong type writes nothing" test ! -e "$T/cmp2"
mkdir -p "$T/bad_csv"
cp "$T/dram/config.resolved.yaml" "$T/bad_csv/"
"$PY" - "$T/dram" "$T/bad_csv" <<'EOF'
import csv, json, sys
src, dst = sys.argv[1:]
r = json.load(open(src + "/report.json"))
del r["layers"][1]["compute_cycles"]  # then layers.csv gives it
json.dump(r, open(dst + "/report.json", "w"))
rows = list(csv.reader(open(src + "/layers.csv")))
rows[2][rows[0].index("compute_cycles")] = "abc"
csv.writer(open(dst + "/layers.csv", "w", newline="")).writerows(rows)
EOF
exit2 "plot_report.py with a layers.csv value of a wrong type" "$PY" "$PLOT" "$T/bad_csv"
check "plot_report.py names layers.csv's line and column (got: $(cat "$T/e.stderr"))" \
  grep -qF "bad_csv/layers.csv: line 3: column compute_cycles: expected" "$T/e.stderr"

# DFS, energy notes, the roofline's peaks: a run with DFS transitions and DRAM energy (lpddr4-3200 has IDD
# currents) and an int4 run (example_small's conv_out is fp16), checked through the scripts' functions.
check "npusim run (lpddr4-3200, per_layer DFS)" "$NPUSIM" run --workload "$TRACE" --set dram.preset=lpddr4-3200 \
  --set dfs.policy=per_layer --set 'dfs.per_layer=["res.*=600","attn.*=800"]' --out "$T/l4" --quiet
check "npusim run (int4, memory.model=ideal)" "$NPUSIM" run --workload "$TRACE" --set dtype=int4 \
  --set memory.model=ideal --out "$T/i4" --quiet
"$PY" - "$SRC/scripts" "$T" >"$T/py.out" 2>&1 <<'EOF'
import math, os, re, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
T = sys.argv[2]
import plot_report as pr
import compare_runs as cr
pr.import_matplotlib()
from matplotlib.text import Text

figs = []
pr.save = lambda fig, path, written: figs.append(fig)  # keep the figure, write nothing
def texts(fig):  # every text drawn (titles, labels, legends, annotations), wrapped lines joined
    return " | " + " | ".join(t.get_text().replace("\n", " ") for t in fig.findobj(Text)) + " | "
def drawn(plot, *args):
    figs.clear()
    plot(*args, T, [])
    return texts(figs[-1])
def ok(cond, what):
    print(("ok " if cond else "FAIL ") + what)
def close(a, b, rel=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=0.0)

ideal, dram, l4, i4 = (pr.load_run(os.path.join(T, d)) for d in ("ideal", "dram", "l4", "i4"))
gemms = lambda run: [i for i, l in enumerate(run.layers) if l["op"] in pr.ARRAY_OPS]

# 1. The roofline's array peak: rows x cols x macs_per_pe_per_cycle(dtype) x the layer's clock.
peaks, why = i4.array_peaks(gemms(i4))
got = {(p["dtype"], p["freq_mhz"]): p["peak"] for p in peaks}
ok(why is None and got == {("int4", 1000.0): 128 * 128 * 2 * 1e9, ("fp16", 1000.0): 128 * 128 * 0.5 * 1e9},
   f"int4 run: peaks int4 32.768 and fp16 8.192 TMAC/s at 1000 MHz (got {got}, {why})")
peaks, why = l4.array_peaks(gemms(l4))
got = {(p["dtype"], p["freq_mhz"]): p["peak"] for p in peaks}
ok(why is None and got == {("int8", f): 128 * 128 * f * 1e6 for f in (600.0, 800.0, 1000.0)} | {("fp16", 1000.0): 128 * 128 * 0.5 * 1e9},
   f"per_layer DFS run: a peak per dtype and clock (got {got})")
for run in (i4, l4, ideal):
    bad = []
    for i in gemms(run):
        l = run.layers[i]
        p = next(p["peak"] for p in run.array_peaks([i])[0])
        if l["macs"] / l["time_s"] > p * (1 + 1e-9) or not close(l["macs"] / (l["time_s"] * p), l["utilization"], 1e-5):
            bad.append((l["name"], l["macs"] / l["time_s"], p, l["utilization"]))
    ok(not bad, f"{os.path.basename(run.dir)}: every GEMM's MAC rate is its utilization x its dtype's peak (bad: {bad})")
i4.resolved, keep = None, i4.resolved
peaks, why = i4.array_peaks(gemms(i4))
ok(not peaks and "config.resolved.yaml" in (why or ""), f"no config.resolved.yaml: no peak line, and why (got {why!r})")
i4.resolved = keep
t = drawn(pr.plot_roofline, i4)
ok("int4 array peak: 128x128 PEs x 2 MAC/cycle x 1000 MHz = 32.8 TMAC/s" in t
   and "fp16 array peak: 128x128 PEs x 0.5 MAC/cycle x 1000 MHz = 8.19 TMAC/s" in t, "int4 roofline labels both peaks")
t = drawn(pr.plot_roofline, l4)
ok("int8 array peak: 128x128 PEs x 1 MAC/cycle x 600 MHz = 9.83 TMAC/s" in t, "DFS roofline labels the 600 MHz int8 peak")

# 2. DFS transitions: their own segment of compare_op_time; the stack adds up to totals.time_s.
d = cr.op_times(l4)
ok(d.get(cr.DFS_SEGMENT) == [l4.totals["dfs_transition_time_s"], 0.0] and l4.totals["dfs_transition_time_s"] > 0,
   f"op_times has the DFS segment (got {d.get(cr.DFS_SEGMENT)})")
ok(close(sum(v[0] for v in d.values()), l4.totals["time_s"]), "op_times add up to totals.time_s")
ok(cr.DFS_SEGMENT not in cr.op_times(dram), "no DFS segment without transitions")
figs.clear()
cr.plot_op_time([dram, l4], ["dram", "l4"], T, [])
t = texts(figs[-1])
tf, _ = pr.scale_unit([dram.totals["time_s"], l4.totals["time_s"]], pr.TIME_UNITS)
ok("DFS transitions" in t and f"| {l4.totals['time_s'] / tf:.4g} |" in t and f"| {dram.totals['time_s'] / tf:.4g} |" in t,
   "compare_op_time: a 'DFS transitions' legend entry, each stack's top is totals.time_s")
lt = pr.time_total_text(l4)
ok(re.fullmatch(r"layers \S+ µs \+ 4 DFS transitions 8 µs = \S+ µs", lt) and
   lt.endswith(f"= {l4.totals['time_s'] / 1e-6:.4g} µs"), f"time text of the DFS run (got {lt!r})")
ok(lt in drawn(pr.plot_layer_time, l4), "layer_time.png shows it")

# 3. Energy: both energy plots say the same total, what it is, and the energy notes.
et = pr.energy_total_text(l4)
lay = sum(l["energy_j"] for l in l4.layers)
ok(re.fullmatch(r"layers \S+ µJ \+ DFS transitions \S+ µJ = \S+ µJ", et) and
   et.startswith(f"layers {lay / 1e-6:.4g} µJ") and et.endswith(f"= {l4.totals['energy_j'] / 1e-6:.4g} µJ"),
   f"energy text: layers + DFS transitions = totals.energy_j (got {et!r})")
ok(et in drawn(pr.plot_energy_per_layer, l4) and et in drawn(pr.plot_energy_breakdown, l4),
   "energy_per_layer.png and energy_breakdown.png show the same energy text")
ok(pr.energy_total_text(dram) == f"total {dram.totals['energy_j'] / 1e-6:.4g} µJ", "energy text without transitions")
notes = dram.totals["energy_notes"]
ok(bool(notes) and not l4.totals["energy_notes"], f"the default preset has energy notes, lpddr4-3200 none ({notes})")
for plot in (pr.plot_energy_per_layer, pr.plot_energy_breakdown):
    t = drawn(plot, dram)
    ok(all(n in t for n in notes), f"{plot.__name__}: shows the energy notes")
    ok("note:" not in drawn(plot, l4), f"{plot.__name__}: no note without energy notes")
figs.clear()
cr.plot_totals([dram, l4], ["dram", "l4"], T, [])
t = texts(figs[-1])
ok(all(f"* energy note: {n}" in t for n in notes) and re.search(r"\| [0-9.]+\* \|", t),
   "compare_totals: the noted run's energy is marked * and its notes are in the footer")
ok("% of the array's peak at the layer's dtype" in t and "MACs / (rows x cols x cycles)" not in t,
   "compare_totals: the utilization axis says what the report's utilization is")
ok("DFS per_layer" in t and "dtype int8 (layers: int8, fp16)" in t, "compare_totals: the footer has DFS policy and dtype")
EOF
rc=$?
check "python checks of the plot scripts ran (rc $rc: $(grep -v '^ok ' "$T/py.out" | tail -1))" test "$rc" -eq 0
while read -r status what; do
  case "$status" in ok) pass ;; FAIL) fail "$what" ;; esac
done <"$T/py.out"

seq_check
summary
