#!/usr/bin/env bash
# Bad input on the command line, in configs and in traces: exit code 2, one line on stderr naming the
# place, and no output folder left behind.
. "$(dirname "$0")/lib.sh" "$@"

# expect_error "<expected stderr substring>" npusim-args...
expect_error() {
  local want="$1"; shift
  "$NPUSIM" "$@" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  local lines; lines=$(wc -l <"$T/stderr")
  if [ "$rc" -ne 2 ] || ! grep -qF -- "$want" "$T/stderr" || [ "$lines" -ne 1 ]; then
    fail "npusim $*"
    echo "  want exit 2 and one line containing: $want"
    echo "  got exit $rc, stderr ($lines lines):"; sed 's/^/    /' "$T/stderr"
  else
    pass
  fi
}

printf 'matmul name=m m=4 n=4 k=4\n' >"$T/ok.trace"
printf 'matmul name=m m=4 n=4 k=4\nconv2d name=c h=8 w=8 c_in=1 c_out=-2\n' >"$T/neg.trace"
printf 'matmul name=m m=4 n=4 k=4 shape=big\n' >"$T/unknown.trace"
printf 'matmul name=m m=4 n=4\n' >"$T/missing.trace"
: >"$T/empty.trace"
printf 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc, 8, 8, 3, 3,\n' >"$T/bad.csv"
: >"$T/empty.csv"
printf 'array:\n  rows: 8\n  banks: 4\n' >"$T/unknown.yaml"
printf 'array:\n  rows: eight\n' >"$T/type.yaml"
printf 'clock:\n  freq_mhz: -5\n' >"$T/range.yaml"

expect_error "t.trace: cannot open trace file" run --workload "$T/../nonexistent/t.trace" --out "$T/o1"
expect_error "memory.threads: expected" run --workload "$SRC/workloads/traces/example_small.trace" --threads -1 --out "$T/o1t"
expect_error "memory.threads: must be in [0, 256], got 999" run --workload "$SRC/workloads/traces/example_small.trace" --threads 999 --out "$T/o1u"
expect_error "neg.trace:2: field 'c_out': expected a non-negative integer, got '-2'" run --workload "$T/neg.trace" --out "$T/o2"
expect_error "unknown.trace:1: unknown field 'shape'" run --workload "$T/unknown.trace" --out "$T/o3"
expect_error "missing.trace:1: missing field 'k'" run --workload "$T/missing.trace" --out "$T/o4"
expect_error "empty.trace: trace has no layers" run --workload "$T/empty.trace" --out "$T/o5"
expect_error "bad.csv:2: expected 8 or 9 fields, got 5" run --workload "$T/bad.csv" --out "$T/o6"
expect_error "empty.csv: empty SCALE-Sim topology file" run --workload "$T/empty.csv" --out "$T/o7"
expect_error "unknown.yaml:3: array.banks: unknown key" run --config "$T/unknown.yaml" --workload "$T/ok.trace" --out "$T/o8"
expect_error "type.yaml:2: array.rows: expected an integer, got 'eight'" run --config "$T/type.yaml" --workload "$T/ok.trace" --out "$T/o9"
expect_error "range.yaml:2: clock.freq_mhz: must be in [1, 100000], got -5" run --config "$T/range.yaml" --workload "$T/ok.trace" --out "$T/o10"
expect_error "nonexistent.yaml: cannot open config file" run --config "$T/nonexistent.yaml" --workload "$T/ok.trace" --out "$T/o11"
expect_error "--set array.cols: must be in [1, 65536], got 0" run --workload "$T/ok.trace" --set array.cols=0 --out "$T/o12"
expect_error "--set array.colour: unknown key" run --workload "$T/ok.trace" --set array.colour=red --out "$T/o13"
expect_error "npusim run: --workload FILE is required" run --out "$T/o14"
expect_error "npusim run: unrecognised option '--frobnicate'" run --workload "$T/ok.trace" --frobnicate --out "$T/o15"
expect_error "npusim: unknown command 'sprint'" sprint
expect_error "--set dtype: 'fp8' is not one of: fp32, fp16, bf16, int8, int4" config --set dtype=fp8

expect_error "npusim workload: --model 'unet3' is not one of" workload sd2-inpaint --model unet3
expect_error "resolution" workload sd2-inpaint --resolution 500 -o "$T/o16"
expect_error "npusim workload: expected the generator name sd2-inpaint" workload sd3
expect_error "npusim workload: --batch must be in [1, 256], got -1" workload sd2-inpaint --batch -1
expect_error "npusim run: too many positional options" run --workload "$T/ok.trace" stray --out "$T/o17"

printf 'R 0x10\nQ 0x20\n' >"$T/bad_mem.trace"
expect_error "bad_mem.trace:2: expected R or W, got 'Q'" dram --trace "$T/bad_mem.trace" --out "$T/o18"
expect_error "npusim dram: --trace FILE is required" dram --out "$T/o19"
expect_error "npusim dram: --max-outstanding must be >= 1" dram --trace "$T/bad_mem.trace" --max-outstanding 0
expect_error "--set dram.preset: unknown preset 'ddr9' (ddr4-3200, hbm2, lpddr4-3200, lpddr5-6400, lpddr5x-8533)" dram --trace "$T/bad_mem.trace" --set dram.preset=ddr9
expect_error "dram.timing.tRCD" run --workload "$T/ok.trace" --set memory.model=dram --set dram.timing.tRCD=0 --out "$T/o20"

expect_error "pipeline.resolution: must be a multiple of 64, got 100" pipeline --set pipeline.resolution=100 --out "$T/o21"
expect_error "--set pipeline.steps: must be in [1, 1000], got 0" pipeline --set pipeline.steps=0 --out "$T/o22"

expect_error "dfs.power_cap_w: must be > 0 with dfs.policy power_cap" run --workload "$T/ok.trace" --set dfs.policy=power_cap --out "$T/o23"

expect_error "npusim: --log-level 'verbose' is not one of: info, warning, error" --log-level verbose run --workload "$T/ok.trace"

expect_error "--vcd-layers '5:2': the first layer comes after the last" run --workload "$T/ok.trace" --vcd "$T/o24/w.vcd" --vcd-layers 5:2 --out "$T/o24"
expect_error "--vcd-layers '0:7': the workload's layers are 0 to 0" run --workload "$T/ok.trace" --vcd "$T/o25/w.vcd" --vcd-layers 0:7 --out "$T/o25"
expect_error "--vcd-layers 'up*': matches no layer name" run --workload "$T/ok.trace" --vcd "$T/o26/w.vcd" --vcd-layers 'up*' --out "$T/o26"
expect_error "--vcd-layers '1:x': expected A:B with layer indices A <= B" run --workload "$T/ok.trace" --vcd "$T/o27/w.vcd" --vcd-layers 1:x --out "$T/o27"
expect_error "--vcd-signals: 'npu.gpu.*' matches no signal" run --workload "$T/ok.trace" --vcd "$T/o28/w.vcd" --vcd-signals 'npu.array.*,npu.gpu.*' --out "$T/o28"
expect_error "--vcd-signals: empty pattern" run --workload "$T/ok.trace" --vcd "$T/o29/w.vcd" --vcd-signals 'npu.array.*,' --out "$T/o29"
expect_error "--vcd-layers needs --vcd FILE" run --workload "$T/ok.trace" --vcd-layers 0:0 --out "$T/o30"
expect_error "--vcd-signals: 'npu.x' matches no signal" pipeline --set pipeline.resolution=64 --set pipeline.steps=1 --vcd "$T/o31/w.vcd" --vcd-signals npu.x --out "$T/o31"

for i in $(seq 1 31); do
  if [ -e "$T/o$i" ]; then fail "output folder o$i was created by a failed run"; fi
done

# No arguments: usage on stderr, exit 2.
"$NPUSIM" >/dev/null 2>&1; rc=$?
if [ "$rc" -ne 2 ]; then fail "npusim without arguments exited $rc"; else pass; fi

summary
