#!/usr/bin/env bash
# --timeline: valid trace-event JSON; spans on one track do not overlap; every tile span lies inside its
# layer's span; the layer spans' durations equal the report's per-layer times; with the memory path, one
# track per DRAM channel whose spans' command counts add up to the report's DRAM totals (and a dram section
# in the report), without it neither.
. "$(dirname "$0")/lib.sh" "$@"
for mode in ideal dram; do
  if ! "$NPUSIM" run --workload "$SRC/workloads/traces/example_small.trace" --set memory.model=$mode \
       --timeline "$T/tl_$mode.json" --out "$T/r_$mode" --quiet; then
    fail "npusim run --timeline ($mode)"; continue
  fi
  if python3 - "$T/tl_$mode.json" "$T/r_$mode/report.json" "$mode" <<'PY'
import json, sys
tl = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
mode = sys.argv[3]
spans = [e for e in tl["traceEvents"] if e["ph"] == "X"]
eps = 1e-6  # microseconds: float rounding of the ts/dur values
errors = []
by_track = {}
for s in spans:
    by_track.setdefault(s["tid"], []).append(s)
for tid, ss in by_track.items():
    ss.sort(key=lambda s: s["ts"])
    for a, b in zip(ss, ss[1:]):
        if b["ts"] < a["ts"] + a["dur"] - eps:
            errors.append(f"track {tid}: '{a['name']}' and '{b['name']}' overlap")
layers = {s["name"]: s for s in by_track.get(1, [])}
for s in spans:
    if s["tid"] == 1:
        continue
    L = layers.get(s["name"])
    if L is None or s["ts"] < L["ts"] - eps or s["ts"] + s["dur"] > L["ts"] + L["dur"] + eps:
        errors.append(f"track {s['tid']}: span '{s['name']}' is outside its layer")
for l in report["layers"]:
    span = layers.get(l["name"])
    if span is None or abs(span["dur"] - l["time_s"] * 1e6) > eps:
        errors.append(f"layer {l['name']}: span duration differs from time_s")
counters = {e["name"] for e in tl["traceEvents"] if e["ph"] == "C"}
if "core clock (MHz)" not in counters or "power (W)" not in counters:
    errors.append("frequency or power counter missing")
if len(layers) != len(report["layers"]):
    errors.append("not one layer span per layer")
names = {e["tid"]: e["args"]["name"] for e in tl["traceEvents"] if e["ph"] == "M" and e["name"] == "thread_name"}
dram_tids = sorted(t for t, n in names.items() if n.startswith("DRAM ch"))
if mode == "dram" and not report.get("dram"):
    errors.append("memory.model=dram but report.json has no dram section")
if mode == "ideal" and "dram" in report:
    errors.append("memory.model=ideal but report.json has a dram section")
if mode == "dram" and not dram_tids:
    errors.append("memory.model=dram but the timeline has no DRAM channel track")
if mode == "dram" and report.get("dram"):
    channels = len(report["dram"]["channels"])
    if [names[t] for t in dram_tids] != [f"DRAM ch{c}" for c in range(channels)]:
        errors.append(f"DRAM channel tracks {[names[t] for t in dram_tids]} for {channels} channels")
    tot = report["dram"]["totals"]
    want = {"act": tot["activates"], "pre": tot["precharges"] + tot["precharge_alls"], "rd": tot["reads"],
            "wr": tot["writes"], "ref": tot["refreshes"] + tot["refreshes_per_bank"]}
    got = {k: sum(s["args"][k] for s in spans if s["tid"] in dram_tids) for k in want}
    if got != want:
        errors.append(f"DRAM channel spans count {got}, the report {want}")
    for c, tid in enumerate(dram_tids):
        rd = sum(s["args"]["rd"] for s in spans if s["tid"] == tid)
        if rd != report["dram"]["channels"][c]["reads"]:
            errors.append(f"DRAM ch{c}: spans count {rd} reads, the report {report['dram']['channels'][c]['reads']}")
if mode == "ideal" and dram_tids:
    errors.append("DRAM channel tracks without the memory path")
for e in errors[:10]:
    print("  " + e)
sys.exit(1 if errors else 0)
PY
  then pass; else fail "timeline checks ($mode)"; fi
done
summary
