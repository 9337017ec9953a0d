#!/usr/bin/env bash
# npusim run end to end: outputs are complete and consistent, runs are deterministic byte for byte (on any
# thread count, pipeline and timeline included), the resolved config reproduces the run, overrides work, a
# failed write leaves the old files alone, energy adds up with DFS transitions, the progress line shows only
# on a terminal, and a SCALE-Sim topology runs unchanged.
. "$(dirname "$0")/lib.sh" "$@"
TRACE="$SRC/workloads/traces/example_small.trace"

"$NPUSIM" run --workload "$TRACE" --out "$T/a" >"$T/a.stdout" 2>"$T/a.stderr"
check "run exits 0" test $? -eq 0
for f in report.json layers.csv summary.txt config.resolved.yaml; do
  check "$f written" test -s "$T/a/$f"
done
check "no temporary files left" test -z "$(find "$T/a" -name '.*.tmp')"
{ cat "$T/a/summary.txt"; printf '\nreports written to %s/\n' "$T/a"; } >"$T/a.expected_stdout"
check "stdout is summary.txt followed by the reports line" cmp -s "$T/a.expected_stdout" "$T/a.stdout"
check "stderr is empty" test ! -s "$T/a.stderr"

"$NPUSIM" run --workload "$TRACE" --out "$T/b" --quiet >"$T/b.stdout"
check "--quiet prints nothing" test ! -s "$T/b.stdout"
for f in report.json layers.csv summary.txt config.resolved.yaml; do
  check "deterministic $f" cmp -s "$T/a/$f" "$T/b/$f"
done

# The DRAM channels of a batch run on several threads: any count gives the same results.
"$NPUSIM" run --workload "$TRACE" --threads 1 --out "$T/t1" --quiet
"$NPUSIM" run --workload "$TRACE" --threads 3 --out "$T/t3" --quiet
for f in report.json layers.csv summary.txt; do
  check "$f equal with 1 and 3 threads" cmp -s "$T/t1/$f" "$T/t3/$f"
  check "$f equal with 1 thread and the default" cmp -s "$T/t1/$f" "$T/a/$f"
done
check "--threads reaches the resolved config" grep -qE "^  threads: 3( |$)" "$T/t3/config.resolved.yaml"

"$NPUSIM" run --config "$T/a/config.resolved.yaml" --workload "$TRACE" --out "$T/c" --quiet
check "config.resolved.yaml reproduces layers.csv" cmp -s "$T/a/layers.csv" "$T/c/layers.csv"
check "config.resolved.yaml reproduces itself" cmp -s "$T/a/config.resolved.yaml" "$T/c/config.resolved.yaml"

"$NPUSIM" run --workload "$TRACE" --set array.rows=64 --set array.dataflow=ws --out "$T/d" --quiet
check "run with --set exits 0" test $? -eq 0
check "--set run writes layers.csv" test -s "$T/d/layers.csv"
check "--set reaches the resolved config" grep -qE "^  rows: 64( |$)" "$T/d/config.resolved.yaml"
check "--set changes the result" bash -c "test -s '$T/d/layers.csv' && ! cmp -s '$T/a/layers.csv' '$T/d/layers.csv'"

# Atomic output (docs/report_format.md): a file that cannot be written (here its temporary name
# .<file>.tmp is taken by a folder, which fails even as root) -> exit 2 with one line naming the file, the
# old files untouched, no final file written and no temporary left. Likewise --timeline and workload -o.
mkdir -p "$T/aw/.layers.csv.tmp"
printf '{"old": true}\n' >"$T/aw/report.json"
"$NPUSIM" run --workload "$TRACE" --out "$T/aw" --quiet >"$T/aw.stdout" 2>"$T/aw.stderr"
check "unwritable layers.csv: exit 2" test $? -eq 2
check "unwritable layers.csv: one line naming the file" test "$(cat "$T/aw.stderr")" = "error: $T/aw/layers.csv: cannot write"
check "unwritable layers.csv: the old report.json is unchanged" test "$(cat "$T/aw/report.json")" = '{"old": true}'
check "unwritable layers.csv: no report file written" \
  test ! -e "$T/aw/layers.csv" -a ! -e "$T/aw/summary.txt" -a ! -e "$T/aw/config.resolved.yaml"
check "unwritable layers.csv: no temporary file left" test -z "$(find "$T/aw" -name '.*.tmp' -type f)"
mkdir -p "$T/tlw/.tl.json.tmp"
printf 'old timeline\n' >"$T/tlw/tl.json"
"$NPUSIM" run --workload "$TRACE" --out "$T/tlw_out" --timeline "$T/tlw/tl.json" --quiet 2>"$T/tlw.stderr"
check "unwritable --timeline: exit 2" test $? -eq 2
check "unwritable --timeline: one line naming the file" test "$(cat "$T/tlw.stderr")" = "error: $T/tlw/tl.json: cannot write"
check "unwritable --timeline: the old file is unchanged" test "$(cat "$T/tlw/tl.json")" = "old timeline"
check "unwritable --timeline: no temporary file left" test -z "$(find "$T/tlw" -name '.*.tmp' -type f)"
mkdir -p "$T/wlw/.vd.trace.tmp"
printf 'old trace\n' >"$T/wlw/vd.trace"
"$NPUSIM" workload sd2-inpaint --model vae_decoder --resolution 64 --batch 1 -o "$T/wlw/vd.trace" 2>"$T/wlw.stderr"
check "unwritable workload -o: exit 2" test $? -eq 2
check "unwritable workload -o: one line naming the file" test "$(cat "$T/wlw.stderr")" = "error: $T/wlw/vd.trace: cannot write"
check "unwritable workload -o: the old file is unchanged" test "$(cat "$T/wlw/vd.trace")" = "old trace"
check "unwritable workload -o: no temporary file left" test -z "$(find "$T/wlw" -name '.*.tmp' -type f)"

# Totals in report.json equal the sums over layers.csv (cycles, MACs, weight params).
sums=$(awk -F, 'NR>1 {c+=$10; m+=$6; w+=$13} END {printf "%d %d %d", c, m, w}' "$T/a/layers.csv")
json=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; print(t["cycles"], t["macs"], t["weight_params"])' "$T/a/report.json")
check "report totals equal the layer sums ($sums vs $json)" test "$sums" = "$json"

# A SCALE-Sim topology file as SCALE-Sim ships it (GEMM flavour) runs unchanged.
printf 'Layer Name, M, N, K,\nTest 1, 256, 128, 256,\n' >"$T/test_mnk_input.csv"
"$NPUSIM" run --workload "$T/test_mnk_input.csv" --set array.rows=32 --set array.cols=32 --set memory.model=ideal --out "$T/s" --quiet
check "SCALE-Sim GEMM topology runs" test -s "$T/s/layers.csv"
check "SCALE-Sim GEMM os cycles = 32 folds x 318" grep -q ",10176,0,10176," "$T/s/layers.csv"
check "default out folder is results/<workload-name>" bash -c "cd '$T' && '$NPUSIM' run --workload '$T/test_mnk_input.csv' --quiet && test -s results/test_mnk_input/layers.csv"

# npusim workload regenerates the checked-in SD2 traces byte for byte, to a file or stdout.
"$NPUSIM" workload sd2-inpaint --model vae_decoder --resolution 512 --batch 1 -o "$T/vd.trace" 2>"$T/vd.err"
check "workload -o writes the checked-in trace" cmp -s "$T/vd.trace" "$SRC/workloads/sd2_inpainting/vae_decoder_512.trace"
check "workload prints a parameter summary" grep -q "parameters:      49,490,199" "$T/vd.err"
"$NPUSIM" workload sd2-inpaint --model text_encoder --resolution 768 --batch 2 >"$T/te.trace"
check "workload to stdout" cmp -s "$T/te.trace" "$SRC/workloads/sd2_inpainting/text_encoder_768.trace"
"$NPUSIM" run --workload "$SRC/workloads/sd2_inpainting/unet_512.trace" --set memory.model=ideal --out "$T/u" --quiet
check "UNet run reports the SD2 inpainting UNet's parameters" grep -q '"weight_params": 865925124' "$T/u/report.json"

# npusim dram: one read to a closed bank of LPDDR5X takes tRCD + RL + tBURST = 20 + 23 + 2 DRAM cycles.
printf '0 R 0x0 32\n' >"$T/one.trace"
"$NPUSIM" dram --trace "$T/one.trace" --set memory.check_dram=true --out "$T/dr" --quiet
check "dram replay writes its reports" test -s "$T/dr/report.json" -a -s "$T/dr/summary.txt" -a -s "$T/dr/config.resolved.yaml"
check "one closed-bank read = tRCD + RL + tBURST cycles" python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if j["simulated_cycles"]==45 and j["dram"]["totals"]["row_misses"]==1 and j["checked_commands"]==2 else 1)' "$T/dr/report.json"
# The same read on LPDDR4 (ACT and RD hold the command bus 4 cycles each): 8 command-bus cycles; by default
# (LPDDR5X, one cycle each) 2.
"$NPUSIM" dram --trace "$T/one.trace" --set dram.preset=lpddr4-3200 --out "$T/dr4" --quiet
check "command_bus_busy_cycles = ACT x tCMD_ACT + RD x tCMD_CAS (LPDDR4 4 + 4, LPDDR5X 1 + 1)" python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["dram"]["totals"]; b=json.load(open(sys.argv[2]))["dram"]["totals"]; sys.exit(0 if a["command_bus_busy_cycles"]==8 and b["command_bus_busy_cycles"]==2 else 1)' "$T/dr4/report.json" "$T/dr/report.json"
# A Ramulator 2 load/store trace replays unchanged; a sequential stream reaches >= 90 % of peak.
python3 -c 'import sys; f=open(sys.argv[1],"w"); [f.write("LD 0x%x\n" % (i*64)) for i in range(20000)]' "$T/ld.trace"
"$NPUSIM" dram --trace "$T/ld.trace" --out "$T/dl" --quiet
check "sequential LD stream >= 90% of peak" python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["dram"]; sys.exit(0 if d["totals"]["achieved_bandwidth_gbps"] >= 0.9*d["peak_bandwidth_gbps"] else 1)' "$T/dl/report.json"
"$NPUSIM" dram --trace "$T/ld.trace" --out "$T/dl2" --quiet
check "dram replay is deterministic" cmp -s "$T/dl/report.json" "$T/dl2/report.json"

# The benchmark's synthetic traces (scripts/mem_trace.sh): random addresses cover the whole 16 GiB, 64-byte
# aligned, about 30 % writes, and the replay sees almost no row hits. (mawk's %x once saturated addresses
# above 4 GiB to 0xffffffff, so 3/4 of the "random" trace was one address.)
"$SRC/scripts/mem_trace.sh" rand 20000 >"$T/rand.trace"
check "mem_trace.sh rand: addresses spread over 16 GiB, 64-byte aligned, ~30 % writes" python3 -c '
import sys
lines = open(sys.argv[1]).read().split("\n")[:-1]
ops = [l.split()[0] for l in lines]
addrs = [int(l.split()[1], 16) for l in lines]
ok = len(lines) == 20000 and all(a % 64 == 0 and a < 16 << 30 for a in addrs)
ok = ok and len(set(addrs)) > 19900 and sum(a >= 8 << 30 for a in addrs) > 9000
ok = ok and 5400 < ops.count("W") < 6600 and ops.count("W") + ops.count("R") == 20000
sys.exit(0 if ok else 1)' "$T/rand.trace"
"$NPUSIM" dram --trace "$T/rand.trace" --out "$T/dx" --quiet
check "random trace: under 5 % row hits" python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["dram"]["totals"]; sys.exit(0 if t["row_hits"] < 0.05 * t["requests"] else 1)' "$T/dx/report.json"

# npusim pipeline: the whole inpainting call at 64 px (DRAM path): stages add up to the total.
"$NPUSIM" pipeline --set pipeline.resolution=64 --set pipeline.steps=4 --threads 2 --out "$T/pl" --quiet
check "pipeline writes its reports" test -s "$T/pl/report.json" -a -s "$T/pl/summary.txt" -a -s "$T/pl/config.resolved.yaml"
check "pipeline stages add up and the UNet runs 4 times" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
st = {s["name"]: s for s in j["stages"]}
ok = [s["name"] for s in j["stages"]] == ["text_encoder", "vae_encoder", "unet", "vae_decoder"]
ok = ok and sum(s["cycles"] for s in j["stages"]) == j["totals"]["cycles"] and st["unet"]["instances"] == 4
ok = ok and abs(j["usecase"]["generated_fps"] * j["totals"]["time_s"] - 1) < 1e-12
sys.exit(0 if ok else 1)' "$T/pl/report.json"

# Determinism across thread counts: the 4 LPDDR5X channels of a DMA batch on 1 or on 2 threads give
# byte-identical reports, for the pipeline and for a run's timeline.
"$NPUSIM" pipeline --set pipeline.resolution=64 --set pipeline.steps=4 --threads 1 --out "$T/pl1" --quiet
check "pipeline on 1 thread exits 0" test $? -eq 0
for f in report.json summary.txt; do
  check "pipeline $f equal with 1 and 2 threads" bash -c "test -s '$T/pl1/$f' && cmp -s '$T/pl1/$f' '$T/pl/$f'"
done
for n in 1 2; do
  "$NPUSIM" run --workload "$TRACE" --threads $n --timeline "$T/tl$n/timeline.json" --out "$T/tl$n/out" --quiet
  check "run --timeline on $n thread(s) exits 0" test $? -eq 0
done
check "timeline equal with 1 and 2 threads" bash -c "test -s '$T/tl1/timeline.json' && cmp -s '$T/tl1/timeline.json' '$T/tl2/timeline.json'"
check "report.json with --timeline equal with 1 and 2 threads" cmp -s "$T/tl1/out/report.json" "$T/tl2/out/report.json"
check "--timeline changes no report" cmp -s "$T/tl1/out/report.json" "$T/t1/report.json"

# power_cap too low for some layers: each is named in one warning line on stderr; the run still succeeds.
"$NPUSIM" run --workload "$TRACE" --set dfs.policy=power_cap --set dfs.power_cap_w=0.01 --out "$T/cap" --quiet 2>"$T/cap.err"
check "power_cap below every layer's power runs with warnings" test $? -eq 0
check "one warning line per layer over the cap" test "$(grep -c "^warning: npu.seq: layer '.*': no operating point" "$T/cap.err")" -eq 20
check "the report counts them" python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["totals"]["dfs_over_cap_layers"]==20 else 1)' "$T/cap/report.json"

"$NPUSIM" run --workload "$TRACE" --set dfs.policy=power_cap --set dfs.power_cap_w=0.01 --log-level error --out "$T/cap2" --quiet 2>"$T/cap2.err"
check "--log-level error silences the warnings" test ! -s "$T/cap2.err"

# Energy with DFS transitions (docs/report_format.md, totals): four layers at 400, 1000, 600 and 1000 MHz
# (dfs.policy per_layer, trace hints) make 3 transitions of dfs.transition_us = 2 us. totals.energy_j is the
# layers' energy_j plus what is drawn while the clock is stopped, and only that: the NPU's leakage at the
# higher of the two points' voltages (all points are at 0.75 V) and the DRAM's background power, in the static
# and dram_background components; no other component grows. From the report keys: a layer's static and
# dram_background over its time_s, x dfs_transition_time_s. By hand: static power (mobile7nm) 128 x 128 PEs x
# 1.47539 uW + 4096 KiB x 2.26761 uW + 128 lanes x 8.28486 uW + 1 DMA x 9.9208 uW = 34.5313032 mW at 0.8 V,
# x 0.75 / 0.8 = 32.37309675 mW, x 6 us = 194.2385805 nJ; DDR4-3200 (IDD currents given; one channel, one
# rank, open page) active standby 52 mA x 1.2 V x 8 devices = 0.4992 W, x 6 us = 2.9952 uJ. 2 SRAM banks make
# bank conflicts. Every breakdown adds up to its energy_j; the totals' DRAM bytes and bank-conflict cycles are
# the layers' sums.
cat >"$T/dfs.trace" <<'TR'
matmul name=a m=256 n=256 k=256 freq_mhz=400
add    name=b elements=65536 freq_mhz=1000
conv2d name=c h=16 w=16 c_in=32 c_out=32 kernel=3 padding=1 freq_mhz=600
silu   name=d elements=8192 freq_mhz=1000
TR
"$NPUSIM" run --workload "$T/dfs.trace" --set dfs.policy=per_layer --set dram.preset=ddr4-3200 --set sram.banks=2 \
  --out "$T/dfs" --quiet
check "per_layer DFS run exits 0" test $? -eq 0
check "DFS run: transitions' leakage, breakdowns and totals add up" python3 - "$T/dfs/report.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
t, L = j["totals"], j["layers"]
errors = []
def near(what, got, want, rel=1e-12):
    if abs(got - want) > rel * abs(want):
        errors.append(f"{what}: {got!r}, expected {want!r}")
if [l["freq_mhz"] for l in L] != [400, 1000, 600, 1000] or any(l["voltage_v"] != 0.75 for l in L):
    errors.append(f"operating points {[(l['freq_mhz'], l['voltage_v']) for l in L]}")
if t["dfs_transitions"] != 3:
    errors.append(f"dfs_transitions {t['dfs_transitions']}")
near("dfs_transition_time_s", t["dfs_transition_time_s"], 6e-6)
near("time_s = layers + transitions", t["time_s"], sum(l["time_s"] for l in L) + 6e-6)
for l in L:
    near(f"{l['name']}: static power", l["energy_breakdown_j"]["static"] / l["time_s"], 32.37309675e-3, 1e-9)
    near(f"{l['name']}: DRAM background power", l["energy_breakdown_j"]["dram_background"] / l["time_s"], 0.4992, 1e-9)
    near(f"{l['name']}: breakdown sum", sum(l["energy_breakdown_j"].values()), l["energy_j"])
leak = t["energy_j"] - sum(l["energy_j"] for l in L)
b = t["energy_breakdown_j"]
keys = ["mac", "array_movement", "sram", "vector", "dma", "dram_dynamic", "dram_background", "static"]
if list(b) != keys or any(list(l["energy_breakdown_j"]) != keys for l in L):
    errors.append(f"energy_breakdown_j keys {list(b)}")
else:
    standby = 0.0
    for k in keys:
        layers = sum(l["energy_breakdown_j"][k] for l in L)
        if k in ("static", "dram_background"):
            power = L[0]["energy_breakdown_j"][k] / L[0]["time_s"]   # every layer's (checked above)
            near(f"totals {k} - layers' = {k} power x transition time", b[k] - layers,
                 power * t["dfs_transition_time_s"], 1e-9)
            standby += b[k] - layers
        else:
            near(f"totals {k} = layers' sum", b[k], layers)
        if k != "vector" and b[k] <= 0:
            errors.append(f"totals {k} is {b[k]}")
    near("totals static - layers' (by hand)", b["static"] - sum(l["energy_breakdown_j"]["static"] for l in L),
         194.2385805e-9, 1e-9)
    near("totals dram_background - layers' (by hand)",
         b["dram_background"] - sum(l["energy_breakdown_j"]["dram_background"] for l in L), 2.9952e-6, 1e-9)
    near("totals energy_j - layers' = the transitions' static + DRAM background", leak, standby, 1e-9)
near("totals breakdown sum", sum(b.values()), t["energy_j"])
for k in ["dram_read_bytes", "dram_write_bytes", "bank_conflict_cycles"]:
    if t[k] != sum(l[k] for l in L):
        errors.append(f"totals.{k} {t[k]} != layers' {sum(l[k] for l in L)}")
if t["bank_conflict_cycles"] == 0:
    errors.append("no bank conflicts: the check above compares zeros")
for e in errors[:10]:
    print("  " + e)
sys.exit(1 if errors else 0)
PY

# The progress line is drawn only on a terminal (in a pipe stderr stays empty: checked above). On a pty
# (script(1), util-linux) the last layer's line is drawn and erased ("\r\033[K") before the summary;
# --quiet draws nothing there either.
script -qec "'$NPUSIM' run --workload '$TRACE' --out '$T/tty'" /dev/null </dev/null >"$T/tty.out" 2>&1
check "run on a terminal exits 0" test $? -eq 0
check "on a terminal: the progress line is drawn for the last layer, then erased before the summary" python3 -c '
import sys
out = open(sys.argv[1], "rb").read()
drawn = out.rfind(b"[npusim] layer 20/20 ")
erased = out.find(b"\r\x1b[K", drawn)
summary = out.find(b"workload example_small (20 layers)", drawn)
sys.exit(0 if 0 <= drawn < erased < summary else 1)' "$T/tty.out"
script -qec "'$NPUSIM' run --workload '$TRACE' --out '$T/ttyq' --quiet" /dev/null </dev/null >"$T/ttyq.out" 2>&1
check "on a terminal: --quiet prints nothing, no progress line" test $? -eq 0 -a ! -s "$T/ttyq.out"

"$NPUSIM" --help >"$T/help"
check "--help exits 0" test $? -eq 0
check "--help lists run" grep -q "run" "$T/help"
"$NPUSIM" run --help >"$T/runhelp"
check "run --help exits 0" test $? -eq 0
check "run --help lists --set" grep -q -- "--set" "$T/runhelp"
"$NPUSIM" --version >"$T/version"
check "--version exits 0" test $? -eq 0
check "--version names npusim" grep -q "^npusim " "$T/version"

summary
