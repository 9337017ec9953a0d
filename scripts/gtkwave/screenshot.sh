#!/usr/bin/env bash
# screenshot.sh VCD OUT.png [SECONDS]: GTKWave with scripts/gtkwave/npusim.gtkw on a virtual display, zoomed to
# fit, captured to OUT.png (how docs/img/waveform.png was made). Needs the Debian packages gtkwave, xvfb,
# xauth and imagemagick (not needed to build or test npusim).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VCD="$(realpath "$1")"
OUT="$(realpath -m "$2")"
WAIT="${3:-8}"
TCL="$(mktemp --suffix .tcl)"
trap 'rm -f "$TCL"' EXIT
echo 'gtkwave::/Time/Zoom/Zoom_Best_Fit' >"$TCL"
cd "$ROOT"   # the save file names scripts/gtkwave/dram_cmd.txt relative to the repository root
xvfb-run -a -s "-screen 0 1600x1300x24" bash -c \
  "gtkwave -S '$TCL' '$VCD' scripts/gtkwave/npusim.gtkw >/dev/null 2>&1 & sleep $WAIT; import -window root '$OUT'; kill %1"
