#!/usr/bin/env bash
# Installs missing packages, builds, and runs the whole test suite with ctest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${NPUSIM_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/deps.sh"
"$ROOT/scripts/build.sh"
cd "$BUILD"
ctest --output-on-failure --timeout 300 -j "$(nproc)" "$@"
