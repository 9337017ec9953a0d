#!/usr/bin/env bash
# Configures (once) and builds npusim in Release mode in build/. Idempotent: a no-op build when nothing changed.
# Release builds use link-time optimization (CMakeLists.txt). Profile-guided optimization (GCC) is off by
# default since session 12 (its effect had become mixed: docs/architecture.md, "Build"); with NPUSIM_PGO=on
# the first build also builds an instrumented npusim in build/pgo-generate, runs scripts/pgo_train.sh with
# it (about a minute in all) and keeps the profile in build/pgo-profile; every build then compiles with
# it. The profile changes speed, never results. If GCC crashes on a profile that no longer matches edited
# sources (an internal compiler error, or cc1plus running out of memory), the build profiles again, once.
#   NPUSIM_PGO=off      plain Release build (no profile; the default)
#   NPUSIM_PGO=on       with the profile (made once)
#   NPUSIM_PGO=refresh  profile again (after large changes to the hot paths), then rebuild everything
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${NPUSIM_BUILD_DIR:-$ROOT/build}"
PGO="${NPUSIM_PGO:-off}"
PROFILE="$BUILD/pgo-profile"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1   # test discovery runs the test binaries at build time

# Progress lines are dropped; warnings and errors are shown. The full output is kept in $1/last-build.log.
build() {
  local status
  set +e
  cmake --build "$1" -j "$(nproc)" "${@:2}" -- --no-print-directory 2>&1 | tee "$1/last-build.log" |
    grep -v -E '^\[ *[0-9]+%\] (Built|Building|Linking)'
  status=${PIPESTATUS[0]}
  set -e
  return "$status"
}

# Builds an instrumented npusim, runs the training workloads with it and keeps the profile.
profile() {
  echo "build.sh: profiling a training run for profile-guided optimization (once)"
  local gen="$BUILD/pgo-generate"
  rm -rf "$PROFILE" "$gen"
  mkdir -p "$PROFILE"
  cmake -S "$ROOT" -B "$gen" -DCMAKE_BUILD_TYPE=Release -DNPUSIM_PGO=generate -DNPUSIM_PGO_DIR="$PROFILE" >/dev/null
  build "$gen" --target npusim
  "$ROOT/scripts/pgo_train.sh" "$gen/npusim"
  touch "$PROFILE/complete"
  rm -rf "$gen"
  # objects compiled with another profile (or none) are stale
  if [ -f "$BUILD/CMakeCache.txt" ]; then cmake --build "$BUILD" --target clean >/dev/null; fi
}

case "$PGO" in
  on|refresh) mode=use ;;
  off) mode=off ;;
  *) echo "build.sh: NPUSIM_PGO must be on, off or refresh (is '$PGO')" >&2; exit 2 ;;
esac
if [ "$mode" = use ] && { [ "$PGO" = refresh ] || [ ! -f "$PROFILE/complete" ]; }; then
  profile
fi
if [ ! -f "$BUILD/CMakeCache.txt" ] || ! grep -qx "NPUSIM_PGO:STRING=$mode" "$BUILD/CMakeCache.txt"; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNPUSIM_PGO="$mode" -DNPUSIM_PGO_DIR="$PROFILE" >/dev/null
fi
if ! build "$BUILD"; then
  # (GCC 12 on a stale profile: an internal compiler error, or cc1plus asking for tens of GB)
  if [ "$mode" = use ] && grep -qE "internal compiler error|cc1plus: out of memory" "$BUILD/last-build.log"; then
    echo "build.sh: the compiler failed on the stale profile; profiling the current sources again"
    profile
    build "$BUILD"
  else
    exit 1
  fi
fi
