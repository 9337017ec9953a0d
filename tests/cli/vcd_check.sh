#!/usr/bin/env bash
# --vcd: the waveform parses; the documented signals exist; the core clock at each layer's start equals the
# report's freq_mhz; DRAM command pulses per kind equal the report's DRAM counters (whole run and a
# --vcd-layers window); power per layer equals the report's; --vcd-signals selects; tracing changes no
# result; the same run gives a byte-identical file.
. "$(dirname "$0")/lib.sh" "$@"

# Three layers at three operating points (dfs.policy per_layer), on the memory path.
cat >"$T/dfs.trace" <<'TR'
matmul name=a m=256 n=256 k=256 freq_mhz=400
add    name=b elements=65536 freq_mhz=1000
conv2d name=c h=16 w=16 c_in=32 c_out=32 kernel=3 padding=1 freq_mhz=600
silu   name=d elements=8192 freq_mhz=1000
TR
COMMON=(--workload "$T/dfs.trace" --set dfs.policy=per_layer --set memory.model=dram --quiet)

run() {  # run NAME ARGS...: npusim run into $T/NAME, fails the test if it fails
  local name="$1"; shift
  if "$NPUSIM" run "${COMMON[@]}" --out "$T/$name" "$@"; then return 0; fi
  fail "npusim run $*"; return 1
}

run plain
run full --vcd "$T/full.vcd" --check-dram
run again --vcd "$T/again.vcd" --check-dram
run window --vcd "$T/window.vcd" --vcd-layers 1:2
run glob --vcd "$T/glob.vcd" --vcd-layers 'c'
run sel --vcd "$T/sel.vcd" --vcd-signals 'npu.dram.ch0.*,npu.core_clk.freq_mhz'
run ddr4 --vcd "$T/ddr4.vcd" --set dram.preset=ddr4-3200
# ideal memory, one array job per layer, at int4 (2 MACs per PE per cycle) and with a zero-skipped fp16 layer
cat >"$T/util.trace" <<'TR'
matmul name=a m=256 n=256 k=256
conv2d name=c h=16 w=16 c_in=32 c_out=32 kernel=3 padding=1 dtype=fp16 weight_density=0.5
add    name=b elements=65536
TR
if "$NPUSIM" run --workload "$T/util.trace" --set memory.model=ideal --set dtype=int4 --set array.zero_skip=true \
    --out "$T/util" --vcd "$T/util.vcd" --quiet; then pass; else fail "npusim run (util)"; fi

if cmp -s "$T/full.vcd" "$T/again.vcd"; then pass; else fail "two identical runs gave different VCD files"; fi
if cmp -s "$T/plain/report.json" "$T/full/report.json"; then pass
else fail "--vcd changed report.json"; fi
if ls -A "$T" | grep -q '^\.'; then fail "temporary files left: $(ls -A "$T" | grep '^\.')"; else pass; fi

if PYTHONPATH="$SRC/scripts" python3 - "$T" <<'PY'
import json, sys
from vcd_parse import read_vcd, value_at

T = sys.argv[1]
errors = []
CODES = {1: "ACT", 2: "PRE", 3: "PREA", 4: "RD", 5: "WR", 6: "REF", 7: "REFpb"}

def load(name):
    return read_vcd(f"{T}/{name}.vcd"), json.load(open(f"{T}/{name if name != 'sel' else 'sel'}/report.json"))

def series(vcd, name):
    signals, changes, _, _ = vcd
    if name not in signals:
        errors.append(f"signal {name} missing")
        return [(0, 0)]
    return changes[signals[name][0]]

def layer_starts(vcd):
    """(time, layer index) at each change of npu.seq.layer, the initial value included."""
    out = []
    for t, v in series(vcd, "npu.seq.layer"):
        if not out or out[-1][1] != v:
            out.append((t, v))
    return out

def commands(vcd, t0=None, t1=None):
    """DRAM commands by kind over every channel (pulses of npu.dram.ch<c>.cmd), optionally in [t0, t1]."""
    signals, changes, _, _ = vcd
    n = {k: 0 for k in CODES.values()}
    times = []
    for name, (code, _, _) in signals.items():
        if name.startswith("npu.dram.ch") and name.endswith(".cmd"):
            for t, v in changes[code]:
                if isinstance(v, int) and v in CODES:
                    n[CODES[v]] += 1
                    times.append((t, CODES[v]))
    return n, times

def expected(layers):
    # (a layer's PRE count has a PREA once per bank it closed; lpddr5x refreshes per bank: no PREA here)
    keys = {"ACT": "dram_activates", "PRE": "dram_precharges", "RD": "dram_reads", "WR": "dram_writes",
            "REF": "dram_refreshes"}
    return {k: sum(l[v] for l in layers) for k, v in keys.items()}

def merged(n):
    return {"ACT": n["ACT"], "PRE": n["PRE"] + n["PREA"], "RD": n["RD"], "WR": n["WR"], "REF": n["REF"] + n["REFpb"]}

# --- the whole run
vcd, rep = load("full")
signals = vcd[0]
documented = ["npu.traced", "npu.core_clk.freq_mhz", "npu.core_clk.voltage_v", "npu.dfs.op_index", "npu.seq.layer",
              "npu.array.busy", "npu.array.util", "npu.vector.busy", "npu.dma.rd_bytes_in_flight",
              "npu.dma.wr_bytes_in_flight", "npu.sram.bank0.util", "npu.sram.bank31.util", "npu.dram.ch0.cmd",
              "npu.dram.ch3.cmd", "npu.dram.ch0.queue", "npu.dram.ch0.bank0.open_row",
              "npu.dram.ch3.bank31.open_row", "npu.power.core_w"]
for s in documented:
    if s not in signals:
        errors.append(f"full: documented signal {s} missing")
if "npu.power.dram_w" in signals:
    errors.append("full: npu.power.dram_w present although lpddr5x-8533 has no IDD currents")
text = open(f"{T}/full.vcd").read()
if "$timescale\n     1 fs\n$end" not in text or "$enddefinitions" not in text or text.count("$scope") != text.count("$upscope"):
    errors.append("full: header malformed")
if "(omitted: npusim writes identical files" not in text:
    errors.append("full: $date not normalised")

starts = layer_starts(vcd)
layers = rep["layers"]
if [v for _, v in starts] != [l["index"] for l in layers]:
    errors.append(f"full: layer signal steps {[v for _, v in starts]} differ from the report's layers")
freq = series(vcd, "npu.core_clk.freq_mhz")
power = series(vcd, "npu.power.core_w")
for (t, i), l in zip(starts, layers):
    f = value_at(freq, t)
    if abs(f - l["freq_mhz"]) > 1e-9:
        errors.append(f"full: layer {i} starts at {f} MHz in the VCD, {l['freq_mhz']} in the report")
    dram_j = sum(v for k, v in l["energy_breakdown_j"].items() if k.startswith("dram"))
    want = (l["energy_j"] - dram_j) / l["time_s"]
    got = value_at(power, t)
    if abs(got - want) > 1e-9 * max(1.0, abs(want)):
        errors.append(f"full: layer {i} core power {got} W in the VCD, {want} W from the report")
if len({l["freq_mhz"] for l in layers}) < 3:
    errors.append("full: the test trace should run at three operating points")

n, _ = commands(vcd)
tot = rep["dram"]["totals"]
want = {"ACT": tot["activates"], "PRE": tot["precharges"] + tot["precharge_alls"], "RD": tot["reads"],
        "WR": tot["writes"], "REF": tot["refreshes"] + tot["refreshes_per_bank"]}
if merged(n) != want:
    errors.append(f"full: DRAM commands in the VCD {merged(n)} != report totals {want}")
if merged(n) != expected(layers):
    errors.append(f"full: DRAM commands in the VCD {merged(n)} != sum of the layers' {expected(layers)}")

# --- a window of layers 1..2
vcd, rep = load("window")
layers = rep["layers"]
n, times = commands(vcd)
if merged(n) != expected(layers[1:3]):
    errors.append(f"window: DRAM commands {merged(n)} != layers 1-2 of the report {expected(layers[1:3])}")
t_end = vcd[2]
traced = series(vcd, "npu.traced")
on = [t for t, v in traced if v == 1]
off = [t for t, v in traced if v == 0 and t > 0]
if len(on) != 1 or len(off) != 1:
    errors.append(f"window: npu.traced should rise and fall once, got {traced}")
else:
    late = [c for t, c in times if t > off[0]]
    early = [c for t, c in times if t < on[0] and c not in ("REF", "REFpb", "PRE", "PREA")]
    if late or early:
        errors.append(f"window: {len(late)} commands after the window, {len(early)} request commands before it")
    steps = [v for t, v in series(vcd, "npu.seq.layer") if on[0] <= t <= off[0]]
    if sorted(set(steps)) != [1, 2]:
        errors.append(f"window: layer signal inside the window shows {sorted(set(steps))}")
    outside = [t for t, v in series(vcd, "npu.core_clk.freq_mhz") if t > 0 and not on[0] <= t <= off[0]]
    if outside:
        errors.append(f"window: the core clock signal changes outside the window at {outside[:3]}")

vcd, rep = load("glob")
n, _ = commands(vcd)
if merged(n) != expected(rep["layers"][2:3]):
    errors.append(f"glob: DRAM commands {merged(n)} != layer 2 of the report")

# --- --vcd-signals
vcd, _ = load("sel")
names = set(vcd[0])
want_names = {"npu.core_clk.freq_mhz", "npu.dram.ch0.cmd", "npu.dram.ch0.queue"} | {
    f"npu.dram.ch0.bank{b}.open_row" for b in range(32)}
if names != want_names:
    errors.append(f"sel: selected {sorted(names - want_names)[:5]} extra, {sorted(want_names - names)[:5]} missing")

# --- npu.array.util during each array layer is the report's utilization (one job per layer: ideal memory)
vcd, rep = load("util")
util = series(vcd, "npu.array.util")
for (t, i), l in zip(layer_starts(vcd), rep["layers"]):
    got = value_at(util, t)
    want = l["utilization"] if l["unit"] == "array" else 0.0
    if abs(got - want) > 1e-9 or (l["unit"] == "array" and not 0 < got <= 1):
        errors.append(f"util: layer {i} ({l['dtype']}) npu.array.util {got} in the VCD, {want} in the report")

# --- a DRAM preset with IDD currents: DRAM power per layer
vcd, rep = load("ddr4")
dram_w = series(vcd, "npu.power.dram_w")
for (t, i), l in zip(layer_starts(vcd), rep["layers"]):
    want = sum(v for k, v in l["energy_breakdown_j"].items() if k.startswith("dram")) / l["time_s"]
    got = value_at(dram_w, t)
    if want <= 0 or abs(got - want) > 1e-9 * want:
        errors.append(f"ddr4: layer {i} DRAM power {got} W in the VCD, {want} W from the report")

for e in errors[:15]:
    print("  " + e)
sys.exit(1 if errors else 0)
PY
then pass; else fail "VCD contents"; fi

summary
