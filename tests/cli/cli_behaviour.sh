#!/usr/bin/env bash
# npusim run end to end: outputs are complete and consistent, runs are deterministic byte for byte,
# the resolved config reproduces the run, overrides work, and a SCALE-Sim topology runs unchanged.
. "$(dirname "$0")/lib.sh" "$@"
TRACE="$SRC/workloads/traces/example_small.trace"

"$NPUSIM" run --workload "$TRACE" --out "$T/a" >"$T/a.stdout" 2>"$T/a.stderr"
check "run exits 0" test $? -eq 0
for f in report.json layers.csv summary.txt config.resolved.yaml; do
  check "$f written" test -s "$T/a/$f"
done
check "no temporary files left" test -z "$(find "$T/a" -name '.*.tmp')"
check "summary printed on stdout equals summary.txt" grep -qF "$(head -1 "$T/a/summary.txt")" "$T/a.stdout"
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
check "--threads reaches the resolved config" grep -q "threads: 3" "$T/t3/config.resolved.yaml"

"$NPUSIM" run --config "$T/a/config.resolved.yaml" --workload "$TRACE" --out "$T/c" --quiet
check "config.resolved.yaml reproduces layers.csv" cmp -s "$T/a/layers.csv" "$T/c/layers.csv"
check "config.resolved.yaml reproduces itself" cmp -s "$T/a/config.resolved.yaml" "$T/c/config.resolved.yaml"

"$NPUSIM" run --workload "$TRACE" --set array.rows=64 --set array.dataflow=ws --out "$T/d" --quiet
check "--set reaches the resolved config" grep -q "rows: 64" "$T/d/config.resolved.yaml"
check "--set changes the result" bash -c "! cmp -s '$T/a/layers.csv' '$T/d/layers.csv'"

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
"$NPUSIM" pipeline --set pipeline.resolution=64 --set pipeline.steps=4 --out "$T/pl" --quiet
check "pipeline writes its reports" test -s "$T/pl/report.json" -a -s "$T/pl/summary.txt" -a -s "$T/pl/config.resolved.yaml"
check "pipeline stages add up and the UNet runs 4 times" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
st = {s["name"]: s for s in j["stages"]}
ok = [s["name"] for s in j["stages"]] == ["text_encoder", "vae_encoder", "unet", "vae_decoder"]
ok = ok and sum(s["cycles"] for s in j["stages"]) == j["totals"]["cycles"] and st["unet"]["instances"] == 4
ok = ok and abs(j["usecase"]["generated_fps"] * j["totals"]["time_s"] - 1) < 1e-12
sys.exit(0 if ok else 1)' "$T/pl/report.json"

# power_cap too low for some layers: each is named in one warning line on stderr; the run still succeeds.
"$NPUSIM" run --workload "$TRACE" --set dfs.policy=power_cap --set dfs.power_cap_w=0.01 --out "$T/cap" --quiet 2>"$T/cap.err"
check "power_cap below every layer's power runs with warnings" test $? -eq 0
check "one warning line per layer over the cap" test "$(grep -c "^warning: npu.seq: layer '.*': no operating point" "$T/cap.err")" -eq 20
check "the report counts them" python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["totals"]["dfs_over_cap_layers"]==20 else 1)' "$T/cap/report.json"

"$NPUSIM" run --workload "$TRACE" --set dfs.policy=power_cap --set dfs.power_cap_w=0.01 --log-level error --out "$T/cap2" --quiet 2>"$T/cap2.err"
check "--log-level error silences the warnings" test ! -s "$T/cap2.err"
check "progress line only on a terminal: none in a pipe" test ! -s "$T/a.stderr"

"$NPUSIM" --help >"$T/help" && check "--help lists run" grep -q "run" "$T/help"
"$NPUSIM" run --help >"$T/runhelp" && check "run --help lists --set" grep -q -- "--set" "$T/runhelp"
"$NPUSIM" --version | grep -q "npusim" && pass || fail "--version"

summary
