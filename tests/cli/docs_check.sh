#!/usr/bin/env bash
# docs_check.sh NPUSIM: the reference docs agree with the binary.
#  (a) docs/config.md's generated table equals `npusim config --reference`;
#  (b) every report.json key of a real run and every layers.csv column is documented in
#      docs/report_format.md (as `section.key`, `layers[].key`, `column`);
#  (c) every --flag of `npusim run|config|workload|dram --help` appears in docs/user_guide.md.
. "$(dirname "$0")/lib.sh" "$@"

CONFIG_MD="$SRC/docs/config.md"
REPORT_MD="$SRC/docs/report_format.md"
GUIDE_MD="$SRC/docs/user_guide.md"
for f in "$CONFIG_MD" "$REPORT_MD" "$GUIDE_MD"; do
  if [ ! -f "$f" ]; then fail "missing $f"; fi
done

# (a) The generated reference table.
BEGIN='<!-- BEGIN GENERATED: npusim config --reference -->'
END='<!-- END GENERATED -->'
if [ "$(grep -cxF -- "$BEGIN" "$CONFIG_MD" 2>/dev/null)" != 1 ] || [ "$(grep -cxF -- "$END" "$CONFIG_MD" 2>/dev/null)" != 1 ]; then
  fail "docs/config.md must contain each marker line exactly once: '$BEGIN' and '$END'"
else
  awk -v b="$BEGIN" -v e="$END" '$0 == e {inside = 0} inside {print} $0 == b {inside = 1}' "$CONFIG_MD" >"$T/doc_ref.md"
  if ! "$NPUSIM" config --reference >"$T/bin_ref.md"; then
    fail "npusim config --reference failed"
  elif diff -u --label "docs/config.md (generated section)" --label "npusim config --reference" \
      "$T/doc_ref.md" "$T/bin_ref.md"; then
    pass
  else
    fail "docs/config.md drifted from 'npusim config --reference': paste its output between the markers"
  fi
fi

# (b) Report keys and columns, from a real run.
documented() {  # documented FILE TEXT: TEXT appears in FILE as `TEXT`
  grep -qF -- "\`$2\`" "$1"
}
# Three reports: a run with ideal memory, a run with the memory path, and a DRAM replay.
printf '0 R 0x0 64\n5 W 0x1000 64\n' >"$T/mem.trace"
if ! "$NPUSIM" run --workload "$SRC/workloads/traces/example_small.trace" --out "$T/run" --quiet \
   || ! "$NPUSIM" run --workload "$SRC/workloads/traces/example_small.trace" --set memory.model=dram --out "$T/mrun" --quiet \
   || ! "$NPUSIM" dram --trace "$T/mem.trace" --out "$T/drun" --quiet \
   || ! "$NPUSIM" pipeline --set pipeline.resolution=64 --set pipeline.steps=2 --out "$T/prun" --quiet; then
  fail "npusim run/dram on the documentation examples failed"
else
  # Key paths: nested keys joined with '.', list entries as '[]' (their first element), and for
  # `components` the module names and counter names.
  for report in "$T/run/report.json" "$T/mrun/report.json" "$T/drun/report.json" "$T/prun/report.json"; do
    if ! python3 - "$report" >>"$T/keys" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
def walk(node, path):
    if isinstance(node, dict):
        for k, v in node.items():
            p = f"{path}.{k}" if path else k
            print(p)
            walk(v, p)
    elif isinstance(node, list) and node and isinstance(node[0], dict):
        walk(node[0], path + "[]")
for k, v in r.items():
    if k == "components":
        print(k)
        for module, counters in v.items():
            print(module)
            for c in counters:
                print(c)
    else:
        print(k)
        walk(v, k)
EOF
    then
      fail "cannot list the keys of $report"
    fi
  done
  sort -u "$T/keys" -o "$T/keys"
  while IFS= read -r key; do
    if documented "$REPORT_MD" "$key"; then pass; else fail "report.json key '$key' is not documented in docs/report_format.md as \`$key\`"; fi
  done <"$T/keys"
  for csv in "$T/run/layers.csv" "$T/mrun/layers.csv"; do
    IFS=, read -r -a cols <"$csv"
    for c in "${cols[@]}"; do
      if documented "$REPORT_MD" "$c"; then pass; else fail "layers.csv column '$c' is not documented in docs/report_format.md as \`$c\`"; fi
    done
  done
fi

# (c) Every --flag of every command's help.
for cmd in run config workload dram pipeline; do
  if ! "$NPUSIM" "$cmd" --help >"$T/help_$cmd"; then fail "npusim $cmd --help failed"; continue; fi
  for flag in $(grep -oE -- '--[a-z][a-z-]*' "$T/help_$cmd" | sort -u); do
    if grep -qE -- "${flag}([^a-z-]|\$)" "$GUIDE_MD"; then pass
    else fail "'npusim $cmd' flag $flag is not documented in docs/user_guide.md"; fi
  done
done

summary
