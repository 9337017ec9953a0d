#!/usr/bin/env bash
# docs_check.sh NPUSIM: the reference docs agree with the binary.
#  (a) docs/config.md's generated table equals `npusim config --reference`;
#  (b) every report.json key of a real run and every layers.csv column is documented in
#      docs/report_format.md (as `section.key`, `layers[].key`, `column`);
#  (c) every --flag of `npusim run|config|workload --help` appears in docs/user_guide.md.
set -u
NPUSIM="$1"
SRC="${NPUSIM_SOURCE_DIR:?NPUSIM_SOURCE_DIR must name the repository root}"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fails=0
passes=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

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
if ! "$NPUSIM" run --workload "$SRC/workloads/traces/example_small.trace" --out "$T/run" --quiet; then
  fail "npusim run on workloads/traces/example_small.trace failed"
else
  # Key paths: top-level keys, workload.*, config.*, totals.*, layers[].* (of layers[0]),
  # components' module names and counter names.
  if ! python3 - "$T/run/report.json" >"$T/keys" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
for k in r:
    print(k)
for section in ("workload", "config", "totals"):
    for k in r[section]:
        print(f"{section}.{k}")
for k in r["layers"][0]:
    print(f"layers[].{k}")
for module, counters in r["components"].items():
    print(module)
    for c in counters:
        print(c)
EOF
  then
    fail "cannot list the keys of report.json"
  fi
  while IFS= read -r key; do
    if documented "$REPORT_MD" "$key"; then pass; else fail "report.json key '$key' is not documented in docs/report_format.md as \`$key\`"; fi
  done <"$T/keys"
  IFS=, read -r -a cols <"$T/run/layers.csv"
  for c in "${cols[@]}"; do
    if documented "$REPORT_MD" "$c"; then pass; else fail "layers.csv column '$c' is not documented in docs/report_format.md as \`$c\`"; fi
  done
fi

# (c) Every --flag of every command's help.
for cmd in run config workload; do
  if ! "$NPUSIM" "$cmd" --help >"$T/help_$cmd"; then fail "npusim $cmd --help failed"; continue; fi
  for flag in $(grep -oE -- '--[a-z][a-z-]*' "$T/help_$cmd" | sort -u); do
    if grep -qE -- "${flag}([^a-z-]|\$)" "$GUIDE_MD"; then pass
    else fail "'npusim $cmd' flag $flag is not documented in docs/user_guide.md"; fi
  done
done

echo "docs_check: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
