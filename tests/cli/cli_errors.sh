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
expect_error "--threads: expected an integer in [0, 256], got '-1'" run --workload "$SRC/workloads/traces/example_small.trace" --threads -1 --out "$T/o1t"
expect_error "--threads: expected an integer in [0, 256], got '999'" run --workload "$SRC/workloads/traces/example_small.trace" --threads 999 --out "$T/o1u"
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
expect_error "npusim dram: --max-outstanding must be in [1, 1048576] (is 0)" dram --trace "$T/bad_mem.trace" --max-outstanding 0
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

# --- Found by fuzzing: each was a crash, an internal error (exit 1), a hang or nonsense accepted. ---
# Trace dimensions whose products overflow (a division by zero, a 4 GB allocation, 0 MACs, 0 bytes): size limits.
TOO_BIG="input tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)"
printf 'upsample name=u elements=4 factor=4294967296\n' >"$T/up.trace"
expect_error "up.trace:1: elements must be a multiple of factor^2" run --workload "$T/up.trace" --out "$T/o32"
printf 'conv2d name=c h=1 w=1 c_in=1 c_out=1 kernel=3 padding=18446744073709551615\n' >"$T/pad.trace"
expect_error "pad.trace:1: padding too large: h + 2 x padding must fit in 64 bits" run --workload "$T/pad.trace" --out "$T/o33"
printf 'matmul name=a m=4 n=4 k=4\nmatmul name=b batch=4294967296 m=4294967296 n=1 k=1 b=activation\n' >"$T/mm.trace"
expect_error "mm.trace:2: $TOO_BIG" run --workload "$T/mm.trace" --out "$T/o34"
printf 'add name=a elements=4 inputs=18446744073709551615\n' >"$T/inputs.trace"
expect_error "inputs.trace:1: $TOO_BIG" run --workload "$T/inputs.trace" --out "$T/o35"
printf 'Layer, M, N, K,\ng, 4294967296, 4294967296, 4294967296,\n' >"$T/huge.csv"
expect_error "huge.csv:2: $TOO_BIG" run --workload "$T/huge.csv" --out "$T/o36"
printf 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc_DP, 8, 8, 3, 3, 2, 9223372036854775808, 1,\n' >"$T/dp.csv"
expect_error "dp.csv:2: weight tensor too large" run --workload "$T/dp.csv" --out "$T/o37"
# Input errors the configuration reveals are found before the simulation, naming the trace line.
printf 'matmul name=a m=4 n=4 k=4\nadd name=b elements=4 freq_mhz=123\n' >"$T/fq.trace"
expect_error "fq.trace:2: field 'freq_mhz': 123 MHz is not in clock.point_freqs_mhz (400, 600, 800, 1000)" \
  run --workload "$T/fq.trace" --set dfs.policy=per_layer --out "$T/o38"
printf 'add name=b elements=4 freq_mhz=123\n' >"$T/fq1.trace"
expect_error "fq1.trace:1: field 'freq_mhz': 123 MHz" run --workload "$T/fq1.trace" --set dfs.policy=per_layer --out "$T/o39"
printf 'conv2d name=c h=64 w=64 c_in=1024 c_out=4 kernel=64\n' >"$T/sram.trace"
expect_error "sram.trace:1: layer 'c': no tile fits half of the SRAM buffers (A 512, B 512, C 512 bytes)" \
  run --workload "$T/sram.trace" --set sram.input_kib=1 --set sram.weight_kib=1 --set sram.output_kib=1 --out "$T/o40"
printf 'matmul name=a m=4 n=4 k=4 dtype=int4\n' >"$T/share.trace"
expect_error "share.trace:1: field 'dtype': int4 has 4 bits, not more than compression.weight_sharing_bits (4)" \
  run --workload "$T/share.trace" --set compression.weight_sharing_bits=4 --out "$T/o41"
# Simulated time beyond SystemC's range (2^64 fs) hung: found up front from the compute, or when a wait would pass it.
RANGE="simulated time would pass the end of SystemC's time range, 18446.744 s (2^64 steps of 1 fs)"
printf 'copy name=a elements=35000000000000\n' >"$T/long.trace"
expect_error "long.trace:1: layer 'a': $RANGE, by this layer: the compute up to here takes 35000.000 s" \
  run --workload "$T/long.trace" --set memory.model=ideal --set vector.lanes=1 --out "$T/o42"
expect_error "layer 'unet/up_blocks.3.attentions.2.transformer_blocks.0.attn1.softmax': $RANGE, by this layer" \
  pipeline --set pipeline.resolution=8192 --set pipeline.steps=6 --every-step --set memory.model=ideal --out "$T/o43"
printf 'copy name=a elements=18446000000000 freq_mhz=1000\nadd name=b elements=4 freq_mhz=400\n' >"$T/dfs_long.trace"
expect_error "dfs_long.trace:2: layer 'b': $RANGE" run --workload "$T/dfs_long.trace" --set memory.model=ideal \
  --set vector.lanes=1 --set dfs.policy=per_layer --set dfs.transition_us=1000000 --out "$T/o44"
# Names: UTF-8 without control characters, '=' or ','; in either trace format.
printf 'matmul name=\xff\xfe m=4 n=4 k=4\n' >"$T/utf.trace"
expect_error "utf.trace:1: layer name '\xff\xfe' is not valid UTF-8" run --workload "$T/utf.trace" --out "$T/o45"
printf 'Layer, M, N, K,\na=b, 4, 4, 4,\n' >"$T/eq.csv"
expect_error "eq.csv:2: layer name 'a=b' contains '=' or ','" run --workload "$T/eq.csv" --out "$T/o46"
printf 'Layer, M, N, K,\na\001b, 4, 4, 4,\n' >"$T/ctrl.csv"
expect_error "ctrl.csv:2: layer name 'a\x01b' contains a control character" run --workload "$T/ctrl.csv" --out "$T/o47"
printf 'name: a\xffb\n' >"$T/utf.yaml"
expect_error "utf.yaml:1: name: 'a\xffb' is not valid UTF-8" run --config "$T/utf.yaml" --workload "$T/ok.trace" --out "$T/o48"
# Messages are one line whatever the input held (newlines, NUL).
printf 'dtype: "fp8\\nx"\n' >"$T/nl.yaml"
expect_error "nl.yaml:1: dtype: 'fp8\nx' is not one of: fp32, fp16, bf16, int8, int4" config --config "$T/nl.yaml"
printf 'array:\n  "ro\\nws": 8\n' >"$T/nlkey.yaml"
expect_error "nlkey.yaml:2: array.ro\nws: unknown key" config --config "$T/nlkey.yaml"
printf 'matmul name=a m=4 n=4 k=4 x\000y=1\n' >"$T/nul.trace"
expect_error "nul.trace:1: unknown field 'x\x00y'" run --workload "$T/nul.trace" --out "$T/o49"
# Directories and empty names as inputs.
mkdir -p "$T/adir" "$T/adir.csv"
expect_error "adir: is a directory, not a config file" run --config "$T/adir" --workload "$T/ok.trace" --out "$T/o50"
expect_error "adir: is a directory, not a trace file" run --workload "$T/adir" --out "$T/o51"
expect_error "adir.csv: is a directory, not a trace file" run --workload "$T/adir.csv" --out "$T/o52"
expect_error "adir: is a directory, not a memory trace" dram --trace "$T/adir" --out "$T/o53"
expect_error "--config: empty file name" run --config '' --workload "$T/ok.trace" --out "$T/o54"
expect_error "--workload: empty file name" run --workload '' --out "$T/o55"
# Config keys: plain names, each once, in one document; the dram and energy sections name their lines.
printf 'dram:\n  [a, b]: 1\n' >"$T/listkey.yaml"
expect_error "listkey.yaml:2: dram: keys must be plain names, not lists or mappings" config --config "$T/listkey.yaml"
printf 'array:\n  {x: 1}: 1\n' >"$T/mapkey.yaml"
expect_error "mapkey.yaml:2: array: keys must be plain names, not lists or mappings" config --config "$T/mapkey.yaml"
printf '[a, b]: 1\n' >"$T/topkey.yaml"
expect_error "topkey.yaml:1: keys must be plain names, not lists or mappings" config --config "$T/topkey.yaml"
printf 'array:\n  rows: 8\n  rows: 16\n' >"$T/dupkey.yaml"
expect_error "dupkey.yaml:3: array.rows: key given twice (first on line 2)" config --config "$T/dupkey.yaml"
expect_error "--set array: array.rows: key given twice" config --set 'array={rows: 8, rows: 16}'
printf 'array:\n  rows: 8\n---\narray:\n  rows: 7\n' >"$T/twodocs.yaml"
expect_error "twodocs.yaml:4: a second YAML document (a config file holds one)" config --config "$T/twodocs.yaml"
expect_error "--set array.rows.: empty path component" config --set array.rows.=5
printf 'name: x\n\ndram:\n  timing:\n    tRCD: abc\n' >"$T/dramline.yaml"
expect_error "dramline.yaml:5: dram.timing.tRCD: expected an integer, got 'abc'" config --config "$T/dramline.yaml"
printf 'name: x\n\ndram:\n  timing:\n    tRCD: 0\n' >"$T/dramzero.yaml"
expect_error "dramzero.yaml:5: dram.timing.tRCD: must be >= 1 (is 0)" config --config "$T/dramzero.yaml"
# Values that did nothing or the opposite of their purpose.
expect_error "config: clock.point_freqs_mhz[1]: 1000 MHz is already point 0" config --set 'clock.point_freqs_mhz=[1000, 1000]' --set 'clock.point_voltages_v=[1, 1]'
expect_error "config: compression.weight_sharing_bits: must be fewer than the 4 bits of dtype int4" config --set compression.weight_sharing_bits=16 --set dtype=int4
expect_error "config: dfs.per_layer[0]: 'a=' has no frequency (expected 'glob=freq_mhz')" config --set 'dfs.per_layer=[a=]'
printf 'matmul name=a m=4 n=4 k=4 b=activation weight_density=0.5\n' >"$T/wd.trace"
expect_error "wd.trace:1: field 'weight_density': only conv2d and matmul with b=weight have weights to prune" run --workload "$T/wd.trace" --out "$T/o56"
expect_error "npusim: --log-level given twice" --log-level info --log-level warning config
# Output paths are checked before the simulation: nothing is written when one cannot be.
expect_error "-o $T: is a directory" workload sd2-inpaint --model text_encoder -o "$T"
check "-o DIR leaves no temporary next to it" test ! -e "$(dirname "$T")/.$(basename "$T").tmp"
expect_error "-o: empty file name" workload sd2-inpaint --model text_encoder -o ''
expect_error "--timeline $T/adir: is a directory" run --workload "$T/ok.trace" --timeline "$T/adir" --out "$T/o57"
expect_error "--timeline: empty file name" run --workload "$T/ok.trace" --timeline '' --out "$T/o58"
expect_error "--vcd $T/adir: is a directory" run --workload "$T/ok.trace" --vcd "$T/adir" --out "$T/o59"
: >"$T/afile"
expect_error "--timeline $T/afile/t.json: $T/afile is not a directory" run --workload "$T/ok.trace" --timeline "$T/afile/t.json" --out "$T/o60"
expect_error "--out $T/afile: not a directory" run --workload "$T/ok.trace" --out "$T/afile"
expect_error "--timeline $T/o61/report.json: is also written by --out $T/o61" run --workload "$T/ok.trace" --timeline "$T/o61/report.json" --out "$T/o61"
mkdir -p "$T/full/layers.csv"
expect_error "--out $T/full: $T/full/layers.csv is a directory" run --workload "$T/ok.trace" --out "$T/full"
check "an --out folder holding a directory named layers.csv gets no new file" test "$(ls -A "$T/full")" = layers.csv
mkdir -p "$T/dfull/report.json"
expect_error "--out $T/dfull: $T/dfull/report.json is a directory" dram --trace "$T/bad_mem.trace" --out "$T/dfull"
check "npusim dram: nothing written next to a directory named report.json" test "$(ls -A "$T/dfull")" = report.json
# A write failure (file size limit) removes what the run wrote, and the folders it created.
(trap '' XFSZ; ulimit -f 4; "$NPUSIM" run --workload "$SRC/workloads/traces/example_small.trace" --set memory.model=ideal \
  --out "$T/o62/sub" --timeline "$T/o62/t.json" --quiet 2>"$T/efbig.err"); rc=$?
check "a failed write exits 2 naming the file" test "$rc" -eq 2 -a "$(cat "$T/efbig.err")" = "error: $T/o62/sub/report.json: cannot write"
# A workload named "...trace" gets results/workload, not results/.. (the current folder).
mkdir -p "$T/cwd" && printf 'matmul name=a m=4 n=4 k=4\n' >"$T/cwd/...trace"
(cd "$T/cwd" && "$NPUSIM" run --workload ...trace --set memory.model=ideal --quiet)
check "default folder of a workload named '..'" test -s "$T/cwd/results/workload/report.json" -a ! -e "$T/cwd/report.json"
# Paths that are not UTF-8 reach report.json as replacement characters (they made the run fail at its end).
cp "$T/ok.trace" "$T/w$(printf '\xff').trace" && printf 'name: a\n' >"$T/c$(printf '\xff').yaml"
"$NPUSIM" run --workload "$T/w$(printf '\xff').trace" --config "$T/c$(printf '\xff').yaml" --set memory.model=ideal \
  --out "$T/utfpath" --quiet
check "paths that are not UTF-8: the run succeeds" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/utfpath/report.json"
# A byte-order mark at the start of a trace is skipped.
printf '\xef\xbb\xbfmatmul name=a m=4 n=4 k=4\n' >"$T/bom.trace"
"$NPUSIM" run --workload "$T/bom.trace" --set memory.model=ideal --out "$T/bom" --quiet
check "a trace starting with a byte-order mark runs" test -s "$T/bom/layers.csv"

for i in $(seq 1 62); do
  if [ -e "$T/o$i" ]; then fail "output folder o$i was created by a failed run"; fi
done

# No arguments: usage on stderr, exit 2.
"$NPUSIM" >/dev/null 2>&1; rc=$?
if [ "$rc" -ne 2 ]; then fail "npusim without arguments exited $rc"; else pass; fi

# strict numbers: a quoted integer is a string, a real is decimal
printf 'array:\n  rows: "64"\n' >"$T/quoted.yaml"
expect_error "quoted.yaml:2: array.rows: expected an integer, got the string '64' (quoted or a block)" config --config "$T/quoted.yaml"
expect_error "--set clock.freq_mhz: expected a number, got '0x3e8'" config --set clock.freq_mhz=0x3e8
# a line of 64 KiB and more (a binary file, /dev/zero) fails at once; the message quoting it is cut
head -c 70000 /dev/zero | tr '\0' a >"$T/long.trace"
expect_error "long.trace:1: line longer than 65536 bytes" run --workload "$T/long.trace" --out "$T/o_long"
expect_error "zero:1: line longer than 65536 bytes" run --workload /dev/zero --out "$T/o_zero"
printf 'silu name=a elements=%s\n' "$(head -c 5000 /dev/zero | tr '\0' 9)" >"$T/bigval.trace"
"$NPUSIM" run --workload "$T/bigval.trace" --out "$T/o_big" >/dev/null 2>"$T/stderr"
if [ "$(wc -c <"$T/stderr")" -lt 1200 ] && grep -qF "(message cut: " "$T/stderr"; then pass; else fail "a message quoting 5000 digits is cut"; cat "$T/stderr" | cut -c1-200; fi
# standard output that cannot be written is an error, not a silent loss
"$NPUSIM" workload sd2-inpaint >/dev/full 2>"$T/stderr"; rc=$?
if [ "$rc" -eq 2 ] && grep -qF "error: standard output: write failed" "$T/stderr"; then pass; else fail "workload > /dev/full: exit $rc"; fi
expect_error "npusim --version: unexpected argument 'foo'" --version foo
printf 'array:\n  rows: 64\0\n' >"$T/nul.yaml"
expect_error "nul.yaml:2: YAML syntax error: a NUL byte" config --config "$T/nul.yaml"
expect_error "zero:1: YAML syntax error: a NUL byte" config --config /dev/zero
printf 'memory:\n  check_dram: "true"\n' >"$T/qbool.yaml"
expect_error "qbool.yaml:2: memory.check_dram: expected true or false, got the string 'true'" config --config "$T/qbool.yaml"
# npusim help <command>: that command's help; help help: the usage
for h in "help run" "help help"; do
  if "$NPUSIM" $h >"$T/stdout" 2>"$T/stderr" && [ ! -s "$T/stderr" ] && grep -qE -- "--set|usage" "$T/stdout"; then pass; else fail "npusim $h"; fi
done
expect_error "npusim: unknown command 'bogus'" help bogus
expect_error "npusim help: unexpected argument 'extra'" help run extra

summary
