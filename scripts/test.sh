#!/usr/bin/env bash
# Installs missing packages, builds, and runs the whole test suite with ctest. Without arguments (the
# whole suite, as .ci/run) it then also builds the DRAM check build in build-check (-DNPU_DRAM_CHECK_TRAINS:
# every fast-path decision of the DRAM engine checked against the full scan at run time) and runs its DRAM
# unit tests and tests/cli/check_sweep.sh (configurations beyond the presets). Arguments go to ctest alone
# (e.g. scripts/test.sh -R golden).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${NPUSIM_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/deps.sh"
"$ROOT/scripts/build.sh"
(cd "$BUILD" && ctest --output-on-failure --timeout 300 -j "$(nproc)" "$@")
[ $# -eq 0 ] || exit 0
CHECK="${NPUSIM_CHECK_BUILD_DIR:-$ROOT/build-check}"
echo "test.sh: DRAM check build ($CHECK)"
cmake -S "$ROOT" -B "$CHECK" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-DNPU_DRAM_CHECK_TRAINS >"$CHECK.log" 2>&1 ||
  { cat "$CHECK.log"; exit 1; }
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
cmake --build "$CHECK" -j "$(nproc)" --target npusim unit_tests -- --no-print-directory >>"$CHECK.log" 2>&1 ||
  { tail -50 "$CHECK.log"; exit 1; }
"$CHECK/unit_tests" --gtest_filter='Dram*' --gtest_brief=1
NPUSIM_SOURCE_DIR="$ROOT" "$ROOT/tests/cli/check_sweep.sh" "$CHECK/npusim"
