#!/usr/bin/env bash
# Configures (once) and builds npusim in Release mode in build/. Idempotent: a no-op build when nothing changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${NPUSIM_BUILD_DIR:-$ROOT/build}"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1   # test discovery runs the test binaries at build time
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
# Progress lines are dropped; warnings and errors are shown. The build's own status is the exit code.
set +e
cmake --build "$BUILD" -j "$(nproc)" -- --no-print-directory 2>&1 | grep -v -E '^\[ *[0-9]+%\] (Built|Building|Linking)'
status=${PIPESTATUS[0]}
set -e
exit "$status"
