#!/usr/bin/env bash
# Regenerates the configuration reference table in docs/config.md from `npusim config --reference`
# (tests/cli/docs_check.sh fails when they drift).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NPUSIM="${NPUSIM_BUILD_DIR:-$ROOT/build}/npusim"
DOC="$ROOT/docs/config.md"
TABLE="$(mktemp)"
trap 'rm -f "$TABLE"' EXIT
"$NPUSIM" config --reference >"$TABLE"
python3 - "$DOC" "$TABLE" <<'PY'
import sys
doc, table = sys.argv[1], open(sys.argv[2]).read()
begin, end = "<!-- BEGIN GENERATED: npusim config --reference -->", "<!-- END GENERATED -->"
text = open(doc).read()
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(doc, "w").write(head + begin + "\n" + table + end + tail)
PY
echo "updated docs/config.md"
