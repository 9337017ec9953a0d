#!/usr/bin/env bash
# screenshot.sh VCD OUT.png [SECONDS]: GTKWave with scripts/gtkwave/npusim.gtkw on a virtual display, zoomed to
# fit, captured to OUT.png (how docs/img/waveform.png was made). SECONDS (default 8, a positive number) is how
# long to let GTKWave load and draw before the capture: raise it for a large VCD. Needs the Debian packages
# gtkwave, xvfb, xauth and imagemagick (not needed to build or test npusim).
# Bad arguments: usage on stderr, exit 2; a missing tool: exit 1.
set -euo pipefail
usage() {
  [ $# -eq 0 ] || echo "screenshot.sh: $*" >&2
  echo "usage: scripts/gtkwave/screenshot.sh VCD OUT.png [SECONDS]   (SECONDS: wait before the capture, default 8)" >&2
  exit 2
}
[ $# -ge 2 ] && [ $# -le 3 ] || usage "expected 2 or 3 arguments, got $#"
[ -f "$1" ] && [ -r "$1" ] || usage "$1: no such readable file"
[ -d "$(dirname -- "$2")" ] || usage "$2: no such folder $(dirname -- "$2")"
WAIT="${3:-8}"
[[ "$WAIT" =~ ^[0-9]*\.?[0-9]+$ ]] && [[ "$WAIT" =~ [1-9] ]] || usage "SECONDS must be a positive number, got '$WAIT'"
for tool in gtkwave xvfb-run import; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: needs $tool (apt-get install gtkwave xvfb xauth imagemagick)" >&2; exit 1; }
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VCD="$(realpath -- "$1")"
OUT="$(realpath -m -- "$2")"
TCL="$(mktemp --suffix .tcl)"
trap 'rm -f "$TCL"' EXIT
echo 'gtkwave::/Time/Zoom/Zoom_Best_Fit' >"$TCL"
cd "$ROOT"   # the save file names scripts/gtkwave/dram_cmd.txt relative to the repository root
# The paths go to the inner shell as arguments, not inside its script, so any file name works.
xvfb-run -a -s "-screen 0 1600x1300x24" bash -c \
  'gtkwave -S "$1" "$2" scripts/gtkwave/npusim.gtkw >/dev/null 2>&1 & sleep "$4"; import -window root "$3"; kill %1' \
  screenshot "$TCL" "$VCD" "$OUT" "$WAIT"
